"""/wms's inbound screens in a real browser at 360x640 (wms_inbound.js): Receive (item scans, a
pallet SSCC received in one scan, Finish), Putaway (a partial quantity into another bin than the
suggested one, with a reason), Move (bin to bin), Lookup (scan anything), and receiving through a
dropped connection: the scans queue and their replays count once.

Fixtures and helpers are shared with the pick page's tests (tests/app/mobile_fixtures.py).
"""

# ruff: noqa: F811  (the pick page's fixtures, imported, are the tests' parameters)

from __future__ import annotations

import json

import frappe
import pytest
from frappe.utils import flt

from tests.app.mobile_fixtures import (  # noqa: F401  (pytest fixtures and helpers)
	AXE_JS,
	BROWSER_MARKS,
	axe_report,
	axe_violations,
	browser,
	on_server,
	page,
	scan,
	served,
)

pytestmark = BROWSER_MARKS

LOSE_SCAN_ANSWERS = """() => {
	const real = window.fetch;
	window.__realFetch = real;
	window.fetch = async (url, options) => {
		if (String(url).includes("wms_module.api.receiving.scan")) {
			if (!window.__scanNetworkDown) await real(url, options); // the server counts it...
			throw new TypeError("Failed to fetch"); // ...and the answer is lost
		}
		return real(url, options);
	};
}"""


# ------------------------------------------------------------------------------- on the server


def new_item(prefix: str) -> str:
	from tests import factories

	return factories.make_item(
		barcode=factories.unique_gtin13(), barcode_type="EAN", item_name=f"{prefix} part", weight_per_unit=0.1
	)


def draft_receipt(data: dict) -> dict:
	"""A draft Purchase Receipt into the demo store: one loose line, two lines on one pallet."""
	from tests import factories
	from tests.app.test_receiving import new_sscc

	loose, a, b = new_item("Loose"), new_item("Pallet A"), new_item("Pallet B")
	sscc = new_sscc()
	wh = data["warehouse"]
	pr = factories.make_purchase_receipt(
		items=[
			{"item_code": loose, "qty": 2, "warehouse": wh},
			{"item_code": a, "qty": 3, "warehouse": wh, "wms_sscc": sscc},
			{"item_code": b, "qty": 4, "warehouse": wh, "wms_sscc": sscc},
		],
		supplier=data["supplier"],
		company=data["company"],
		submit=False,
	)
	barcode = frappe.db.get_value("Item Barcode", {"parent": loose}, "barcode")
	return {"receipt": pr.name, "loose": loose, "barcode": barcode, "a": a, "b": b, "sscc": sscc}


def receipt_state(receipt: str) -> dict:
	doc = frappe.get_doc("Purchase Receipt", receipt)
	return {
		"docstatus": doc.docstatus,
		"lines": [(d.item_code, flt(d.wms_scanned_qty), flt(d.qty)) for d in doc.items],
	}


def dock_qty(data: dict, item: str) -> float:
	dock = frappe.db.get_value("Warehouse Layout", data["layout"], "receiving_bin")
	return flt(frappe.db.get_value("Bin Stock", {"storage_bin": dock, "item_code": item}, "sum(on_hand_qty)"))


def empty_bins(warehouse: str, n: int) -> list[frappe._dict]:
	"""Active, empty storage bins of the warehouse (no Bin Stock at all), by name."""
	held = set(frappe.get_all("Bin Stock", filters={"warehouse": warehouse}, pluck="storage_bin"))
	rows = frappe.get_all(
		"Storage Bin",
		filters={
			"warehouse": warehouse,
			"status": "Active",
			"is_unlocated": 0,
			"zone_type": ["in", ["Pick", "Reserve"]],
		},
		fields=["name", "bin_code", "barcode"],
		order_by="name asc",
	)
	return [r for r in rows if r.name not in held][:n]


