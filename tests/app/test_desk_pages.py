"""The desk (/app) of a real site in headless Chromium, as a WMS Manager and a WMS Supervisor:
the WMS workspace, a Storage Bin with what it holds, a released Pick Wave (read-only) and the
Warehouse Task list (bin, qty, operator and wave; no hand-made tasks). Screenshots go to
$WMS_SCREENSHOTS (or the test's tmp folder) for a reader to open.

Site mode only: the stand-in serves the app's REST API and www pages but has no desk."""

from __future__ import annotations

import os
import pathlib
import re

import pytest

from tests.app.mobile_fixtures import CHROMIUM, TIMEOUT_MS, browser  # noqa: F401  (pytest fixture)
from tests.conftest import SITE_MODE

pytestmark = [
	pytest.mark.browser,
	pytest.mark.skipif(
		not SITE_MODE, reason="the desk (/app) exists only on a real site; the stand-in has none"
	),
	pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing (apt-get install chromium)"),
]

PASSWORD = "desk-pass-123"
WIDE = {"width": 1920, "height": 1080}  # the desk shows up to 10 list columns this wide


def _seed():
	import frappe

	from tests.app.http_fixtures import make_users
	from tests.factories import unique
	from wms_module.demo.seed import seed

	data = seed()
	users = {}
	for role in ("WMS Manager", "WMS Supervisor"):
		email = f"{unique(role.split()[1].lower()).lower()}@desk.example"
		make_users(((email, [role, "Stock User"]),), PASSWORD, role.split()[1])
		users[role] = email
	bin_with_stock = frappe.get_all(
		"Bin Stock",
		filters={"warehouse": data["warehouse"], "on_hand_qty": [">", 0], "storage_bin": ["like", "A-%"]},
		fields=["storage_bin", "item_code"],
		limit=1,
	)[0]
	return {**data, "users": users, "bin": bin_with_stock.storage_bin, "bin_item": bin_with_stock.item_code}


@pytest.fixture(scope="module")
def desk(committed_site_module):
	from tests.harness import run_in_site, serve

	data = run_in_site(committed_site_module, _seed)
	with serve(committed_site_module) as server:
		yield server, data


@pytest.fixture(scope="module")
def committed_site_module():
	from tests.harness import real_site_info

	return real_site_info()


@pytest.fixture
def shots(tmp_path):
	folder = pathlib.Path(os.environ.get("WMS_SCREENSHOTS") or tmp_path)
	folder.mkdir(parents=True, exist_ok=True)
	return folder


def desk_page(browser, server, user):  # noqa: F811
	from playwright.sync_api import expect

	context = browser.new_context(base_url=server.url, viewport=WIDE)
	context.set_default_timeout(TIMEOUT_MS * 2)
	expect.set_options(timeout=TIMEOUT_MS * 2)
	page = context.new_page()
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", PASSWORD)
	page.click("button[type=submit]")
	page.wait_for_url(re.compile(r"/app"))
	return context, page


@pytest.mark.parametrize("role", ["WMS Manager", "WMS Supervisor"])
def test_the_wms_desk_shows_a_manager_and_a_supervisor_what_they_need(desk, browser, shots, role):  # noqa: F811
	from playwright.sync_api import expect

	server, data = desk
	context, page = desk_page(browser, server, data["users"][role])
	slug = role.split()[1].lower()
	try:
		# the workspace with its shortcuts
		page.goto("/app/wms")
		expect(page.locator(".shortcut-widget-box").first).to_be_visible()
		expect(page.get_by_text("Pick Wave", exact=True).first).to_be_visible()
		# the number card of today's short picks, with its number (Frappe's get_result, as this user)
		card = page.locator(".number-widget-box", has_text="Short Picks Today")
		expect(card).to_be_visible()
		expect(card.locator(".number")).to_have_text(re.compile(r"\d"))
		page.screenshot(path=shots / f"desk-{slug}-workspace.png", full_page=True)

		# a Storage Bin shows what it holds
		page.goto(f"/app/storage-bin/{data['bin']}")
		contents = page.locator(".wms-bin-contents")
		expect(contents).to_be_visible()
		expect(contents).to_contain_text(data["bin_item"])
		page.screenshot(path=shots / f"desk-{slug}-storage-bin.png", full_page=True)

		# a released wave is read-only: no Save, no Add Row on its orders
		page.goto(f"/app/pick-wave/{data['wave']}")
		expect(page.locator(".indicator-pill").first).to_be_visible()
		expect(page.locator("[data-fieldname='orders']").first).to_be_visible()
		assert page.locator(".primary-action:visible", has_text="Save").count() == 0
		assert page.locator("[data-fieldname='orders'] .grid-add-row:visible").count() == 0
		assert page.locator("[data-fieldname='picking_mode'] select:visible").count() == 0
		page.screenshot(path=shots / f"desk-{slug}-released-wave.png", full_page=True)

		# the task list: bin, qty, operator and wave in the columns, and no "Add Warehouse Task"
		page.goto(f"/app/warehouse-task?pick_wave={data['wave']}")
		header = page.locator(".list-row-head")
		expect(header).to_be_visible()
		for label in ("Source Bin", "Qty", "Assigned To", "Pick Wave"):
			expect(header).to_contain_text(label)
		expect(page.locator(".list-row-container").first).to_be_visible()
		expect(page.locator(".result")).to_contain_text(data["operator"]["user"])
		assert page.locator(".primary-action:visible", has_text=re.compile("Add|New")).count() == 0
		page.screenshot(path=shots / f"desk-{slug}-warehouse-tasks.png", full_page=True)
	finally:
		context.close()


