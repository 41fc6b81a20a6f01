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
from wms_module.core.allocation import OrderLine, Shortage
from wms_module.core.bins import EPSILON
from wms_module.core.reservations import HeldBack, Reserved, hold_back, with_held_back
from wms_module.core.tasks import TaskType
from wms_module.erp import SALES_ORDER
from wms_module.services.order_lines import LineNeed, pick_coverage
from wms_module.services.slots import allocatable_free


def reserved_elsewhere(
	needs: list[LineNeed], *, reference_doctype: str, reference_name: str
) -> dict[tuple[str, str], Reserved]:
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
	return {k: Reserved(v, tuple(sorted(orders[k]))) for k, v in qty.items()}


def hold_back_reserved(
	needs: list[LineNeed], rows, reserved: dict, *, items: dict, as_of: date
) -> tuple[list[LineNeed], list[HeldBack]]:
	"""Lower ``needs`` (one warehouse) so they leave other orders' unbacked reservations in the bins
	(``core.reservations.hold_back`` over what is free in allocatable bins). Returns the lowered
	needs and what each line kept back."""
	warehouse_of = {n.item_code: n.warehouse for n in needs}
	lines = [
		OrderLine(n.detail, n.item_code, n.qty, whole_number=bool(items[n.item_code].must_be_whole_number))
		for n in needs
	]
	reserved_here = {
		item: reserved[(item, warehouse)]
		for item, warehouse in warehouse_of.items()
		if (item, warehouse) in reserved
	}
	free = {item: allocatable_free(rows, item, warehouse_of[item], as_of) for item in reserved_here}
	lowered, held = hold_back(lines, free=free, reserved=reserved_here)
	return [replace(n, qty=line.qty) for n, line in zip(needs, lowered, strict=True)], held


def reservation_phrase(h: HeldBack) -> str:
	"""Why ``h.kept`` was left: "3 reserved for Sales Order SO-2 (ERPNext Stock Reservation Entries)"."""
	label = _("Sales Order") if len(h.reserved.orders) == 1 else _("Sales Orders")
	return _("{0} reserved for {1} {2} (ERPNext Stock Reservation Entries)").format(
		f"{h.reserved.qty:g}", label, ", ".join(h.reserved.orders)
	)


def with_reservation_shortages(shortages, held: list[HeldBack]) -> list[Shortage]:
	"""The core's shortages plus the qty ``hold_back_reserved`` kept back: still one shortage per line."""
	return with_held_back(shortages, held, reservation_phrase)