def putaway_task(data: dict) -> dict:
	"""5 units received onto the dock and directed putaway's task for them (made on submit or, when
	WMS Settings says On Demand, here: the call is idempotent); and another empty bin for an
	override."""
	from tests import factories
	from wms_module.services import tasks as task_service
	from wms_module.services.putaway_planning import create_receipt_putaway

	wh = data["warehouse"]
	item = new_item("Putaway")
	pr = factories.make_purchase_receipt(
		items=[{"item_code": item, "qty": 5, "warehouse": wh}],
		supplier=data["supplier"],
		company=data["company"],
	)
	create_receipt_putaway(pr.name)
	(task,) = task_service.tasks_of("Purchase Receipt", pr.name)
	suggested = frappe.db.get_value(
		"Storage Bin", task.suggested_bin, ["name", "bin_code", "barcode"], as_dict=True
	)
	other = next(b for b in empty_bins(wh, 3) if b.name != suggested.name)
	source = frappe.db.get_value("Storage Bin", task.source_bin, "bin_code")
	row = {"name": task.name, "source_bin_code": source, "suggested_bin_code": suggested.bin_code}
	return {"task": row, "item": item, "other": other, "suggested": suggested}


def putaway_state(task: str, other_bin: str, item: str) -> dict:
	t = frappe.db.get_value(
		"Warehouse Task", task, ["status", "destination_bin", "override_reason", "qty"], as_dict=True
	)
	rest = frappe.get_all(
		"Warehouse Task",
		filters={"task_type": "Putaway", "item_code": item, "name": ["!=", task]},
		fields=["status", "qty"],
	)
	in_other = frappe.db.get_value("Bin Stock", {"storage_bin": other_bin, "item_code": item}, "on_hand_qty")
	return {"task": dict(t), "rest": [(r.status, flt(r.qty)) for r in rest], "in_other": flt(in_other)}


def stock_to_move(data: dict) -> dict:
	"""A bin holding free stock of a demo item, and an empty bin to move it to."""
	wh = data["warehouse"]
	rows = frappe.get_all(
		"Bin Stock",
		filters={"warehouse": wh, "on_hand_qty": [">", 5], "batch_no": ["is", "not set"]},
		fields=["storage_bin", "item_code", "on_hand_qty", "allocated_qty"],
		order_by="storage_bin asc",
	)
	dock = frappe.db.get_value("Warehouse Layout", data["layout"], "receiving_bin")
	for r in rows:
		zone_type = frappe.db.get_value("Storage Bin", r.storage_bin, "zone_type")
		if (
			r.storage_bin != dock
			and zone_type in ("Pick", "Reserve")
			and r.on_hand_qty - r.allocated_qty >= 2
		):
			(to,) = empty_bins(wh, 1)
			code = frappe.db.get_value("Storage Bin", r.storage_bin, "bin_code")
			return {
				"from": r.storage_bin,
				"from_code": code,
				"item": r.item_code,
				"to": to.name,
				"to_code": to.bin_code,
			}
	raise AssertionError("the demo floor has no bin with free stock")


def twin_warehouse(bin_code: str) -> str:
	"""Another managed warehouse laid out alike: it has a bin of the same code, as a real site with
	several warehouses has. Returns its name."""
	from tests.app.outbound_fixtures import make_bin, make_outbound_site

	twin = make_outbound_site()
	make_bin(twin, bin_code, "PICK", aisle=0, bay=1)
	return twin.warehouse


def bin_holds(storage_bin: str, item: str) -> float:
	return flt(
		frappe.db.get_value("Bin Stock", {"storage_bin": storage_bin, "item_code": item}, "sum(on_hand_qty)")
	)


def request_log_count(endpoint: str) -> int:
	return frappe.db.count("WMS Request Log", {"endpoint": endpoint})


# ------------------------------------------------------------------------------- in the browser


def choose_warehouse(page, warehouse: str) -> None:
	"""The header's warehouse, when the site has several managed ones (a real site has the other
	tests' warehouses too): bin scans on Move and Lookup mean that warehouse's bins."""
	choice = page.locator("select#wms-warehouse")
	if choice.count():
		choice.select_option(warehouse)


def open_screen(page, mode: str) -> None:
	from playwright.sync_api import expect

	page.set_viewport_size({"width": 360, "height": 640})
	page.click(f"#wms-modes button[data-mode='{mode}']")
	expect(page.locator(f"#wms-modes button[data-mode='{mode}']")).to_have_attribute("aria-pressed", "true")
	expect(page.locator("#wms-inbound")).to_be_visible()
	expect(page.locator("#wms-scan-form")).to_be_hidden()
	expect(page.locator("#wms-in-scan")).to_be_focused()


