"""A submitted Sales Order edited after submit (qty, lines, warehouse), its tasks and the waves."""

from __future__ import annotations

import frappe
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.app.outbound_fixtures import (
	confirm_all,
	new_wave,
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
	tasks_of,
)
from wms_module.events.sales_order import on_update_after_submit
from wms_module.services import waves

ACTIVE = ["Open", "Assigned", "In Progress"]


def released_wave(site, *orders) -> str:
	wave = new_wave(site, orders, mode="Batch")
	return waves.release_wave(wave_name=waves.plan_wave(wave_name=wave.name).name).name


def test_a_wave_whose_last_open_line_is_removed_from_its_order_completes():
	outbound_defaults(picker_capacity_items=100)
	site = outbound_floor("A-01", "B-05")
	a, b = factories.make_item(), factories.make_item()
	put_stock(site, a, "A-01", 5)
	put_stock(site, b, "B-05", 5)
	so = factories.make_sales_order(items=so_lines(site, (a, 2), (b, 3)))
	wave = released_wave(site, so.name)
	from wms_module.services.picking import ConfirmPick, confirm_pick

	(ta,) = tasks_of(so.name, item_code=a)
	confirm_pick(ConfirmPick(task=ta.name, bin_scan="A-01", item_scan=a, qty=2))
	assert frappe.db.get_value("Pick Wave", wave, "status") == "In Progress"

	so.reload()
	so.set("items", [r for r in so.items if r.item_code == a])  # Update Items: line b removed
	on_update_after_submit(so)

	assert tasks_of(so.name, status=["in", ACTIVE]) == []
	w = frappe.db.get_value("Pick Wave", wave, ["status", "percent_lines", "percent_units"], as_dict=True)
	assert (w.status, w.percent_lines, w.percent_units) == ("Completed", 100.0, 100.0)


def set_line_qty(so, idx: int, qty: float) -> None:
	"""Update Items on a submitted order: the row's qty (stock UOM = UOM), then the order's save hook."""
	row = so.items[idx]
	row.qty = row.stock_qty = qty
	frappe.db.set_value("Sales Order Item", row.name, {"qty": qty, "stock_qty": qty})
	on_update_after_submit(so)


def assert_lines_covered(so, item: str) -> None:
	"""Per line: open qty + picked + recorded shortage == the line's qty (when not picked beyond it);
	per bin: allocated == what active tasks still hold, 0 <= allocated <= on hand."""
	tasks = tasks_of(so.name, task_type="Pick")
	for row in so.items:
		mine = [t for t in tasks if t.reference_detail == row.name]
		active = sum(t.qty for t in mine if t.status in ACTIVE)
		picked = sum(t.picked_qty for t in mine if t.status in ("Done", "Exception"))
		short = sum(t.qty for t in mine if t.status == "Exception" and not t.source_bin)
		started = picked + sum(t.qty for t in mine if t.status == "In Progress")
		if row.qty >= started:
			assert active + picked + short == pytest.approx(row.qty), (row.idx, mine)
	held: dict[str, float] = {}
	for t in frappe.get_all(
		"Warehouse Task",
		filters={"item_code": item, "task_type": "Pick", "status": ["in", ACTIVE]},
		fields=["source_bin", "qty", "picked_qty"],
	):
		held[t.source_bin] = held.get(t.source_bin, 0) + t.qty - t.picked_qty
	for b in frappe.get_all(
		"Bin Stock", filters={"item_code": item}, fields=["storage_bin", "on_hand_qty", "allocated_qty"]
	):
		assert b.allocated_qty == pytest.approx(held.get(b.storage_bin, 0))
		assert -1e-9 <= b.allocated_qty <= b.on_hand_qty + 1e-9


EDITS = st.lists(
	st.tuples(
		st.sampled_from(["qty", "qty", "pick", "short", "stock"]), st.integers(0, 1), st.integers(1, 7)
	),
	min_size=1,
	max_size=7,
)


