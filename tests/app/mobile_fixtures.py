"""Shared by the /wms browser tests (test_mobile_pick_page.py, test_mobile_page_under_failure.py):
Debian's Chromium driven by Playwright against the benchless server serving a site with the
demo seed committed, the operator logged in, and helpers that scan like a keyboard-wedge
scanner and read what happened on the server.

Bring the fixtures into a test module with ``pytestmark = BROWSER_MARKS`` and
``from tests.app.mobile_fixtures import browser, page, served  # noqa: F401``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import re
import shutil
import urllib.parse

import pytest

CHROMIUM = "/usr/bin/chromium"

BROWSER_MARKS = [
	pytest.mark.browser,
	pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing (apt-get install chromium)"),
	pytest.mark.skipif(
		importlib.util.find_spec("playwright") is None,
		reason="the playwright package is missing (pip install -r requirements-dev.txt)",
	),
]

TIMEOUT_MS = 15_000


# ------------------------------------------------------------------------------- fixtures


@pytest.fixture
def served(committed_site):
	"""The demo seed, committed and served. In site mode the demo floor is there once for the whole
	run, so each test also gets its own round of the waved orders, wave and operator."""
	from tests.conftest import SITE_MODE
	from tests.harness import run_in_site, serve
	from wms_module.demo.seed import seed

	data = run_in_site(committed_site, seed)
	if SITE_MODE:
		data = run_in_site(committed_site, own_round, data)
	with serve(committed_site) as server:
		yield committed_site, server, data


def own_round(data: dict) -> dict:
	"""The demo's waved orders again (new PO numbers), released as a new wave to a new operator."""
	from tests.app.http_fixtures import make_users
	from tests.factories import unique
	from wms_module.demo import outbound
	from wms_module.demo.seed import OPERATOR_PASSWORD, OPERATOR_ROLE

	operator = f"{unique('operator').lower()}@wms-demo.example"
	make_users(((operator, [OPERATOR_ROLE]),), OPERATOR_PASSWORD, "Round")
	orders = outbound.sales_orders(
		data["company"],
		data["customer"],
		data["warehouse"],
		data["items"],
		po_prefix=f"{unique('WMS-TEST-PO')}-",
		orders=outbound.ORDERS[: outbound.WAVED],
	)
	wave = outbound.released_wave(data["warehouse"], orders, operator)
	return {**data, "sales_orders": orders, "wave": wave, "operator": {**data["operator"], "user": operator}}


@pytest.fixture
def browser():
	from playwright.sync_api import sync_playwright

	with sync_playwright() as p:
		b = p.chromium.launch(
			executable_path=CHROMIUM, headless=True, args=["--autoplay-policy=no-user-gesture-required"]
		)
		try:
			yield b
		finally:
			b.close()


@pytest.fixture
def page(served, browser):
	from playwright.sync_api import expect

	_info, server, data = served
	context = browser.new_context(base_url=server.url)
	context.set_default_timeout(TIMEOUT_MS)
	expect.set_options(timeout=TIMEOUT_MS)
	pg = context.new_page()
	errors = []
	pg.on("pageerror", lambda e: errors.append(str(e)))
	pg.goto("/wms")
	pg.wait_for_url(re.compile(r"/login\?redirect-to=/wms(#login)?$"))
	log_in(pg, data["operator"])
	yield pg
	context.close()
	assert not errors, f"JavaScript errors on /wms: {errors}"


# ------------------------------------------------------------------------------- helpers


def log_in(page, operator):
	"""Fill /login's form as ``operator`` ({"user", "password"}) and wait to land on /wms."""
	page.fill("#login_email", operator["user"])
	page.fill("#login_password", operator["password"])
	page.click("button[type=submit]")
	# the path, not a glob: "**/wms" already matches the login page's own /login?redirect-to=/wms
	page.wait_for_url(lambda url: urllib.parse.urlparse(url).path == "/wms")
	page.wait_for_selector("body[data-step]")


def on_server(info, fn, *args):
	from tests.harness import run_in_site

	return run_in_site(info, fn, *args, commit=False)


