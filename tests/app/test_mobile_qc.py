"""/wms's QC screen in a real browser at 360x640 (wms_qc.js): the lots waiting, a lot scanned by
its item barcode or receipt -> the ISO 2859-1 sample shown -> nonconforming units entered per
characteristic -> Decide (accepted: to storage; rejected: awaiting disposition, then Rework by a
supervisor while an operator's Scrap is refused); a refused decision changes nothing; a decision
whose answer is lost is queued, replayed and decided once; no serious or critical axe violation.

Fixtures and helpers are shared with the other /wms tests (tests/app/mobile_fixtures.py).
"""

# ruff: noqa: F811  (the shared fixtures, imported, are the tests' parameters)

from __future__ import annotations

import frappe
import pytest
from frappe.utils import flt

from tests.app.mobile_fixtures import (  # noqa: F401  (pytest fixtures and helpers)
	AXE_JS,
	BROWSER_MARKS,
	TIMEOUT_MS,
	axe_report,
	axe_violations,
	browser,
	log_in,
	on_server,
	page,
	scan,
	served,
)
from tests.harness import run_in_site

pytestmark = BROWSER_MARKS

DECIDE = "wms_module.api.qc.decide"

# the server gets the first decision and decides it, but its answer never reaches the handheld; then
# the network is down (a replay does not reach the server) until the test says otherwise
LOSE_DECIDE_ANSWER = """() => {
	const real = window.fetch;
	window.__realFetch = real;
	window.__decideSent = 0;
	window.fetch = async (url, options) => {
		if (String(url).includes("wms_module.api.qc.decide")) {
			if (window.__decideDown) throw new TypeError("Failed to fetch");
			window.__decideSent += 1;
			const response = await real(url, options);
			if (window.__decideAnswers) return response;
			window.__decideDown = true;
			throw new TypeError("Failed to fetch"); // ...and the answer is lost
		}
		return real(url, options);
	};
}"""


# ------------------------------------------------------------------------------- on the server


def qc_lot(data: dict, qty: float = 100, item: str | None = None) -> dict:
	"""A new item under a WMS QC Plan (level II, AQL 2.5, characteristics Dimensions and Label),
	received into the demo store and put away into its quarantine bin (the demo's Quarantine zone):
	an Open QC Check. 100 units: code letter F, sample 20, Ac 1, Re 2."""
	from tests import factories
	from tests.app.test_mobile_inbound import new_item
	from tests.app.test_qc import hold_tasks, put_away, qc_plan
	from wms_module.services.putaway_planning import create_receipt_putaway

	wh = data["warehouse"]
	if not item:
		item = new_item("QC")
		qc_plan(item)
	pr = factories.make_purchase_receipt(
		items=[{"item_code": item, "qty": qty, "warehouse": wh}],
		supplier=data["supplier"],
		company=data["company"],
	)
	create_receipt_putaway(pr.name)  # On Demand: the hold tasks now; on submit: already made
	(hold,) = hold_tasks(pr)
	put_away(hold.name, None, hold.destination_bin)
	quarantine = hold.destination_bin
	(check,) = frappe.get_all("QC Check", filters={"purchase_receipt": pr.name}, pluck="name")
	barcode = frappe.db.get_value("Item Barcode", {"parent": item}, "barcode")
	return {"check": check, "receipt": pr.name, "item": item, "barcode": barcode, "quarantine": quarantine}


def rejected_lots(data: dict, item: str, n: int) -> str:
	"""``n`` more lots of ``item`` received and rejected (every sampled unit nonconforming) on the
	server; returns the last one's ``inspection_next``."""
	from wms_module.services.qc_decision import QCDecision, decide

	for _ in range(n):
		lot = qc_lot(data, item=item)
		c = frappe.get_doc("QC Check", lot["check"])
		last = decide(QCDecision(c.name, c.sample_size, {"Dimensions": c.sample_size}))
	return last.inspection_next


def check_state(check: str) -> dict:
	c = frappe.db.get_value(
		"QC Check",
		check,
		["status", "decision", "nonconforming", "sample_inspected", "accepted_qty", "rejected_qty"],
		as_dict=True,
	)
	tasks = frappe.get_all(
		"Warehouse Task",
		filters={"reference_doctype": "QC Check", "reference_name": check, "task_type": "Putaway"},
		fields=["name", "qty", "source_bin", "status"],
	)
	chars = frappe.get_all(
		"QC Check Characteristic",
		filters={"parent": check, "parenttype": "QC Check"},
		fields=["characteristic", "nonconforming"],
		order_by="idx asc",
	)
	reworks = frappe.get_all(
		"QC Check", filters={"resubmitted_from": check}, fields=["name", "status", "lot_size"]
	)
	return {
		**c,
		"tasks": [(t.qty, t.source_bin, t.status) for t in tasks],
		"characteristics": [(r.characteristic, r.nonconforming) for r in chars],
		"reworks": [(r.status, flt(r.lot_size)) for r in reworks],
	}