def message(page):
	return page.locator("#wms-in-message")


def line_row(page, item: str):
	return page.locator(f"#wms-in-list tr[data-item='{item}']")


def test_receiving_counts_item_scans_takes_a_pallet_in_one_scan_and_finishes(served, page):
	from playwright.sync_api import expect

	from tests.harness import run_in_site

	info, _server, data = served
	r = run_in_site(info, draft_receipt, data)
	open_screen(page, "receive")
	page.click(f"#wms-in-list button[data-receipt='{r['receipt']}']")
	expect(message(page)).to_have_text(f"Receipt {r['receipt']} open")
	expect(page.locator("#wms-in-prompt")).to_have_text(f"Scan an item or a pallet (SSCC) of {r['receipt']}")

	scan(page, r["barcode"])  # its EAN-13
	expect(line_row(page, r["loose"]).locator(".wms-line-scanned")).to_have_text("1")
	scan(page, r["loose"])  # its item code
	expect(message(page)).to_have_text(f"+1 {r['loose']}: 2 of 2")
	scan(page, r["loose"])  # one more than the line expects
	expect(message(page)).to_contain_text(
		f"makes 3 on line 1 of Purchase Receipt {r['receipt']}, which expects 2"
	)
	expect(page.locator("body")).to_have_attribute("data-feedback", "error")

	scan(page, f"(00){r['sscc']}")
	expect(message(page)).to_have_text(f"Pallet {r['sscc']}: 2 line(s) received in full")
	expect(line_row(page, r["a"]).locator(".wms-line-scanned")).to_have_text("3")
	expect(line_row(page, r["b"]).locator(".wms-line-scanned")).to_have_text("4")
	expect(page.locator("#wms-in-card .wms-qty")).to_have_text("9 of 9 units")
	assert on_server(info, receipt_state, r["receipt"])["lines"] == [
		(r["loose"], 2, 2),
		(r["a"], 3, 3),
		(r["b"], 4, 4),
	]

	page.click("#wms-in-finish")
	expect(message(page)).to_have_text(f"Received {r['receipt']}: 3 line(s)")
	expect(page.locator(f"#wms-in-list button[data-receipt='{r['receipt']}']")).to_have_count(0)
	assert on_server(info, receipt_state, r["receipt"])["docstatus"] == 1
	assert on_server(info, dock_qty, data, r["b"]) == 4  # ERPNext posted it; the app put it on the dock


def test_receiving_refuses_a_pallet_the_receipt_does_not_list(served, page):
	from playwright.sync_api import expect

	from tests.app.test_receiving import new_sscc
	from tests.harness import run_in_site

	info, _server, data = served
	r = run_in_site(info, draft_receipt, data)
	open_screen(page, "receive")
	page.click(f"#wms-in-list button[data-receipt='{r['receipt']}']")
	stranger = new_sscc()
	scan(page, stranger)
	expect(message(page)).to_have_text(
		f"Scanned pallet SSCC {stranger}, but Purchase Receipt {r['receipt']} lists the pallets {r['sscc']}"
	)
	expect(page.locator("body")).to_have_attribute("data-feedback", "error")
	assert [q for _i, q, _e in on_server(info, receipt_state, r["receipt"])["lines"]] == [0, 0, 0]