def _count_awaiting_approval() -> dict:
	"""A short pick's count, submitted by an operator outside tolerance: Awaiting Approval."""
	import frappe

	from tests import factories
	from tests.app.outbound_fixtures import outbound_defaults, outbound_floor
	from tests.app.test_count_tasks import denial
	from tests.app.test_my_tasks import make_operator
	from wms_module.api import counts as counts_api

	outbound_defaults(count_variance_tolerance_qty=0, count_variance_tolerance_percent=0)
	site = outbound_floor("A-01")
	item = factories.make_item()
	count = denial(site, item, "A-01", stock=6, ordered=4, found=2)  # books 4
	frappe.set_user(make_operator("desk"))
	try:
		counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=3)
	finally:
		frappe.set_user("Administrator")
	return {"count": count}


def _task_status(name: str) -> str:
	import frappe

	return frappe.db.get_value("Warehouse Task", name, "status")


def test_a_supervisor_approves_a_count_awaiting_approval_from_its_form(desk, browser, shots):  # noqa: F811
	"""The list's "Counts Awaiting Approval" button filters to them; the count's form offers Approve
	Count and Order Recount; Approve posts it (the task is Done)."""
	from playwright.sync_api import expect

	from tests.harness import real_site_info, run_in_site

	server, data = desk
	info = real_site_info()
	count = run_in_site(info, _count_awaiting_approval)["count"]
	context, page = desk_page(browser, server, data["users"]["WMS Supervisor"])
	try:
		page.goto("/app/warehouse-task")
		page.get_by_role("button", name="Counts Awaiting Approval").click()
		expect(page.locator(".result")).to_contain_text(count)
		expect(page.locator(".result")).to_contain_text("Awaiting Approval")
		page.screenshot(path=shots / "desk-counts-awaiting-approval.png", full_page=True)

		page.goto(f"/app/warehouse-task/{count}")
		expect(page.get_by_role("button", name="Order Recount")).to_be_visible()
		page.get_by_role("button", name="Approve Count").click()
		page.locator(".modal:visible").get_by_role("button", name="Yes").click()
		expect(page.locator(".indicator-pill").first).to_contain_text("Done")
		assert run_in_site(info, _task_status, count, commit=False) == "Done"
		page.screenshot(path=shots / "desk-count-approved.png", full_page=True)
	finally:
		context.close()


