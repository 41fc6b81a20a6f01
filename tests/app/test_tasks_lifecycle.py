"""Warehouse Task lifecycle (core) and the allocation invariant under random operations. The desk
and REST cannot change what a task says about stock at all: tests/app/test_ledger_doors.py."""

from __future__ import annotations

import frappe
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.app.outbound_fixtures import (
	make_bin,
	make_outbound_site,
	put_stock,
	set_settings,
	so_lines,
	tasks_of,
)
from wms_module.core.errors import InvalidInput
from wms_module.core.tasks import FINAL, TRANSITIONS, TaskStatus, check_transition


@given(st.lists(st.sampled_from(list(TaskStatus)), max_size=8))
def test_a_task_never_leaves_a_final_state(path):
	current = TaskStatus.OPEN
	for new in path:
		try:
			check_transition("T", current, new)
		except InvalidInput as e:
			assert new not in TRANSITIONS[current]
			assert "T" in str(e) and current.value in str(e)
			continue
		assert current not in FINAL
		current = new


OPS = st.lists(
	st.tuples(st.sampled_from(["order", "pick", "short", "cancel"]), st.integers(1, 6)),
	min_size=1,
	max_size=8,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_allocated_equals_open_task_qty_and_never_exceeds_on_hand(ops):
	"""After any mix of orders, picks, short picks and cancels: per bin, allocated = what active
	tasks still hold, allocated <= on hand, and bins add up to ERPNext."""
	from wms_module.services.picking import ConfirmPick, confirm_pick

	frappe.db.savepoint("prop")
	try:
		set_settings(pick_task_creation="On Sales Order Submit", delivery_note_action="Create and Submit")
		s = make_outbound_site()
		make_bin(s, "A-01", "PICK", aisle=0, bay=1)
		make_bin(s, "R-01", "RES", aisle=2, bay=4)
		item = factories.make_item()
		put_stock(s, item, "A-01", 5)
		put_stock(s, item, "R-01", 4)
		orders = []
		for op, n in ops:
			if op == "order":
				orders.append(factories.make_sales_order(items=so_lines(s, (item, n))))
			elif op in ("pick", "short"):
				open_tasks = [
					t
					for so in orders
					for t in tasks_of(so.name, status=["in", ["Open", "Assigned", "In Progress"]])
				]
				if open_tasks:
					t = open_tasks[n % len(open_tasks)]
					code = frappe.db.get_value("Storage Bin", t.source_bin, "bin_code")
					left = t.qty - t.picked_qty
					qty = min(left, n) if op == "pick" else max(0, min(left, n) - 1)
					if qty or op == "short":
						confirm_pick(
							ConfirmPick(
								task=t.name, bin_scan=code, item_scan=item, qty=qty, short=op == "short"
							)
						)
			elif op == "cancel" and orders:
				so = orders.pop(n % len(orders))
				so.reload()
				if so.docstatus == 1 and not frappe.db.exists(
					"Delivery Note Item", {"against_sales_order": so.name}
				):
					so.cancel()
		held: dict[str, float] = {}
		for t in frappe.get_all(
			"Warehouse Task",
			filters={
				"item_code": item,
				"task_type": "Pick",
				"status": ["in", ["Open", "Assigned", "In Progress"]],
			},
			fields=["source_bin", "qty", "picked_qty"],
		):
			held[t.source_bin] = held.get(t.source_bin, 0) + t.qty - t.picked_qty
		for b in frappe.get_all(
			"Bin Stock", filters={"item_code": item}, fields=["storage_bin", "on_hand_qty", "allocated_qty"]
		):
			assert b.allocated_qty == pytest.approx(held.get(b.storage_bin, 0))
			assert b.allocated_qty <= b.on_hand_qty + 1e-9
		erp_qty = frappe.db.get_value("Bin", {"item_code": item, "warehouse": s.warehouse}, "actual_qty")
		bins = sum(frappe.get_all("Bin Stock", filters={"item_code": item}, pluck="on_hand_qty"))
		assert bins == pytest.approx(erp_qty)
	finally:
		frappe.db.rollback(save_point="prop")
