"""Accessibility, checked by axe-core (npm, injected into the page) in headless Chromium: no serious
or critical violation on /wms, the handheld page, at a phone's 360 x 640, in each state an operator
sees (the task list at the bin step, a wrong scan's red message, the qty step with its Short button,
a confirmation queued offline, a bin count, no open tasks).

Site mode adds the desk (only the real site has one): /login, which is also the handheld's first
screen, and the Warehouse Task list and form in /app. Frappe's own desk breaks some rules in markup
and styles the app does not own; those rules are listed in FRAPPE_DESK_RULES with where Frappe breaks
them. On desk pages every other rule is checked on the whole page, and every rule, those included,
on the app's own elements (OWN_ELEMENTS_JS): our buttons and the status indicators whose colours
warehouse_task_list.js chooses.
"""

# ruff: noqa: F811  (the shared fixtures, imported, are the tests' parameters)

from __future__ import annotations

import pytest

from tests.app.mobile_fixtures import (  # noqa: F401  (pytest fixtures and helpers)
	AXE_MARKS,
	BROWSER_MARKS,
	axe_report,
	axe_violations,
	browser,
	expect_step,
	first_task,
	page,
	scan,
	served,
)
from tests.app.test_desk_pages import (  # noqa: F401  (pytest fixtures and helpers)
	_count_awaiting_approval,
	committed_site_module,
	desk,
	desk_page,
)
from tests.conftest import SITE_MODE

pytestmark = BROWSER_MARKS + AXE_MARKS

PHONE = {"width": 360, "height": 640}


def handheld_states(page):
	"""Walk /wms through the states an operator sees; yield (state, violations) at each."""
	from playwright.sync_api import expect

	message = page.locator("#wms-message")
	expect_step(page, "bin")
	task = first_task(page)
	yield "task list, bin step", axe_violations(page)

	scan(page, "C-05-07" if task["source_bin_code"] != "C-05-07" else "C-05-08")
	expect(message).to_have_attribute("data-kind", "error")
	yield "wrong bin scanned (red message)", axe_violations(page)

	scan(page, task["source_bin_code"])
	expect_step(page, "item")
	scan(page, task["item_code"])
	expect_step(page, "qty")
	expect(message).to_have_attribute("data-kind", "ok")
	yield "qty step (green message, Short button)", axe_violations(page)

	page.keyboard.press("Enter")  # the prefilled qty
	expect_step(page, "tote")
	page.context.set_offline(True)
	scan(page, task["tote"])
	expect(page.locator("#wms-queue")).to_have_text("1 queued")
	yield "confirmation queued offline (warning, queued row, offline badge)", axe_violations(page)
	page.context.set_offline(False)
	expect(page.locator("#wms-queue")).to_be_hidden()
	# sent: the task list reloaded after the replay is in (no my_tasks call left on its way)
	expect(page.locator(f"#wms-tasks li[data-task='{task['name']}']")).to_have_count(0)

	# the server's answer to the task list, as a count and as nothing: how those render
	count = {**task, "name": "WT-A11Y-COUNT", "task_type": "Count", "tote": None, "pick_wave": None}
	answer_tasks(page, [count])
	expect(page.locator("#wms-kind")).to_have_text("Count (blind)")
	yield "a bin count (blind) as the task", axe_violations(page)
	answer_tasks(page, [])
	expect(page.locator("#wms-empty")).to_be_visible()
	yield "no open tasks", axe_violations(page)


# my_tasks answering the given tasks, in the page's own fetch: page.route misses requests once the
# page's service worker (/wms-sw.js, a fetch handler) controls it, and that happens at its own pace
ANSWER_TASKS_JS = """(tasks) => {
	const real = window.wmsRealFetch || (window.wmsRealFetch = window.fetch);
	const body = JSON.stringify({ message: tasks });
	window.fetch = (url, init) =>
		String(url).includes("wms_module.api.picking.my_tasks")
			? Promise.resolve(new Response(body, { headers: { "Content-Type": "application/json" } }))
			: real(url, init);
}"""


def answer_tasks(page, tasks):
	"""Refresh (F4) with my_tasks answering ``tasks``."""
	page.evaluate(ANSWER_TASKS_JS, tasks)
	page.keyboard.press("F4")


def test_the_handheld_page_at_360x640_has_no_serious_or_critical_violation_in_any_state(served, page):
	page.set_viewport_size(PHONE)
	found = dict(handheld_states(page))
	assert len(found) == 6
	failing = [state for state, violations in found.items() if violations]
	assert not failing, "\n".join(axe_report(found[state], state) for state in failing)


# ------------------------------------------------------------------------------- the desk (site mode)

SITE_ONLY = pytest.mark.skipif(
	not SITE_MODE, reason="the desk (/app) exists only on a real site; the stand-in has none"
)