def supervisor(data: dict) -> dict:
	from tests.app.http_fixtures import make_users
	from tests.factories import unique
	from wms_module.demo.seed import OPERATOR_PASSWORD

	user = f"{unique('qc-supervisor').lower()}@wms-demo.example"
	make_users(((user, ["WMS Supervisor"]),), OPERATOR_PASSWORD, "QC")
	return {"user": user, "password": OPERATOR_PASSWORD}


def request_log_count(endpoint: str) -> int:
	return frappe.db.count("WMS Request Log", {"endpoint": endpoint})


# ------------------------------------------------------------------------------- in the browser


def open_qc(page, warehouse: str) -> None:
	"""The QC screen in ``warehouse`` (the header's choice: a real site has the other tests'
	warehouses too, and the screen lists the lots waiting in the chosen one)."""
	from playwright.sync_api import expect

	from tests.app.test_mobile_inbound import choose_warehouse

	page.set_viewport_size({"width": 360, "height": 640})
	choose_warehouse(page, warehouse)
	page.click("#wms-modes button[data-mode='qc']")
	expect(page.locator("#wms-modes button[data-mode='qc']")).to_have_attribute("aria-pressed", "true")
	expect(page.locator("#wms-qc")).to_be_visible()
	expect(page.locator("#wms-inbound")).to_be_hidden()
	expect(page.locator("#wms-scan-form")).to_be_hidden()
	expect(page.locator("#wms-qc-scan")).to_be_focused()


def message(page):
	return page.locator("#wms-qc-message")


def verdict(page):
	return page.locator("#wms-qc-verdict")


def count_input(page, characteristic: str):
	return page.locator(f"#wms-qc-entry input[data-characteristic='{characteristic}']")


def more(page, characteristic: str) -> None:
	page.get_by_role("button", name=f"One more nonconforming: {characteristic}").click()


def expect_lot_open(page, lot: dict) -> None:
	"""The lot's card: its item, and big and clear the sample to inspect and Ac / Re."""
	from playwright.sync_api import expect

	expect(page.locator("#wms-qc-card .wms-kind")).to_have_text(f"Lot {lot['check']}")
	expect(page.locator("#wms-qc-card .wms-item")).to_contain_text(lot["item"])
	expect(page.locator("#wms-qc-card .wms-qc-sample")).to_have_text("Inspect 20 units")
	expect(page.locator("#wms-qc-card .wms-qc-rule")).to_have_text(
		"Accept with at most 1 nonconforming, reject at 2"
	)
	expect(page.locator("#wms-qc-card .wms-qc-plan")).to_have_text(
		"Normal inspection · code letter F · AQL 2.5 · level II"
	)
	expect(page.locator("#wms-qc-inspected")).to_have_value("20")
	expect(count_input(page, "Dimensions")).to_have_value("0")
	expect(count_input(page, "Label")).to_have_value("0")
	expect(verdict(page)).to_have_text("0 nonconforming: accept")
	expect(page.locator("#wms-qc-scan")).to_be_focused()


def test_a_lot_scanned_by_its_barcode_is_inspected_and_accepted_to_storage(served, page):
	from playwright.sync_api import expect

	info, _server, data = served
	lot = run_in_site(info, qc_lot, data)
	open_qc(page, data["warehouse"])
	row = page.locator(f"#wms-qc-list button[data-check='{lot['check']}']")
	expect(row).to_contain_text(lot["item"])
	expect(row).to_contain_text("100 units")
	expect(row).to_contain_text("Normal")
	expect(row).to_contain_text(lot["receipt"])

	scan(page, lot["barcode"])  # the item's EAN-13 names its one lot waiting
	expect_lot_open(page, lot)
	more(page, "Dimensions")
	expect(count_input(page, "Dimensions")).to_have_value("1")
	expect(verdict(page)).to_have_text("1 nonconforming: accept")
	more(page, "Label")
	expect(verdict(page)).to_have_text("2 nonconforming: reject")
	page.get_by_role("button", name="One less nonconforming: Label").click()
	expect(verdict(page)).to_have_text("1 nonconforming: accept")

	page.click("#wms-qc-decide")
	expect(message(page)).to_contain_text(
		f"Lot {lot['check']} accepted: 1 nonconforming. 100 units to storage:"
	)
	expect(page.locator("#wms-qc-card .wms-qc-decision")).to_have_text("Accepted")
	state = on_server(info, check_state, lot["check"])
	assert (state["status"], state["decision"], state["nonconforming"], state["sample_inspected"]) == (
		"Closed",
		"Accepted",
		1,
		20,
	)
	assert state["characteristics"] == [("Dimensions", 1), ("Label", 0)]
	assert sum(q for q, _b, _s in state["tasks"]) == 100
	assert {(b, s) for _q, b, s in state["tasks"]} == {(lot["quarantine"], "Open")}
	expect(message(page)).to_contain_text(f"{len(state['tasks'])} putaway task(s)")
	# decided: no longer waiting
	expect(page.locator(f"#wms-qc-list button[data-check='{lot['check']}']")).to_have_count(0)