def _planned_wave_and_operators() -> dict:
	"""A Planned wave, an enabled WMS Operator and a disabled one whose names share a search token."""
	import frappe

	from tests import factories
	from tests.app.outbound_fixtures import (
		WAVE_DEFAULTS,
		new_wave,
		outbound_defaults,
		outbound_floor,
		put_stock,
		so_lines,
	)
	from wms_module.services import waves

	outbound_defaults(**WAVE_DEFAULTS)
	site = outbound_floor("A-01")
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 2))).name
	wave = waves.plan_wave(wave_name=new_wave(site, [so]).name).name
	token = factories.unique("relop").lower()
	users = {}
	for suffix, enabled in (("on", 1), ("off", 0)):
		users[suffix] = (
			frappe.get_doc(
				{
					"doctype": "User",
					"email": f"{token}-{suffix}@desk.example",
					"first_name": f"Rita {suffix}",
					"enabled": enabled,
					"user_type": "System User",
					"roles": [{"role": "WMS Operator"}],
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	return {"wave": wave, "token": token, "operator": users["on"], "disabled": users["off"]}


def _tour_operators(wave: str) -> tuple[str, set[str]]:
	import frappe

	doc = frappe.get_doc("Pick Wave", wave)
	return doc.status, {t.operator for t in doc.tours}


def test_a_supervisor_releases_a_wave_to_an_operator_picked_from_the_list(desk, browser, shots):  # noqa: F811
	"""Release opens a dialog whose Operators list offers the enabled WMS Operators (searched on the
	server as one types; a disabled one is not offered); the wave is released to the one picked."""
	from playwright.sync_api import expect

	from tests.harness import real_site_info, run_in_site

	server, data = desk
	info = real_site_info()
	seeded = run_in_site(info, _planned_wave_and_operators)
	context, page = desk_page(browser, server, data["users"]["WMS Supervisor"])
	try:
		page.goto(f"/app/pick-wave/{seeded['wave']}")
		expect(page.locator(".indicator-pill").first).to_contain_text("Planned")
		page.locator(".page-actions").get_by_role("button", name="Release").click()
		dialog = page.locator(".modal:visible")
		expect(dialog.locator(".modal-title")).to_contain_text("Release Wave")
		dialog.locator("[data-fieldname='operators'] [data-toggle='dropdown']").click()
		dialog.locator("[data-fieldname='operators'] .dropdown-menu input").fill(seeded["token"])
		offered = dialog.locator("[data-fieldname='operators'] .selectable-item")
		expect(offered).to_have_count(1)
		expect(offered).to_contain_text(seeded["operator"])
		expect(offered).to_contain_text("Rita on")
		page.screenshot(path=shots / "desk-release-wave-operators.png", full_page=True)
		offered.click()
		expect(offered).to_have_class(re.compile("selected"))
		dialog.locator(".modal-title").click()  # a click outside the open list closes it
		expect(dialog.locator("[data-fieldname='operators'] .status-text")).to_contain_text(
			seeded["operator"]
		)
		dialog.locator(".modal-footer").get_by_role("button", name="Release").click()
		expect(page.locator(".indicator-pill").first).to_contain_text("Released")
		status, operators = run_in_site(info, _tour_operators, seeded["wave"], commit=False)
		assert (status, operators) == ("Released", {seeded["operator"]})
		page.screenshot(path=shots / "desk-wave-released.png", full_page=True)
	finally:
		context.close()


def _activated_warehouse() -> dict:
	"""A warehouse that ran on ERPNext alone (8 units, no bins), then laid out and activated."""
	from tests.app.outbound_fixtures import activated_after_erpnext

	site, _item, layout = activated_after_erpnext(("GL-01", "GL-02"), 8)
	return {"layout": layout, "warehouse": site.warehouse}


def _sweeps(warehouse: str) -> int:
	import frappe

	return frappe.db.count(
		"Warehouse Task", {"warehouse": warehouse, "reference_doctype": "Warehouse Layout"}
	)


def test_a_manager_sees_what_is_unlocated_and_plans_the_go_live_count(desk, browser, shots):  # noqa: F811
	"""An activated warehouse's layout says what the adopted stock still waits for, and plans the
	go-live count: one sweep per storage bin."""
	from playwright.sync_api import expect

	from tests.harness import real_site_info, run_in_site

	server, data = desk
	info = real_site_info()
	made = run_in_site(info, _activated_warehouse)
	context, page = desk_page(browser, server, data["users"]["WMS Manager"])
	try:
		page.goto(f"/app/warehouse-layout/{made['layout']}")
		expect(page.locator(".form-message:visible")).to_contain_text(
			"8 units on 1 lines are still in the unlocated bin"
		)
		page.get_by_role("button", name="Plan Go-Live Count").click()
		page.locator(".modal:visible").get_by_role("button", name="Plan").click()
		expect(page.locator(".desk-alert .alert-message")).to_contain_text("2 bins to count")
		assert run_in_site(info, _sweeps, made["warehouse"], commit=False) == 2
		page.screenshot(path=shots / "desk-go-live-count-planned.png", full_page=True)
	finally:
		context.close()


def _receipt_on_the_dock() -> dict:
	"""A submitted 2-line receipt in a managed warehouse whose tasks were not made yet (the suite's
	WMS Settings say On Demand), with bins for them."""
	from tests import factories
	from tests.app.outbound_fixtures import outbound_defaults, outbound_floor

	outbound_defaults()
	site = outbound_floor("A-01", "A-02", "B-05")
	items = [factories.make_item(), factories.make_item()]
	pr = factories.make_purchase_receipt(
		items=[
			{"item_code": i, "qty": q, "warehouse": site.warehouse}
			for i, q in zip(items, (5, 3), strict=True)
		]
	)
	return {"receipt": pr.name, "tasks": len(_putaway_tasks(pr.name)), "warehouse": site.warehouse}


def _putaway_tasks(receipt: str) -> list:
	import frappe

	return frappe.get_all(
		"Warehouse Task",
		filters={"reference_doctype": "Purchase Receipt", "reference_name": receipt, "task_type": "Putaway"},
		fields=["name", "qty", "status", "destination_bin"],
	)


def _put_one_away(receipt: str) -> float:
	"""The first task of the receipt put away to its suggested bin, as an operator's handheld does."""
	import frappe

	from tests.app.test_my_tasks import make_operator
	from wms_module.services.putaway import ConfirmPutaway, confirm_putaway

	task = sorted(_putaway_tasks(receipt), key=lambda t: t.name)[0]
	source, destination, item = frappe.db.get_value(
		"Warehouse Task", task.name, ["source_bin", "destination_bin", "item_code"]
	)
	code = dict(
		frappe.get_all(
			"Storage Bin",
			filters={"name": ["in", [source, destination]]},
			fields=["name", "bin_code"],
			as_list=True,
		)
	)
	frappe.set_user(make_operator("desk-putaway"))
	try:
		confirm_putaway(ConfirmPutaway(task.name, code[source], item, task.qty, code[destination]))
	finally:
		frappe.set_user("Administrator")
	return task.qty


def test_a_supervisor_makes_a_receipts_putaway_from_its_form_and_follows_it(desk, browser, shots):  # noqa: F811
	"""WMS > Putaway on a submitted Purchase Receipt makes its tasks and says how many; the form's
	"Put away" progress follows the putaway; the WMS workspace has its Inbound cards."""
	from playwright.sync_api import expect

	from tests.harness import real_site_info, run_in_site

	server, data = desk
	info = real_site_info()
	seeded = run_in_site(info, _receipt_on_the_dock)
	assert seeded["tasks"] == 0, "the suite's WMS Settings make putaway tasks on demand"
	context, page = desk_page(browser, server, data["users"]["WMS Supervisor"])
	try:
		page.goto(f"/app/purchase-receipt/{seeded['receipt']}")
		expect(page.locator(".indicator-pill").first).to_be_visible()
		page.locator(".inner-group-button", has_text="WMS").click()
		page.locator(".dropdown-menu:visible .dropdown-item", has_text="Putaway").first.click()
		expect(page.locator(".alert-message, .desk-alert").first).to_contain_text("2 putaway tasks created")
		tasks = run_in_site(info, _putaway_tasks, seeded["receipt"], commit=False)
		assert len(tasks) == 2 and all(t.destination_bin for t in tasks)
		progress = page.locator(".progress-area, .form-dashboard-section", has_text="Put away")
		expect(progress.first).to_contain_text("0 of 8 units put away")
		put = run_in_site(info, _put_one_away, seeded["receipt"])
		page.reload()
		expect(progress.first).to_contain_text(f"{put:g} of 8 units put away")
		page.screenshot(path=shots / "desk-purchase-receipt-putaway.png", full_page=True)

		page.goto("/app/wms")
		expect(page.locator(".number-widget-box", has_text="Receipts Waiting for Putaway")).to_be_visible()
		page.screenshot(path=shots / "desk-workspace-inbound.png", full_page=True)
	finally:
		context.close()


def _qc_checks() -> dict:
	"""A lot waiting for its inspection and a rejected one awaiting its disposition, in a warehouse
	of their own (made as services.qc makes them)."""
	from frappe.utils import now_datetime

	from tests import factories

	wh = factories.make_warehouse()
	supplier = factories.make_supplier(factories.unique("QCS-DESK"))
	item = factories.make_item()
	common = {"item_code": item, "supplier": supplier, "warehouse": wh}
	factories.make_qc_check(**common, lot_size=12, status="Open")
	factories.make_qc_check(
		**common,
		lot_size=8,
		status="Awaiting Disposition",
		decision="Rejected",
		decided_on=now_datetime(),
		rejected_qty=8,
	)
	return {"warehouse": wh}


def test_the_qc_check_list_shows_each_checks_state_and_filters_on_it(desk, browser, shots):  # noqa: F811
	"""qc_check_list.js colours the state (Open orange, Awaiting Disposition red); a click on one
	lists the checks in that state."""
	from playwright.sync_api import expect

	from tests.harness import real_site_info, run_in_site

	server, data = desk
	made = run_in_site(real_site_info(), _qc_checks)
	context, page = desk_page(browser, server, data["users"]["WMS Supervisor"])
	try:
		page.goto(f"/app/qc-check?warehouse={made['warehouse']}")
		expect(page.locator(".list-row-container")).to_have_count(2)
		# a row shows its state twice (the title's indicator and the Status column): the first will do
		waiting = page.locator(".list-row-container .indicator-pill", has_text="Awaiting Disposition").first
		expect(waiting).to_have_class(re.compile(r"\bred\b"))
		opened = page.locator(
			".list-row-container .indicator-pill", has_text=re.compile(r"^\s*Open\s*$")
		).first
		expect(opened).to_have_class(re.compile(r"\borange\b"))
		page.screenshot(path=shots / "desk-qc-check-list.png", full_page=True)
		waiting.click()
		expect(page.locator(".list-row-container")).to_have_count(1)
		expect(page.locator(".list-row-container .indicator-pill").first).to_contain_text(
			"Awaiting Disposition"
		)
	finally:
		context.close()