def task_state(name):
	import frappe

	t = frappe.db.get_value(
		"Warehouse Task",
		name,
		["status", "picked_qty", "qty", "source_bin", "destination_bin", "item_code"],
		as_dict=True,
	)
	moves = frappe.get_all(
		"Bin Ledger Entry",
		filters={"warehouse_task": name},
		fields=["storage_bin", "qty"],
		order_by="qty asc",
	)
	on_hand = frappe.db.get_value(
		"Bin Stock", {"storage_bin": t.source_bin, "item_code": t.item_code}, "sum(on_hand_qty)"
	)
	return {
		"status": t.status,
		"picked_qty": t.picked_qty,
		"qty": t.qty,
		"moves": [(m.storage_bin, m.qty) for m in moves],
		"source_on_hand": on_hand,
		"source_bin": t.source_bin,
		"destination_bin": t.destination_bin,
		"ledger_rows": frappe.db.count("Bin Ledger Entry"),
	}


def first_task(page):
	"""The task the page offers first (my_tasks' route order) and its row."""
	return page.evaluate("() => window.wmsMobile.state.task")


def scan(page, code):
	page.keyboard.type(code)
	page.keyboard.press("Enter")


def expect_step(page, step):
	from playwright.sync_api import expect

	expect(page.locator("body")).to_have_attribute("data-step", step)


def pick_up_to_tote(page, task):
	"""Scan bin and item, accept the prefilled qty: the page then asks for the tote."""
	from playwright.sync_api import expect

	expect_step(page, "bin")
	expect(page.locator("#wms-goto")).to_have_text(f"Go to {task['source_bin_code']}")
	scan(page, task["source_bin_code"])
	expect_step(page, "item")
	scan(page, task["item_code"])
	expect_step(page, "qty")
	remaining = task["qty"] - task["picked_qty"]
	expect(page.locator("#wms-scan")).to_have_value(f"{remaining:g}")
	page.keyboard.press("Enter")  # the prefilled remaining qty
	expect_step(page, "tote")
	expect(page.locator("#wms-prompt")).to_have_text(f"Scan tote {task['tote']}")


def request_logs(key):
	import frappe

	return frappe.get_all("WMS Request Log", filters={"name": key}, pluck="name")


# ------------------------------------------------------------------------------- accessibility

# axe-core from npm (package.json / package-lock.json at the project root; ./run.sh test and
# tools/realbench/run_tests.sh install it with tools/ensure_axe.sh). In site mode the app's copy in
# the bench has it too: sync_app.sh copies node_modules/axe-core along, as `bench get-app`'s yarn
# install would put it there.
AXE_JS = pathlib.Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _axe_missing_reason() -> str:
	if shutil.which("npm") is None:
		return (
			"npm is missing, so axe-core is not installed (apt-get install nodejs npm, then npm ci at the"
			" project root; ./run.sh test does both as root)"
		)
	return f"{AXE_JS} missing: run `npm ci --no-audit --no-fund` at the project root (./run.sh test does)"


AXE_MARKS = [pytest.mark.skipif(not AXE_JS.exists(), reason=_axe_missing_reason())]

# axe.run in the page, reduced to what an assertion message needs (no DOM references cross over)
_AXE_RUN = """async ([context, options]) => {
	const results = await axe.run(context || document, options || {});
	return results.violations.map((v) => ({
		id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary || "" })),
	}));
}"""


def axe_violations(page, impacts=("serious", "critical"), context=None, options=None) -> list[dict]:
	"""axe-core's violations of ``impacts`` on the page as it is now: each {id, impact, help, helpUrl,
	nodes: [{target, html, summary}]}. ``context`` and ``options`` go to ``axe.run`` as they are
	(e.g. {"exclude": [...]}, {"rules": {...}}). Put ``axe_report(violations)`` in the assertion."""
	if not page.evaluate("() => typeof window.axe === 'object'"):
		page.add_script_tag(path=str(AXE_JS))
	found = page.evaluate(_AXE_RUN, [context, options])
	return [v for v in found if v["impact"] in impacts]


def axe_report(violations, label: str = "") -> str:
	"""Violations as lines a reader can act on: rule id, impact, help and link, then each node's CSS
	target, its HTML and axe's summary of what is wrong (e.g. the contrast ratio found)."""
	lines = [f"{label}: {len(violations)} violation(s)"] if label else []
	for v in violations:
		lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
		for node in v["nodes"][:8]:
			target = " ".join(t if isinstance(t, str) else json.dumps(t) for t in node["target"])
			lines.append(f"    {target}: {node['html'][:200]}")
			if node["summary"]:
				lines.append("      " + node["summary"].replace("\n", "\n      "))
		if len(v["nodes"]) > 8:
			lines.append(f"    ... and {len(v['nodes']) - 8} more node(s)")
	return "\n".join(lines)