def test_putaway_of_part_of_a_task_into_another_bin_asks_for_a_reason(served, page):
	from playwright.sync_api import expect

	from tests.harness import run_in_site

	info, _server, data = served
	p = run_in_site(info, putaway_task, data)
	task = p["task"]

	open_screen(page, "putaway")
	row = page.locator(f"#wms-in-list button[data-task='{task['name']}']")
	expect(row).to_contain_text(f"{task['source_bin_code']} → {task['suggested_bin_code']}")
	row.click()
	expect(page.locator("#wms-in-prompt")).to_have_text(f"Scan source bin {task['source_bin_code']}")
	scan(page, "NOT-THE-DOCK")
	expect(message(page)).to_contain_text(
		f"Wrong bin: scanned NOT-THE-DOCK, but task {task['name']} puts away from bin"
	)
	expect(page.locator("body")).to_have_attribute("data-feedback", "error")
	scan(page, task["source_bin_code"])
	scan(page, p["item"])
	expect(page.locator("#wms-in-scan")).to_have_value("5")
	page.locator("#wms-in-scan").fill("")
	scan(page, "3")  # part of the task: the rest stays as a new task
	expect(page.locator("#wms-in-prompt")).to_have_text(f"Scan destination bin {task['suggested_bin_code']}")
	scan(page, p["other"]["bin_code"])
	expect(page.locator("#wms-in-prompt")).to_have_text(
		f"Reason for {p['other']['bin_code']} instead of {task['suggested_bin_code']}"
	)
	scan(page, "Suggested bin blocked by a pallet")
	expect(message(page)).to_contain_text(
		f"Put 3 x {p['item']} into {p['other']['bin_code']} (override recorded); 2 left in task"
	)
	state = on_server(info, putaway_state, task["name"], p["other"]["name"], p["item"])
	assert state["task"]["status"] == "Done" and state["task"]["destination_bin"] == p["other"]["name"]
	assert state["task"]["override_reason"] == "Suggested bin blocked by a pallet"
	assert state["rest"] == [("Open", 2)] and state["in_other"] == 3
	# the rest is a new task on the list (api.picking.my_tasks, task_type Putaway); on a real site
	# the list also holds other tests' open putaways, so this item's rows are the ones counted
	rest = page.locator("#wms-in-list button[data-task]", has_text=p["item"])
	expect(rest).to_have_count(1)
	expect(rest.locator(".wms-row-qty")).to_contain_text("2")
	scan(page, p["item"])  # at the dock, the item's label chooses its task
	expect(page.locator("#wms-in-prompt")).to_have_text(f"Scan source bin {task['source_bin_code']}")
	expect(page.locator("#wms-in-card .wms-qty")).to_have_text(f"Put 2 Nos into {task['suggested_bin_code']}")


def test_move_takes_stock_from_one_bin_to_another(served, page):
	from playwright.sync_api import expect

	from tests.harness import run_in_site

	info, _server, data = served
	m = run_in_site(info, stock_to_move, data)
	before = on_server(info, bin_holds, m["from"], m["item"])
	# the bin's code names a bin in another warehouse too: the header says which warehouse is meant
	twin = run_in_site(info, twin_warehouse, m["from_code"])
	page.reload()
	expect(page.locator(f"#wms-warehouse option[value='{twin}']")).to_have_count(1)
	choose_warehouse(page, data["warehouse"])
	open_screen(page, "move")
	expect(page.locator("#wms-in-prompt")).to_have_text("Move: scan the bin to take from")
	scan(page, m["from_code"])
	expect(page.locator(f"#wms-in-list tr[data-bin='{m['from_code']}']").first).to_be_visible()
	scan(page, "NOT-AN-ITEM-HERE")
	expect(message(page)).to_contain_text(f"which bin {m['from_code']} does not hold")
	scan(page, m["item"])
	page.locator("#wms-in-scan").fill("")
	scan(page, "2")
	expect(page.locator("#wms-in-prompt")).to_have_text(f"Scan the bin to put 2 x {m['item']} into")
	scan(page, m["to_code"])
	expect(message(page)).to_have_text(f"Moved 2 x {m['item']} from {m['from_code']} to {m['to_code']}")
	assert on_server(info, bin_holds, m["to"], m["item"]) == 2
	assert on_server(info, bin_holds, m["from"], m["item"]) == before - 2