def test_a_rejected_lot_awaits_disposition_and_a_supervisor_sends_it_to_rework(served, page, browser):
	from playwright.sync_api import expect

	info, server, data = served
	lot = run_in_site(info, qc_lot, data)
	boss = run_in_site(info, supervisor, data)
	open_qc(page, data["warehouse"])
	scan(page, lot["receipt"])
	expect_lot_open(page, lot)
	count_input(page, "Dimensions").fill("1")
	count_input(page, "Label").fill("1")
	expect(verdict(page)).to_have_text("2 nonconforming: reject")
	page.click("#wms-qc-decide")
	expect(message(page)).to_contain_text(f"Lot {lot['check']} rejected: 2 nonconforming.")
	expect(message(page)).to_contain_text("100 units rejected, in quarantine until their disposition.")
	# the rejected units' disposition opens at once
	expect(page.locator("#wms-qc-card .wms-qc-left")).to_have_text("100 rejected units left")
	state = on_server(info, check_state, lot["check"])
	assert (state["status"], state["decision"], state["rejected_qty"], state["tasks"]) == (
		"Awaiting Disposition",
		"Rejected",
		100,
		[],
	)

	# an operator's Scrap: the server refuses it (HTTP 403), said in red; the session goes on
	page.click("#wms-qc-entry button[data-disposition='Scrap']")
	expect(message(page)).to_have_text(
		"Scrap writes stock off in ERPNext: a WMS Supervisor or Manager decides it"
	)
	expect(page.locator("body")).to_have_attribute("data-feedback", "error")
	expect(page.locator("#wms-queue")).to_be_hidden()
	assert on_server(info, check_state, lot["check"])["status"] == "Awaiting Disposition"

	# the supervisor, on another handheld: scans the receipt, sends all 100 to rework
	context = browser.new_context(base_url=server.url)
	context.set_default_timeout(TIMEOUT_MS)
	try:
		other = context.new_page()
		other.goto("/wms")
		log_in(other, boss)
		open_qc(other, data["warehouse"])
		scan(other, lot["receipt"])
		expect(other.locator("#wms-qc-card .wms-qc-left")).to_have_text("100 rejected units left")
		expect(other.locator("#wms-qc-dispose-qty")).to_have_value("100")
		other.fill("#wms-qc-reason", "labels reprinted")
		other.click("#wms-qc-entry button[data-disposition='Rework']")
		expect(other.locator("#wms-qc-message")).to_contain_text(
			"Rework: 100 units to rework, inspected again as lot"
		)
		expect(other.locator("#wms-qc-message")).to_contain_text("0 left to dispose of")
	finally:
		context.close()
	state = on_server(info, check_state, lot["check"])
	assert state["status"] == "Closed" and state["reworks"] == [("Open", 100)]


def test_a_decision_below_the_sample_is_refused_and_changes_nothing(served, page):
	from playwright.sync_api import expect

	info, _server, data = served
	lot = run_in_site(info, qc_lot, data)
	logs_before = on_server(info, request_log_count, DECIDE)
	open_qc(page, data["warehouse"])
	scan(page, lot["receipt"])
	expect_lot_open(page, lot)
	page.fill("#wms-qc-inspected", "5")
	expect(verdict(page)).to_have_text("0 nonconforming, but only 5 of the 20 units to inspect")
	page.click("#wms-qc-decide")
	expect(message(page)).to_have_text(
		f"QC Check {lot['check']}: sample_inspected must be at least the sample size 20 and at most"
		" the lot of 100; got 5"
	)
	expect(page.locator("body")).to_have_attribute("data-feedback", "error")
	state = on_server(info, check_state, lot["check"])
	assert (state["status"], state["decision"] or None, state["tasks"]) == ("Open", None, [])
	assert on_server(info, request_log_count, DECIDE) == logs_before
	# the lot stays open on the handheld: inspected in full, it is decided
	expect(page.locator("#wms-qc-card .wms-qc-sample")).to_have_text("Inspect 20 units")
	page.fill("#wms-qc-inspected", "20")
	page.click("#wms-qc-decide")
	expect(message(page)).to_contain_text(f"Lot {lot['check']} accepted: 0 nonconforming.")
	assert on_server(info, check_state, lot["check"])["status"] == "Closed"


