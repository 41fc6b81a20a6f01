"""Cross-docking: a receipt serves the orders waiting for its items straight from the dock.

Sales Order with no stock -> shortage record -> Purchase Receipt into the receiving bin ->
cross-dock Pick task (receiving bin -> staging bin) -> confirmed like any pick -> staged; the
shortage record gone, the order's allocation counting the new task, bins = ERPNext.
"""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, nowdate

from tests import factories
from tests.app.outbound_fixtures import (
	balance,
	confirm_all,
	deliver,
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
	tasks_of,
)
from tests.app.test_removal_rules import settings_doc
from wms_module.services import allocation, putaway_planning, reconciliation
from wms_module.services.cross_dock import CROSS_DOCK_RULE, ReceivedLine, cross_dock
from wms_module.services.shortages import shortages_of


def cross_dock_floor(on: bool = True, *, on_submit: bool = False):
	"""A floor whose layout cross-docks (``on``); Putaway tasks made on receipt submit (``on_submit``,
	the default of WMS Settings), else on demand (``create_receipt_putaway``, the same code)."""
	outbound_defaults(putaway_task_creation="On Receipt Submit" if on_submit else "On Demand")
	site = outbound_floor("A-01")
	frappe.db.set_value("Warehouse Layout", site.warehouse, "cross_dock", 1 if on else 0)
	return site


def plan_receipt(receipt) -> tuple[list, float]:
	"""Plan the receipt's putaway on demand: (its cross-dock Pick tasks, the qty its Putaway tasks take)."""
	putaway_planning.create_receipt_putaway(receipt.name)
	return crossdocked(receipt), put_away_qty(receipt)


def crossdocked(receipt) -> list:
	return frappe.get_all(
		"Warehouse Task",
		filters={"putaway_rule": f"{CROSS_DOCK_RULE} from {receipt.name}", "status": ["!=", "Cancelled"]},
		fields=["*"],
		order_by="creation asc, name asc",
	)


def put_away_qty(receipt) -> float:
	return sum(
		frappe.get_all(
			"Warehouse Task",
			filters={"reference_name": receipt.name, "task_type": "Putaway", "status": ["!=", "Cancelled"]},
			pluck="qty",
		)
	)


def order(site, item, qty, *, days=7, priority=None):
	values = {"wms_priority": priority} if priority else {}
	return factories.make_sales_order(
		items=so_lines(site, (item, qty)), delivery_date=add_days(nowdate(), days), **values
	).name


def open_shortage(sales_order):
	return shortages_of(sales_order)


def test_receipt_serves_waiting_orders_by_priority_then_date_and_stages_them():
	site = cross_dock_floor()
	item = factories.make_item()
	later = order(site, item, 4, days=9)
	sooner = order(site, item, 5, days=3)
	urgent = order(site, item, 3, days=12, priority="Urgent")
	assert [s["qty"] for s in open_shortage(sooner)] == [5]

	receipt = factories.receive_stock(item, site.warehouse, 6)
	tasks, put_away = plan_receipt(receipt)

	assert put_away == 0
	assert sorted((t.reference_name, t.qty) for t in tasks) == sorted([(urgent, 3), (sooner, 3)])
	assert all(t.source_bin == site.receiving and t.destination_bin == site.staging for t in tasks)
	assert all(t.putaway_rule == f"{CROSS_DOCK_RULE} from {receipt.name}" for t in tasks)
	assert open_shortage(urgent) == []
	assert [s["qty"] for s in open_shortage(sooner)] == [2]  # still short by 2
	assert [s["qty"] for s in open_shortage(later)] == [4]  # nothing left for it
	assert balance(site.receiving, item).allocated == 6

	confirm_all(urgent)
	assert balance(site.staging, item).on_hand == 3
	assert balance(site.receiving, item) == frappe._dict(on_hand=3, allocated=3)
	assert [t.status for t in tasks_of(urgent, task_type="Pick", source_bin=site.receiving)] == ["Done"]
	assert reconciliation.find_drift(site.warehouse) == []