# Rules Frappe 15's own desk and login page break (serious or critical; seen with axe-core 4.14), where,
# and why the app cannot fix them: the markup and styles are Frappe's (/login is Frappe's page; each
# list and form rule also fails on Frappe's own ToDo and User pages), and fixing them means overriding
# Frappe's templates or theme for every app on the site. These rules are checked on the app's own
# elements only; every other rule on the whole page. Paths are under frappe/public/js/frappe/.
FRAPPE_DESK_RULES = {
	"button-name": "icon-only toolbar buttons (Reload List, previous/next document, Print, Assign to) are"
	" named only by a Bootstrap tooltip's data-original-title (ui/page.js add_action_icon,"
	" list/base_list.js, form/toolbar.js, form/templates/form_sidebar.html)",
	"color-contrast": "Frappe's muted text: .text-muted / .text-extra-muted (the list's standard-filter"
	" placeholders, the login page's Show / Forgot Password? / or), read-only field values"
	" (.like-disabled-input) and the form's title link, all from Frappe's theme variables",
	"image-alt": "the login page's logo <img class=app-logo> has no alt (frappe/www/login.html; the image"
	" is ERPNext's app_logo_url)",
	"label": "list row checkboxes and form inputs: Frappe's <label class=control-label> has no for= and"
	" the input no id (form/controls/base_input.js, list/list_view.js)",
	"label-title-only": "the list's Select All checkbox is named by its title only (list/list_view.js)",
	"list": "sidebar <ul class=sidebar-menu> with <div>/<a> children (list/list_sidebar.html,"
	" form/templates/form_sidebar.html)",
	"listitem": "sidebar <li> outside any list (list/list_sidebar.html, form/templates/form_sidebar.html)",
	"select-name": "Select controls (list standard filters, form selects) without a label association"
	" (form/controls/select.js, base_input.js)",
	"tabindex": 'list rows are <div class="list-row-container" tabindex="1"> (list/list_view.js)',
	"link-in-text-block": "the form timeline's user links differ from their text by colour only"
	" (form/footer/base_timeline.js, form_timeline.js)",
}

# Marks the app's own elements on a desk page (data-wms-own) and counts them: what our code puts
# there (buttons with our labels, .wms-* HTML) and the status indicators, coloured by
# warehouse_task_list.js's get_indicator.
OWN_ELEMENTS_JS = """(labels) => {
	const own = [...document.querySelectorAll(".indicator-pill, [class*='wms-']")];
	for (const b of document.querySelectorAll("button")) {
		if (labels.includes(b.textContent.trim())) own.push(b);
	}
	own.forEach((e) => e.setAttribute("data-wms-own", ""));
	return own.filter((e) => e.offsetParent !== null).length;
}"""
OWN_LABELS = ["Counts Awaiting Approval", "Approve Count", "Order Recount"]


def desk_findings(page, label, own_expected=True) -> str:
	"""The page's violations beyond FRAPPE_DESK_RULES, and any violation on the app's own elements,
	as a report ('' when there is none)."""
	frappe_rules_off = {"rules": {rule: {"enabled": False} for rule in FRAPPE_DESK_RULES}}
	found = axe_violations(page, options=frappe_rules_off)
	report = axe_report(found, f"{label}, whole page, rules beyond Frappe's own") if found else ""
	own = page.evaluate(OWN_ELEMENTS_JS, OWN_LABELS)
	assert (own > 0) == own_expected, f"{label}: {own} of the app's own elements visible"
	if own:
		mine = axe_violations(page, context={"include": ["[data-wms-own]"]})
		report += ("\n" + axe_report(mine, f"{label}, the app's own elements")) if mine else ""
	return report


@SITE_ONLY
@pytest.mark.parametrize("viewport", [PHONE, {"width": 1920, "height": 1080}], ids=["phone", "wide"])
def test_the_login_page_has_no_violation_beyond_frappes_own(desk, browser, viewport):
	"""/login is Frappe's page (the handheld's first screen too): none of it is the app's."""
	server, _data = desk
	context = browser.new_context(base_url=server.url, viewport=viewport)
	try:
		page = context.new_page()
		page.goto("/login?redirect-to=/wms")
		page.wait_for_selector("#login_email")
		report = desk_findings(page, "/login", own_expected=False)
		assert not report, report
	finally:
		context.close()


def _a_pick_task(wave):
	import frappe

	return frappe.get_all("Warehouse Task", filters={"pick_wave": wave}, pluck="name", limit=1)[0]


@SITE_ONLY
def test_the_warehouse_task_list_and_forms_add_no_violation_beyond_frappes_own(desk, browser):
	"""As a WMS Supervisor: the task list (our status colours, the Counts Awaiting Approval button),
	a pick task's form and a count awaiting approval's form (Approve Count, Order Recount)."""
	from playwright.sync_api import expect

	from tests.harness import real_site_info, run_in_site

	server, data = desk
	info = real_site_info()
	count = run_in_site(info, _count_awaiting_approval)["count"]
	pick = run_in_site(info, _a_pick_task, data["wave"], commit=False)
	context, page = desk_page(browser, server, data["users"]["WMS Supervisor"])
	reports = []
	try:
		page.goto("/app/warehouse-task")
		expect(page.locator(".list-row .indicator-pill").first).to_be_visible()  # the rows' statuses
		expect(page.get_by_role("button", name="Counts Awaiting Approval")).to_be_visible()
		reports.append(desk_findings(page, "/app/warehouse-task"))
		page.goto(f"/app/warehouse-task/{pick}")
		expect(page.locator(".indicator-pill:visible").first).to_contain_text("Assigned")
		reports.append(desk_findings(page, f"/app/warehouse-task/{pick} (a pick, Assigned)"))
		page.goto(f"/app/warehouse-task/{count}")
		expect(page.locator(".indicator-pill:visible").first).to_contain_text("Awaiting Approval")
		expect(page.get_by_role("button", name="Approve Count")).to_be_visible()
		expect(page.get_by_role("button", name="Order Recount")).to_be_visible()
		reports.append(desk_findings(page, f"/app/warehouse-task/{count} (a count, Awaiting Approval)"))
	finally:
		context.close()
	assert not any(reports), "\n".join(r for r in reports if r)