def test_a_decision_whose_answer_is_lost_is_queued_replayed_and_decided_once(served, page):
	from playwright.sync_api import expect

	info, _server, data = served
	lot = run_in_site(info, qc_lot, data)
	logs_before = on_server(info, request_log_count, DECIDE)
	open_qc(page, data["warehouse"])
	scan(page, lot["barcode"])
	expect_lot_open(page, lot)
	more(page, "Label")
	page.evaluate(LOSE_DECIDE_ANSWER)
	page.click("#wms-qc-decide")
	expect(page.locator("#wms-queue")).to_have_text("1 queued")
	expect(message(page)).to_contain_text(f"No connection: decision of lot {lot['check']}")
	decided = on_server(info, check_state, lot["check"])
	assert (decided["status"], decided["decision"], decided["nonconforming"]) == ("Closed", "Accepted", 1)
	# the lot waits on the server no more; on the handheld its decision is queued
	expect(page.locator("#wms-qc-card")).to_be_hidden()

	page.evaluate("() => { window.__decideDown = false; window.__decideAnswers = true; }")
	page.evaluate("() => window.wmsMobile.replay()")
	expect(page.locator("#wms-queue")).to_be_hidden()
	expect(message(page)).to_contain_text(f"Sent: Lot {lot['check']} accepted: 1 nonconforming.")
	assert page.evaluate("() => window.__decideSent") == 2  # the lost one, and one replay
	after = on_server(info, check_state, lot["check"])
	assert after == decided  # decided once: the same putaway tasks, nothing twice
	assert on_server(info, request_log_count, DECIDE) == logs_before + 1


def test_the_second_lot_rejected_says_the_next_is_tightened_and_a_discontinued_lot_says_why(served, page):
	from playwright.sync_api import expect

	info, _server, data = served
	first = run_in_site(info, qc_lot, data)
	run_in_site(info, rejected_lots, data, first["item"], 1)  # one lot of the last five rejected
	second = run_in_site(info, qc_lot, data, 100, first["item"])
	open_qc(page, data["warehouse"])
	scan(page, second["receipt"])
	expect(page.locator("#wms-qc-card .wms-qc-plan")).to_contain_text("Normal inspection")
	count_input(page, "Label").fill("2")
	expect(verdict(page)).to_have_text("2 nonconforming: reject")
	page.click("#wms-qc-decide")
	expect(message(page)).to_contain_text(f"Lot {second['check']} rejected: 2 nonconforming.")
	expect(message(page)).to_contain_text(f"Next lot of {first['item']}: Tightened inspection.")

	# five lots not accepted on tightened inspection: the next lot's inspection is discontinued
	assert run_in_site(info, rejected_lots, data, first["item"], 5) == "Discontinued"
	held = run_in_site(info, qc_lot, data, 100, first["item"])
	page.click("#wms-qc-back")
	row = page.locator(f"#wms-qc-list button[data-check='{held['check']}']")
	expect(row).to_contain_text("Discontinued")
	row.click()
	expect(page.locator("#wms-qc-card .wms-qc-plan")).to_have_text("Inspection discontinued")
	expect(message(page)).to_contain_text(
		f"Lot {held['check']} cannot be decided: inspection of {first['item']} from {data['supplier']}"
		" is discontinued"
	)
	expect(page.locator("#wms-qc-decide")).to_have_count(0)
	assert on_server(info, check_state, held["check"])["status"] == "Discontinued"


@pytest.mark.skipif(not AXE_JS.exists(), reason="axe-core is not installed (npm ci at the project root)")
def test_the_qc_screen_has_no_serious_or_critical_violation(served, page):
	from playwright.sync_api import expect

	info, _server, data = served
	lot = run_in_site(info, qc_lot, data)
	found = []
	open_qc(page, data["warehouse"])
	expect(page.locator(f"#wms-qc-list button[data-check='{lot['check']}']")).to_be_visible()
	found += [("lots waiting", v) for v in axe_violations(page)]
	scan(page, lot["receipt"])
	expect_lot_open(page, lot)
	page.click("#wms-qc-entry summary")
	more(page, "Dimensions")
	more(page, "Dimensions")
	expect(verdict(page)).to_have_text("2 nonconforming: reject")
	found += [("a lot open, its counts, a reject verdict", v) for v in axe_violations(page)]
	page.fill("#wms-qc-inspected", "3")
	page.click("#wms-qc-decide")
	expect(page.locator("body")).to_have_attribute("data-feedback", "error")
	found += [("a refused decision (red)", v) for v in axe_violations(page)]
	page.fill("#wms-qc-inspected", "20")
	page.click("#wms-qc-decide")
	expect(page.locator("#wms-qc-card .wms-qc-left")).to_be_visible()
	found += [("a rejected lot's disposition", v) for v in axe_violations(page)]
	assert not found, "\n".join(axe_report([v], label) for label, v in found)