def bin_status(site, code: str) -> str:
	return frappe.db.get_value("Storage Bin", site.bins[code], "status")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_qty_edits_after_submit_keep_tasks_equal_to_the_lines(edits):
	from wms_module.services.picking import ConfirmPick, confirm_pick

	frappe.db.savepoint("edits")
	try:
		outbound_defaults(picker_capacity_items=100)
		site = outbound_floor("A-01", "B-05", "R-01")
		item = factories.make_item()
		put_stock(site, item, "A-01", 4)
		put_stock(site, item, "R-01", 3)
		so = factories.make_sales_order(items=so_lines(site, (item, 3), (item, 2)))
		assert_lines_covered(so, item)
		for op, line, n in edits:
			if op == "qty":
				set_line_qty(so, line, n)
			elif op == "stock":
				# stock arrives in an active bin: a short pick may have set B-05 (or R-01) to
				# Counting, and a Counting bin takes no stock until its count is posted
				active = [c for c in ("B-05", "R-01", "A-01") if bin_status(site, c) == "Active"]
				if active:
					put_stock(site, item, active[0], n)
			else:
				row = so.items[line]
				open_tasks = tasks_of(so.name, reference_detail=row.name, status=["in", ["Open", "Assigned"]])
				if not open_tasks:
					continue
				t = open_tasks[n % len(open_tasks)]
				code = frappe.db.get_value("Storage Bin", t.source_bin, "bin_code")
				qty = t.qty if op == "pick" else max(0, min(t.qty, n) - 1)
				confirm_pick(
					ConfirmPick(task=t.name, bin_scan=code, item_scan=item, qty=qty, short=op == "short")
				)
			assert_lines_covered(so, item)
	finally:
		frappe.db.rollback(save_point="edits")


MIXED = st.lists(
	st.tuples(
		st.sampled_from(["qty", "move", "drop", "pick", "short", "qty+move"]),
		st.integers(0, 1),
		st.integers(1, 6),
	),
	min_size=1,
	max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=MIXED)
def test_qty_warehouse_and_line_edits_in_one_save_keep_tasks_equal_to_the_lines(edits):
	"""Update Items combinations (qty and warehouse in one save, a line removed) with picks between:
	per line, its current warehouse's tasks cover its qty; no unstarted task is left elsewhere."""
	from wms_module.services.picking import ConfirmPick, confirm_pick

	frappe.db.savepoint("mixed")
	try:
		outbound_defaults(picker_capacity_items=100)
		one = outbound_floor("A-01", "R-01")
		two = outbound_floor("A-01")
		item = factories.make_item()
		put_stock(one, item, "A-01", 6)
		put_stock(one, item, "R-01", 3)
		put_stock(two, item, "A-01", 8)
		so = factories.make_sales_order(items=so_lines(one, (item, 3), (item, 2)))
		for op, line, n in edits:
			line = min(line, len(so.items) - 1)
			row = so.items[line]
			if op in ("qty", "move", "qty+move"):
				if "move" in op:
					row.warehouse = two.warehouse if row.warehouse == one.warehouse else one.warehouse
				if "qty" in op:
					row.qty = row.stock_qty = n
				frappe.db.set_value(
					"Sales Order Item",
					row.name,
					{"qty": row.qty, "stock_qty": row.qty, "warehouse": row.warehouse},
				)
				on_update_after_submit(so)
			elif op == "drop":
				if len(so.items) < 2:
					continue
				frappe.db.delete("Sales Order Item", {"name": row.name})
				so.set("items", [r for r in so.items if r.name != row.name])
				on_update_after_submit(so)
			else:
				open_tasks = tasks_of(so.name, reference_detail=row.name, status=["in", ["Open", "Assigned"]])
				if not open_tasks:
					continue
				t = open_tasks[n % len(open_tasks)]
				code = frappe.db.get_value("Storage Bin", t.source_bin, "bin_code")
				qty = t.qty if op == "pick" else max(0, min(t.qty, n) - 1)
				confirm_pick(
					ConfirmPick(task=t.name, bin_scan=code, item_scan=item, qty=qty, short=op == "short")
				)
			tasks = tasks_of(so.name, task_type="Pick")
			lines = {r.name: r for r in so.items}
			for t in tasks:
				row = lines.get(t.reference_detail)
				if t.status in ("Open", "Assigned"):
					assert row is not None and row.warehouse == t.warehouse, (op, t)
			for row in so.items:
				mine = [t for t in tasks if t.reference_detail == row.name and t.warehouse == row.warehouse]
				active = sum(t.qty for t in mine if t.status in ACTIVE)
				picked = sum(t.picked_qty for t in mine if t.status in ("Done", "Exception"))
				short = sum(t.qty for t in mine if t.status == "Exception" and not t.source_bin)
				if row.qty >= picked:
					assert active + picked + short == pytest.approx(row.qty), (op, row.idx, mine)
			for b in frappe.get_all("Bin Stock", filters={"item_code": item}, fields=["*"]):
				held = sum(
					t.qty - t.picked_qty
					for t in tasks
					if t.status in ACTIVE and t.source_bin == b.storage_bin
				)
				assert b.allocated_qty == pytest.approx(held)
				assert -1e-9 <= b.allocated_qty <= b.on_hand_qty + 1e-9
	finally:
		frappe.db.rollback(save_point="mixed")


