"""Review: a submitted Sales Order edited after submit (qty, lines, warehouse), its tasks and the waves."""

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
	from wms_module.services.picking import confirm_pick

	(ta,) = tasks_of(so.name, item_code=a)
	confirm_pick(task=ta.name, bin_scan="A-01", item_scan=a, qty=2)
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


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_qty_edits_after_submit_keep_tasks_equal_to_the_lines(edits):
	from wms_module.services.picking import confirm_pick

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
				put_stock(site, item, "B-05", n)
			else:
				row = so.items[line]
				open_tasks = tasks_of(so.name, reference_detail=row.name, status=["in", ["Open", "Assigned"]])
				if not open_tasks:
					continue
				t = open_tasks[n % len(open_tasks)]
				code = frappe.db.get_value("Storage Bin", t.source_bin, "bin_code")
				qty = t.qty if op == "pick" else max(0, min(t.qty, n) - 1)
				confirm_pick(task=t.name, bin_scan=code, item_scan=item, qty=qty, short=op == "short")
			assert_lines_covered(so, item)
	finally:
		frappe.db.rollback(save_point="edits")
