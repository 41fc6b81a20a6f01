"""Shortage records: Pick tasks in Exception without a bin, the units no bin could cover."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe.utils import flt, now_datetime

from wms_module.core.tasks import TaskStatus, TaskType
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
