"""Shortage records: Pick tasks in Exception without a bin, the units no bin could cover."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe.utils import flt, now_datetime

from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.core.waves import RELEASED
from wms_module.erp import SALES_ORDER
from wms_module.services import tasks as task_service


def drop_shortage_records(tasks) -> list[str]:
	"""Delete the order's unallocated-shortage records: they are recomputed by the allocation that follows.

	A line still short gets a new record from that allocation; a line that no longer is
	(its qty was reduced, or it was removed) keeps none. Returns the names deleted.
	"""
	stale = [
		t.name
		for t in tasks
		if t.status == TaskStatus.EXCEPTION.value and not t.source_bin and not flt(t.picked_qty)
	]
	if stale:
		frappe.db.sql("delete from `tabWarehouse Task` where name in %s", (tuple(stale),))
	return stale


def is_shortage_record(t) -> bool:
	"""An unallocated-shortage record: a Pick task in Exception without a bin, nothing picked."""
	return (
		t.task_type == TaskType.PICK.value
		and t.status == TaskStatus.EXCEPTION.value
		and not t.source_bin
		and not flt(t.picked_qty)
	)


def cancel_shortage_records(tasks, *, reason: str) -> list:
	"""Cancel the shortage records among ``tasks`` with ``reason`` (one UPDATE, none without any); returns them."""
	shortages = [t for t in tasks if is_shortage_record(t)]
	task_service.change_status(shortages, TaskStatus.CANCELLED, {"exception_reason": reason})
	return shortages


def shortages_of(sales_order: str) -> list[dict]:
	"""The order's missing units, each once, with its reason (for the desk and the API). One query.

	What is missing is the order's shortage records (Exception tasks without a bin: the qty no
	bin could cover). A short-picked task (Exception with its bin) is not listed itself: its
	short qty was re-issued at once, as a Pick task from another bin (then nothing is missing)
	or as such a record. The record's reason starts with the short picks of its line, so the
	operator's "bin A-01 held 1 of 3" is not lost; ``short_picks`` names those tasks.
	"""
	exceptions = task_service.tasks_of(SALES_ORDER, sales_order, statuses=[TaskStatus.EXCEPTION.value])
	short_picks: dict[str, list] = defaultdict(list)
	for t in exceptions:
		if t.source_bin:
			short_picks[t.reference_detail].append(t)
	out = []
	for t in exceptions:
		if t.source_bin:
			continue
		picks = short_picks.get(t.reference_detail, [])
		reasons = [p.exception_reason for p in picks if p.exception_reason] + [t.exception_reason]
		out.append(
			{
				"item_code": t.item_code,
				"qty": t.short_qty or t.qty,
				"reason": "; ".join(r for r in reasons if r) or None,
				"task": t.name,
				"so_detail": t.reference_detail,
				"short_picks": [p.name for p in picks],
			}
		)
	return out


def waves_held_by_shortages(warehouses: list[str] | None = None) -> list[dict]:
	"""Released waves (Released / In Progress) of ``warehouses`` (None: all) whose orders have
	shortage records: lines no bin can cover, so the wave cannot complete as planned. Each
	{wave, status, warehouse, lines, qty}, the most lines first. One query (the waves by status,
	their orders, the orders' Exception tasks by reference: each on an index)."""
	values = {
		"released": RELEASED,
		"so": SALES_ORDER,
		"pick": TaskType.PICK.value,
		"exception": TaskStatus.EXCEPTION.value,
		"warehouses": tuple(warehouses or ()),
	}
	in_warehouses = "and w.warehouse in %(warehouses)s" if warehouses is not None else ""
	if warehouses is not None and not warehouses:
		return []
	return frappe.db.sql(
		f"""select w.name as wave, w.status, w.warehouse, count(distinct t.name) as `lines`,
			sum(coalesce(nullif(t.short_qty, 0), t.qty)) as qty
		from `tabPick Wave` w
		inner join `tabPick Wave Order` o on o.parent = w.name and o.parenttype = 'Pick Wave'
		inner join `tabWarehouse Task` t on t.reference_doctype = %(so)s and t.reference_name = o.sales_order
		where w.status in %(released)s {in_warehouses}
			and t.task_type = %(pick)s and t.status = %(exception)s
			and coalesce(t.source_bin, '') = '' and coalesce(t.picked_qty, 0) = 0
		group by w.name, w.status, w.warehouse
		order by `lines` desc, w.name asc""",
		values,
		as_dict=True,
	)