def test_a_by_delivery_date_wave_plans_what_it_gathered_within_its_line_limit():
	"""An order with one line due by the cut-off and one due later: the wave gathered it for its due
	line; planning must not then take the later line too and refuse the wave over Max Pick Lines."""
	from frappe.utils import add_days, nowdate

	outbound_defaults(picker_capacity_items=100, max_lines_per_wave=500)
	site = outbound_floor("A-01", "B-05")
	a, b = factories.make_item(), factories.make_item()
	put_stock(site, a, "A-01", 10)
	put_stock(site, b, "B-05", 10)
	soon, later = add_days(nowdate(), 2), add_days(nowdate(), 30)
	first = factories.make_sales_order(items=so_lines(site, (a, 1)), delivery_date=soon)
	lines = so_lines(site, (a, 1), (b, 1))
	lines[1]["delivery_date"] = later
	second = factories.make_sales_order(items=lines, delivery_date=soon)
	wave = new_wave(
		site,
		mode="Batch",
		release_method="By Delivery Date",
		delivery_date_cutoff=add_days(nowdate(), 5),
		max_lines=2,
	)
	planned = waves.plan_wave(wave_name=wave.name)

	assert sorted(r.sales_order for r in planned.orders) == sorted([first.name, second.name])
	on_wave = frappe.get_all("Warehouse Task", filters={"pick_wave": wave.name}, pluck="item_code")
	assert sorted(on_wave) == sorted([a, a])
	(later_task,) = tasks_of(second.name, item_code=b)
	assert not later_task.pick_wave  # due after the cut-off: queued for a later wave


def test_cancelling_an_order_short_picked_on_a_wave_drops_its_shortage_from_the_wave():
	"""A short pick with no other stock leaves a shortage on the wave; once the order is cancelled
	that shortage is no longer missing: not listed for the order, and the wave reaches 100 %."""
	from wms_module.services.picking import ConfirmPick, confirm_pick
	from wms_module.services.shortages import shortages_of

	outbound_defaults(picker_capacity_items=100)
	site = outbound_floor("A-01", "B-05")
	a, b = factories.make_item(), factories.make_item()
	put_stock(site, a, "A-01", 3)
	put_stock(site, b, "B-05", 3)
	short = factories.make_sales_order(items=so_lines(site, (a, 3)))
	other = factories.make_sales_order(items=so_lines(site, (b, 2)))
	wave = released_wave(site, short.name, other.name)
	(t,) = tasks_of(short.name)
	confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=a, qty=1, short=True))
	assert [s["qty"] for s in shortages_of(short.name)] == [2]
	confirm_all(other.name)

	short.reload()
	short.cancel()

	assert shortages_of(short.name) == []
	w = frappe.db.get_value("Pick Wave", wave, ["status", "percent_lines", "percent_units"], as_dict=True)
	assert (w.status, w.percent_lines, w.percent_units) == ("Completed", 100.0, 100.0)
	assert frappe.db.get_value("Bin Stock", {"item_code": a}, "allocated_qty") == 0
