"""ERPNext Stock Reservation Entries of other orders, which the WMS allocation leaves in the bins.

ERPNext stock reservation (v15) and WMS allocation. With Stock Settings >
enable_stock_reservation on, a Sales Order submitted with Reserve Stock gets one Stock
Reservation Entry per line (``create_stock_reservation_entries_for_so_items`` in
erpnext/stock/doctype/stock_reservation_entry/stock_reservation_entry.py, called from
SalesOrder.on_submit in erpnext/selling/doctype/sales_order/sales_order.py) for
min(unreserved qty, actual qty - other open reservations): reservations name a
*warehouse*, never a storage bin. An entry is open while submitted and not
Delivered/Cancelled and holds reserved_qty - delivered_qty; ``Bin.reserved_stock`` is
their sum (erpnext/stock/doctype/bin/bin.py update_reserved_stock). The Delivery Note of
the line raises delivered_qty on submit and lowers it on cancel
(DeliveryNote.update_stock_reservation_entries in
erpnext/stock/doctype/delivery_note/delivery_note.py) *before* its stock ledger
posting, and the posting of any outward entry is refused when it would leave less on
hand than ``Bin.reserved_stock`` ("N units of ITEM needed in WAREHOUSE ... to complete
this transaction", erpnext/stock/stock_ledger.py validate_reserved_stock). So in ERPNext
another order can never ship reserved stock; the order's own cancel cancels its entries.

The WMS allocation is one level below (which storage bin a line is picked from) and
follows that rule so that no Pick task is made for stock whose Delivery Note ERPNext
would refuse: when allocating order X, ``reserved_elsewhere`` reads the open
reservations of the lines' (item, warehouse) (``erp.get_open_reservations``, one query,
nothing when reservation is off or absent) and, for the lines of OTHER orders, the part
their Pick tasks do not hold yet (open tasks' qty, picked qty not on a Delivery Note,
picked qty on a Delivery Note the reservation has not counted as delivered, i.e. a
draft; one query). ``hold_back_reserved`` then lets X's lines of that item share only
(unallocated stock in active pick/reserve bins, no expired batch) - (those unbacked
reservations); what that holds back becomes part of the line's Exception task,
"N reserved for Sales Order SAL-ORD-... (ERPNext Stock Reservation Entries)". X's own
reservations are no limit: they are X's to pick. Once the reserving order has its own
Pick tasks, the units are allocated in bins and held back as "allocated to other
orders" like any allocation. The WMS neither creates nor cancels reservations; a short
pick leaves the order's reservation as it is (ERPNext keeps it until delivered or
cancelled), and ``make_delivery_note`` maps lines as usual, the Delivery Note consuming
the reservations. Not covered: reservations by batch/serial (Reservation Based On
"Serial and Batch") are counted by qty only, not per batch.
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