def test_a_fully_cross_docked_order_is_delivered_from_staging():
	site = cross_dock_floor(on_submit=True)
	outbound_defaults(putaway_task_creation="On Receipt Submit", delivery_note_action="Create and Submit")
	item = factories.make_item()
	so = order(site, item, 3)
	receipt = factories.receive_stock(item, site.warehouse, 3)  # its submit cross-docks, nothing to put away
	assert [t.qty for t in crossdocked(receipt)] == [3] and put_away_qty(receipt) == 0

	(result,) = confirm_all(so)
	dn = frappe.get_doc("Delivery Note", deliver(result))

	assert (dn.docstatus, dn.items[0].qty) == (1, 3)
	assert frappe.db.get_value("Sales Order", so, "per_delivered") == 100
	assert balance(site.staging, item).on_hand == 0 and balance(site.receiving, item).on_hand == 0
	assert open_shortage(so) == []
	assert reconciliation.find_drift(site.warehouse) == []


def test_the_order_allocated_again_counts_the_cross_dock_task_and_keeps_its_shortage():
	site = cross_dock_floor()
	item = factories.make_item()
	so = order(site, item, 5)
	receipt = factories.receive_stock(item, site.warehouse, 2)
	plan_receipt(receipt)

	allocation.allocate_sales_order(sales_order=frappe.get_doc("Sales Order", so))

	picks = tasks_of(so, task_type="Pick", status=["in", ["Open", "Assigned"]])
	assert [(t.source_bin, t.qty) for t in picks] == [(site.receiving, 2)]
	assert [s["qty"] for s in open_shortage(so)] == [3]


def test_planning_a_receipt_again_cross_docks_nothing_twice_and_puts_nothing_away_twice():
	site = cross_dock_floor()
	item = factories.make_item()
	so = order(site, item, 3)
	receipt = factories.receive_stock(item, site.warehouse, 10)
	tasks, put_away = plan_receipt(receipt)
	assert [t.qty for t in tasks] == [3] and put_away == 7

	order(site, item, 2)  # a new order waits now: the 10 are spoken for (3 held, 7 on their way)
	tasks, put_away = plan_receipt(receipt)
	assert [t.qty for t in tasks] == [3] and put_away == 7
	assert balance(site.receiving, item).allocated == 3
	assert open_shortage(so) == []


def test_not_cross_docked_takes_off_what_the_receipt_already_sent_to_staging():
	from wms_module.services.cross_dock import not_cross_docked

	site = cross_dock_floor()
	item = factories.make_item()
	order(site, item, 3)
	receipt = factories.receive_stock(item, site.warehouse, 10)
	lines = [ReceivedLine(item, 10)]
	tasks, left = cross_dock(site.warehouse, site.receiving, lines, receipt=receipt.name)
	assert [t.qty for t in tasks] == [3] and left == [ReceivedLine(item, 7)]
	assert not_cross_docked(receipt.name, site.receiving, lines) == [ReceivedLine(item, 7)]
	assert not_cross_docked("another receipt", site.receiving, lines) == lines


def test_what_no_order_waits_for_is_left_for_putaway():
	site = cross_dock_floor()
	wanted, spare = factories.make_item(), factories.make_item()
	so = order(site, wanted, 2)
	lines = [ReceivedLine(wanted, 5), ReceivedLine(spare, 4)]
	factories.receive_stock(wanted, site.warehouse, 5)
	factories.receive_stock(spare, site.warehouse, 4)

	tasks, left = cross_dock(site.warehouse, site.receiving, lines, receipt="test")

	assert [(t.reference_name, t.item_code, t.qty) for t in tasks] == [(so, wanted, 2)]
	assert left == [ReceivedLine(wanted, 3), ReceivedLine(spare, 4)]


def test_off_by_default_and_on_hold_orders_wait():
	site = cross_dock_floor(on=False)
	item = factories.make_item()
	order(site, item, 2)
	factories.receive_stock(item, site.warehouse, 2)
	lines = [{"item_code": item, "qty": 2}]
	assert cross_dock(site.warehouse, site.receiving, lines) == ([], lines)

	frappe.db.set_value("Warehouse Layout", site.warehouse, "cross_dock", 1)
	other = factories.make_item()
	held = order(site, other, 1)
	factories.receive_stock(other, site.warehouse, 1)
	# the status as ERPNext's Hold leaves it (update_status -> db_set), the shortage record kept
	frappe.db.set_value("Sales Order", held, "status", "On Hold")
	other_lines = [{"item_code": other, "qty": 1}]
	assert cross_dock(site.warehouse, site.receiving, other_lines) == ([], other_lines)