def test_lookup_says_what_a_scan_is_and_where_its_stock_is(served, page):
	from playwright.sync_api import expect

	from tests.harness import run_in_site

	info, _server, data = served
	m = run_in_site(info, stock_to_move, data)
	choose_warehouse(page, data["warehouse"])
	open_screen(page, "lookup")
	scan(page, m["item"])
	expect(page.locator("#wms-in-card .wms-goto")).to_have_text(m["item"])
	expect(page.locator(f"#wms-in-list tr[data-bin='{m['from_code']}']")).to_have_count(1)
	scan(page, m["from_code"])
	expect(message(page)).to_contain_text(f"Bin {m['from_code']}:")
	expect(page.locator("#wms-in-list .wms-line-item", has_text=m["item"])).to_have_count(1)
	scan(page, "NOTHING-KNOWN-42")
	expect(message(page)).to_have_text("NOTHING-KNOWN-42 is no bin, item, batch or pallet SSCC known here")
	expect(page.locator("body")).to_have_attribute("data-feedback", "error")
	# back to the task list: its own scan input has the focus again
	page.click("#wms-modes button[data-mode='tasks']")
	expect(page.locator("#wms-inbound")).to_be_hidden()
	expect(page.locator("#wms-scan")).to_be_focused()


def test_receiving_scans_queue_through_a_dropped_connection_and_count_once(served, page):
	from playwright.sync_api import expect

	from tests.harness import run_in_site

	info, _server, data = served
	r = run_in_site(info, draft_receipt, data)
	open_screen(page, "receive")
	page.click(f"#wms-in-list button[data-receipt='{r['receipt']}']")
	expect(message(page)).to_have_text(f"Receipt {r['receipt']} open")
	endpoint = "wms_module.api.receiving.scan"
	logs_before = on_server(info, request_log_count, endpoint)

	# the server gets each scan and counts it, but its answer never reaches the handheld (the page's
	# fetch is wrapped: Playwright's routes do not see requests of a page a service worker controls)
	page.evaluate(LOSE_SCAN_ANSWERS)
	scan(page, r["loose"])
	expect(page.locator("#wms-queue")).to_have_text("1 queued")
	expect(message(page)).to_contain_text(f"No connection: scan {r['loose']} saved")
	page.evaluate("() => { window.__scanNetworkDown = true; }")
	page.context.set_offline(True)
	scan(page, r["loose"])
	expect(page.locator("#wms-queue")).to_have_text("2 queued")
	expect(line_row(page, r["loose"]).locator(".wms-line-scanned")).to_have_text("2 (queued)")
	assert on_server(info, receipt_state, r["receipt"])["lines"][0] == (r["loose"], 1, 2)

	page.context.set_offline(False)
	page.evaluate("() => { window.fetch = window.__realFetch; }")
	page.evaluate("() => window.wmsMobile.replay()")
	expect(page.locator("#wms-queue")).to_be_hidden()
	# the first scan, sent twice (its answer lost), counted once; the one queued offline, once
	assert on_server(info, receipt_state, r["receipt"])["lines"][0] == (r["loose"], 2, 2)
	assert on_server(info, request_log_count, endpoint) == logs_before + 2
	expect(line_row(page, r["loose"]).locator(".wms-line-scanned")).to_have_text("2")


@pytest.mark.skipif(not AXE_JS.exists(), reason="axe-core is not installed (npm ci at the project root)")
def test_the_inbound_screens_have_no_serious_or_critical_violation(served, page):
	from playwright.sync_api import expect

	from tests.harness import run_in_site

	info, _server, data = served
	r = run_in_site(info, draft_receipt, data)
	m = run_in_site(info, stock_to_move, data)
	choose_warehouse(page, data["warehouse"])
	found = []
	open_screen(page, "receive")
	found += [("receipts waiting", v) for v in axe_violations(page)]
	page.click(f"#wms-in-list button[data-receipt='{r['receipt']}']")
	scan(page, "NO-SUCH-ITEM")
	expect(page.locator("body")).to_have_attribute("data-feedback", "error")
	found += [("a receipt's lines, a refused scan", v) for v in axe_violations(page)]
	open_screen(page, "move")
	scan(page, m["from_code"])
	expect(page.locator("#wms-in-list table")).to_be_visible()
	found += [("move: a bin's contents", v) for v in axe_violations(page)]
	open_screen(page, "lookup")
	scan(page, m["item"])
	expect(page.locator("#wms-in-card .wms-goto")).to_have_text(m["item"])
	found += [("lookup: an item's bins", v) for v in axe_violations(page)]
	assert not found, "\n".join(axe_report([v], label) for label, v in found)
