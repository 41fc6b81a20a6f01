"""/wms in a real browser, at 360x640: opened with no connection at all (service worker), the
quantity in the unit the operator takes off the shelf, and codes and quantities readable.

Fixtures and helpers are shared with the pick page's tests (tests/app/mobile_fixtures.py).
"""

# ruff: noqa: F811  (the pick page's fixtures, imported, are the tests' parameters)

from __future__ import annotations

import json

import frappe

from tests.app.mobile_fixtures import (  # noqa: F401  (pytest fixtures and helpers)
	BROWSER_MARKS,
	browser,
	expect_step,
	first_task,
	on_server,
	page,
	scan,
	served,
	task_state,
)

pytestmark = BROWSER_MARKS

MY_TASKS = "**/api/method/wms_module.api.picking.my_tasks*"
CONFIRM = "**/api/method/wms_module.api.picking.confirm"


def wait_for_service_worker(page) -> None:
	"""The page registered /wms-sw.js and the worker controls it (it claims the open page)."""
	page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def test_wms_opens_without_a_connection_and_queues_the_pick(served, page):
	from playwright.sync_api import expect

	info, _server, _data = served
	page.set_viewport_size({"width": 360, "height": 640})
	expect_step(page, "bin")
	task = first_task(page)
	before = on_server(info, task_state, task["name"])
	wait_for_service_worker(page)

	page.context.set_offline(True)
	response = page.reload()  # no network: the service worker answers with the saved page
	assert response is not None and response.from_service_worker
	expect(page.locator("#wms-net")).to_have_text("offline")
	expect(page.locator("#wms-message")).to_contain_text("Offline: showing the tasks loaded before")
	expect(page.locator(f"#wms-tasks li[data-task='{task['name']}']")).to_have_count(1)

	# the saved list carries the real labels: the scans are checked, the pick is queued
	expect_step(page, "bin")
	scan(page, task["source_bin_code"])
	expect_step(page, "item")
	scan(page, task["item_code"])
	expect_step(page, "qty")
	page.keyboard.press("Enter")
	expect_step(page, "tote")
	scan(page, task["tote"])
	expect(page.locator("#wms-queue")).to_have_text("1 queued")
	assert on_server(info, task_state, task["name"])["status"] == before["status"]

	page.context.set_offline(False)
	page.evaluate("() => window.wmsMobile.replay()")
	expect(page.locator("#wms-queue")).to_be_hidden()
	after = on_server(info, task_state, task["name"])
	assert after["status"] == "Done" and after["picked_qty"] == task["qty"]


def sold_in_cartons(route):
	"""my_tasks as for a line sold in cartons: the first pick's remainder is one carton (whatever its
	qty on the real site's shared demo floor, and whatever the item's own stock unit: "Carton" is
	none of the demo's). (The server's own pick_uom / pick_factor are tested in
	tests/app/test_pick_list_and_shortage_messages.py; here the page's arithmetic, against the
	real confirm.)"""
	response = route.fetch()
	body = response.json()
	first = body["message"][0]
	first["pick_uom"], first["pick_factor"] = "Carton", first["qty"] - first["picked_qty"]
	route.fulfill(response=response, body=json.dumps(body))


def test_the_quantity_is_in_the_unit_taken_off_the_shelf_and_sent_in_stock_units(served, page):
	from playwright.sync_api import expect

	info, _server, _data = served
	page.route(MY_TASKS, sold_in_cartons)
	page.reload()
	expect_step(page, "bin")
	task = first_task(page)
	left = task["qty"] - task["picked_qty"]
	assert left > 1, f"the first task's remainder {left} cannot make a carton of several units"
	expect(page.locator("#wms-qty")).to_contain_text("Take 1 Carton")
	expect(page.locator("#wms-qty .wms-qty-stock")).to_have_text(f"{left:g} {task['uom']}")
	expect(page.locator(f"#wms-tasks li[data-task='{task['name']}'] .wms-row-qty")).to_have_text("1 Carton")

	scan(page, task["source_bin_code"])
	scan(page, task["item_code"])
	expect_step(page, "qty")
	expect(page.locator("#wms-prompt")).to_have_text("Quantity in Carton (Enter to take 1)")
	expect(page.locator("#wms-scan")).to_have_value("1")
	scan(page, "")  # Enter: the prefilled carton
	expect_step(page, "tote")
	with page.expect_request(CONFIRM) as sent:
		scan(page, task["tote"])
	assert f"qty={left:g}&" in sent.value.post_data
	expect(page.locator("#wms-message")).to_contain_text(f"Picked {left:g} x {task['item_code']}")
	assert on_server(info, task_state, task["name"])["picked_qty"] == task["qty"]
	page.unroute_all(behavior="ignoreErrors")  # the page's next refresh may be under way