def test_cross_dock_needs_the_received_stock_in_the_receiving_bin():
	site = cross_dock_floor()
	item = factories.make_item()
	order(site, item, 2)
	with pytest.raises(frappe.ValidationError, match="Receiving bin .* holds 0"):
		cross_dock(site.warehouse, site.receiving, [ReceivedLine(item, 2)])


def test_queries_do_not_grow_with_receipt_lines(query_counter):
	site = cross_dock_floor()
	items = [factories.make_item() for _ in range(6)]

	def run(n):
		so = factories.make_sales_order(items=so_lines(site, *[(i, 1) for i in items[:n]])).name
		for i in items[:n]:
			factories.receive_stock(i, site.warehouse, 1)
		with query_counter() as q:
			tasks, left = cross_dock(site.warehouse, site.receiving, [ReceivedLine(i, 1) for i in items[:n]])
		assert len(tasks) == n and not left and open_shortage(so) == []
		return q.count

	one, six = run(1), run(6)
	assert six == one, "cross-docking queries per line"
	assert one <= 12


def test_a_batch_goes_on_the_task_unless_its_shelf_life_is_too_short_for_the_customer():
	site = cross_dock_floor()
	item = factories.make_item(has_batch_no=1, has_expiry_date=1)
	fresh = factories.make_batch(item, expiry_date=add_days(nowdate(), 90))
	soon = factories.make_batch(item, expiry_date=add_days(nowdate(), 10))
	fussy = factories.make_customer(factories.unique("Fussy"))
	settings = settings_doc()
	settings.append("customer_shelf_life", {"customer": fussy, "min_remaining_days": 30})
	settings.save(ignore_permissions=True)
	so = factories.make_sales_order(customer=fussy, items=so_lines(site, (item, 4))).name
	receipt = factories.make_purchase_receipt(
		items=[
			{"item_code": item, "qty": 3, "warehouse": site.warehouse, "batch_no": soon},
			{"item_code": item, "qty": 2, "warehouse": site.warehouse, "batch_no": fresh},
		]
	)
	tasks, put_away = plan_receipt(receipt)

	assert [(t.batch_no, t.qty) for t in tasks] == [(fresh, 2)]
	assert put_away == 3
	assert {
		t.batch_no
		for t in frappe.get_all(
			"Warehouse Task", filters={"reference_name": receipt.name}, fields=["batch_no"]
		)
	} == {soon}
	assert [s["qty"] for s in open_shortage(so)] == [2]


@pytest.mark.parametrize("wave_still_open", [True, False])
def test_a_short_pick_is_cross_docked_onto_its_wave_while_the_wave_is_picked(wave_still_open):
	"""A short pick's missing units are recorded on its wave: the cross-dock task joins that wave while
	it is being picked, else (Completed) it waits for the next wave like any new pick of the order."""
	from tests.app.outbound_fixtures import new_wave
	from wms_module.services import waves
	from wms_module.services.picking import ConfirmPick, confirm_pick

	site = cross_dock_floor()
	outbound_defaults(putaway_task_creation="On Demand", picker_capacity_items=100)
	item, other = factories.make_item(), factories.make_item()
	put_stock(site, item, "A-01", 2)
	put_stock(site, other, "A-01", 1)
	so = factories.make_sales_order(items=so_lines(site, (item, 2), (other, 1))).name
	wave = new_wave(site, [so])
	waves.release_wave(wave_name=waves.plan_wave(wave_name=wave.name).name, operators=[])
	picks = {t.item_code: t for t in tasks_of(so, task_type="Pick")}
	if not wave_still_open:
		confirm_pick(ConfirmPick(picks[other].name, "A-01", other, qty=1, tote=picks[other].tote))
	pick = picks[item]
	short = confirm_pick(ConfirmPick(pick.name, "A-01", item, qty=1, tote=pick.tote, short=True))
	assert short.unallocated_qty == 1
	status = frappe.db.get_value("Pick Wave", wave.name, "status")
	assert status == ("In Progress" if wave_still_open else "Completed")

	receipt = factories.receive_stock(item, site.warehouse, 1)
	(task,), put_away = plan_receipt(receipt)

	assert (task.qty, put_away) == (1, 0)
	assert task.pick_wave == (wave.name if wave_still_open else None)
	assert open_shortage(so) == []
	assert frappe.db.get_value("Pick Wave", wave.name, "status") == status
