"""ERPNext Stock Reservation Entries of other orders, which the WMS allocation leaves in the bins.

See ``services.allocation`` for how ERPNext's warehouse-level reservations and the bin-level
allocation fit together.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

import frappe
from frappe import _

from wms_module import erp
from wms_module.core.allocation import Shortage
from wms_module.core.bins import EPSILON
from wms_module.core.tasks import TaskType
from wms_module.erp import SALES_ORDER
from wms_module.services.order_lines import LineNeed, pick_coverage
from wms_module.services.slots import allocatable_free


@dataclass(frozen=True)
class ReservedElsewhere:
	"""Stock of one (item, warehouse) that ERPNext reserves for other Sales Orders and no WMS task holds yet."""

	qty: float
	orders: tuple[str, ...]


def reserved_elsewhere(
	needs: list[LineNeed], *, reference_doctype: str, reference_name: str
) -> dict[tuple[str, str], ReservedElsewhere]:
	"""Open Stock Reservation Entries of OTHER Sales Order lines not yet backed by WMS tasks, per (item, warehouse).

	A reserved line is backed by what its Pick tasks hold: open tasks' qty (allocated in
	bins), picked qty on no Delivery Note yet, and picked qty on a Delivery Note beyond
	what the line's reservations count as delivered (a draft). At most two queries for any
	number of lines, none but the setting when reservation is off: the open reservations
	(``erp.get_open_reservations``) and the Pick tasks of the reserved lines.
	"""
	if reference_doctype != SALES_ORDER or not needs:
		return {}
	open_by_pair = erp.get_open_reservations({(n.item_code, n.warehouse) for n in needs})
	others = [r for rs in open_by_pair.values() for r in rs if r.sales_order != reference_name]
	if not others:
		return {}
	tasks = frappe.get_all(
		"Warehouse Task",
		filters={
			"reference_doctype": SALES_ORDER,
			"reference_detail": ["in", sorted({r.so_detail for r in others})],
			"task_type": TaskType.PICK.value,
		},
		fields=["task_type", "reference_detail", "warehouse", "status", "qty", "picked_qty", "delivery_note"],
	)
	held, on_delivery_note = pick_coverage(tasks)
	qty: dict[tuple[str, str], float] = defaultdict(float)
	orders: dict[tuple[str, str], set[str]] = defaultdict(set)
	for r in others:
		key = (r.so_detail, r.warehouse)
		unbacked = r.qty - held[key] - max(0.0, on_delivery_note[key] - r.delivered)
		if unbacked > EPSILON:
			qty[(r.item_code, r.warehouse)] += unbacked
			orders[(r.item_code, r.warehouse)].add(r.sales_order)
	return {k: ReservedElsewhere(v, tuple(sorted(orders[k]))) for k, v in qty.items()}


def hold_back_reserved(
	needs: list[LineNeed], rows, reserved: dict, *, items: dict, as_of: date
) -> tuple[list[LineNeed], dict[str, tuple[LineNeed, float, str]]]:
	"""Lower ``needs`` (one warehouse) so they leave other orders' unbacked reservations in the bins.

	Per item, the lines share (in order) what is free in allocatable bins minus
	``reserved[(item, warehouse)]``. Returns the lowered needs and, per line held back,
	(the need as asked, the qty held back, why).
	"""
	held_back: dict[str, tuple[LineNeed, float, str]] = {}
	left: dict[str, float] = {}
	out = []
	for need in needs:
		res = reserved.get((need.item_code, need.warehouse))
		if res is None:
			out.append(need)
			continue
		if need.item_code not in left:
			free = allocatable_free(rows, need.item_code, need.warehouse, as_of)
			left[need.item_code] = max(0.0, free - res.qty)
		take = min(need.qty, left[need.item_code])
		if items[need.item_code].must_be_whole_number:
			take = float(int(take + EPSILON))
		left[need.item_code] -= take
		if need.qty - take > EPSILON:
			label = _("Sales Order") if len(res.orders) == 1 else _("Sales Orders")
			why = _("{0} reserved for {1} {2} (ERPNext Stock Reservation Entries)").format(
				f"{res.qty:g}", label, ", ".join(res.orders)
			)
			held_back[need.detail] = (need, need.qty - take, why)
			need = replace(need, qty=take)
		out.append(need)
	return out, held_back


def with_reservation_shortages(shortages, held_back: dict) -> list[Shortage]:
	"""The core's shortages plus the qty ``hold_back_reserved`` kept back: still one shortage per line."""
	out, merged = [], set()
	for s in shortages:
		if s.line_id not in held_back:
			out.append(s)
			continue
		merged.add(s.line_id)
		asked, kept, why = held_back[s.line_id]
		short = s.short + kept
		phrases = s.message.split("could not be allocated: ", 1)[-1]
		message = (
			f"Order line {asked.detail!r}: {short:g} of {asked.qty:g} x {asked.item_code} could not be "
			f"allocated: {phrases}; {why}"
		)
		out.append(Shortage(s.line_id, s.item, asked.qty, short, s.causes, message))
	for detail, (asked, kept, why) in held_back.items():
		if detail not in merged:
			message = f"Order line {detail!r}: {kept:g} of {asked.qty:g} x {asked.item_code} could not be allocated: {why}"
			out.append(Shortage(detail, asked.item_code, asked.qty, kept, (), message))
	return out