LONG_BIN = "NORTH-HALL-A-01-03-L2"


def long_codes(route):
	response = route.fetch()
	body = response.json()
	for row in body["message"]:
		row["source_bin_code"] = LONG_BIN
	route.fulfill(response=response, body=json.dumps(body))


def test_codes_are_never_cut_and_the_quantity_is_as_big_as_the_bin(served, page):
	"""At 360 px a long bin code wraps; its end (bay and level, what tells two bins apart) stays on
	screen. 'Take 12' is read from as far as 'Go to A-01-03'."""
	from playwright.sync_api import expect

	page.set_viewport_size({"width": 360, "height": 640})
	page.route(MY_TASKS, long_codes)
	page.reload()
	expect_step(page, "bin")
	expect(page.locator("#wms-goto")).to_have_text(f"Go to {LONG_BIN}")
	cut = page.evaluate(
		"""() => [...document.querySelectorAll('#wms-goto, #wms-qty, .wms-row-bin, .wms-row-item')]
			.filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > innerWidth)
			.map((el) => el.className || el.id)"""
	)
	assert cut == [], f"cut off at 360 px: {cut}"
	expect(page.locator(".wms-row-bin").first).to_have_text(LONG_BIN)
	size = page.evaluate(
		"""() => ['wms-goto', 'wms-qty'].map((id) => {
			const s = getComputedStyle(document.getElementById(id));
			return [parseFloat(s.fontSize), parseInt(s.fontWeight)];
		})"""
	)
	assert size[1] >= size[0], f"quantity {size[1]} smaller than the bin {size[0]} (font size, weight)"
	page.unroute_all(behavior="ignoreErrors")


def go_live_warehouse(operator: str) -> dict:
	"""A warehouse that ran on ERPNext alone (10 units of an item, no bins), laid out and activated
	(the stock adopted into its unlocated bin), its go-live count planned: one sweep of bin GL-01."""
	from tests.app.outbound_fixtures import activated_after_erpnext
	from wms_module.services import go_live_counts

	site, item, _layout = activated_after_erpnext(("GL-01",), 10)
	go_live_counts.plan_sweeps(warehouse=site.warehouse)
	sweep = frappe.get_value("Warehouse Task", {"source_bin": site.bins["GL-01"]}, "name")
	frappe.db.set_value("Warehouse Task", sweep, "assigned_to", operator)
	return {"warehouse": site.warehouse, "bin": site.bins["GL-01"], "item": item, "sweep": sweep}


def sweep_state(names: dict) -> dict:
	from wms_module.services.reconciliation import find_drift

	return {
		"status": frappe.db.get_value("Warehouse Task", names["sweep"], "status"),
		"in_bin": frappe.db.get_value(
			"Bin Stock", {"storage_bin": names["bin"], "item_code": names["item"]}, "on_hand_qty"
		),
		"drift": find_drift(names["warehouse"]),
	}


def test_the_go_live_count_sweeps_a_bin_item_by_item_then_bin_done(served, page):
	from playwright.sync_api import expect

	from tests.harness import run_in_site

	info, _server, data = served
	names = run_in_site(info, go_live_warehouse, data["operator"]["user"])
	page.reload()
	row = page.locator(f"#wms-tasks li[data-task='{names['sweep']}']")
	expect(row.locator(".wms-row-item")).to_have_text("every item (go-live count)")
	row.click()
	expect(page.locator("#wms-kind")).to_have_text("Go-live count (blind)")
	scan(page, "GL-01")
	expect_step(page, "item")
	expect(page.locator("#wms-prompt")).to_have_text("Scan an item in bin GL-01")
	scan(page, names["item"])
	expect_step(page, "count")
	expect(page.locator("#wms-prompt")).to_have_text(f"How many {names['item']} are in bin GL-01?")
	expect(page.locator("#wms-scan")).to_have_value("")  # blind
	scan(page, "7")

	message = page.locator("#wms-message")
	expect(message).to_have_text(f"Counted 7 x {names['item']} in GL-01")
	expect_step(page, "item")  # the same bin: the next item, or Bin done
	expect(page.locator("#wms-prompt")).to_have_text("Scan the next item in bin GL-01, or Bin done")
	expect(page.locator("#wms-done")).to_be_visible()
	assert on_server(info, sweep_state, names) == {"status": "In Progress", "in_bin": 7, "drift": []}

	page.keyboard.press("F6")
	expect(message).to_have_text("Bin GL-01 done: 1 item(s) counted")
	assert on_server(info, sweep_state, names) == {"status": "Done", "in_bin": 7, "drift": []}
	expect(row).to_have_count(0)
