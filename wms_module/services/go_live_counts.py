"""The go-live count: the stock adopted into a warehouse's unlocated bin is counted into its real
bins, bin by bin, blind (services.going_live adopts it; this places it).

Nobody knows at go-live which item lies in which bin, so a go-live count task is a *sweep* of one
bin: a Count task with no item, its reference the Warehouse Layout. The operator scans the bin,
then each item found there with its count; each item becomes a Count task of its own (its
reference the sweep), counted and posted like any count (``services.count_posting``): what it
finds above the bin's books comes out of the unlocated bin. When the bin is done, the operator
finishes the sweep.

Tolerance at go-live. A surplus the unlocated bin covers is no variance: ERPNext's stock does not
change, the units only get their place, so it posts at once. A count that needs more than the
unlocated bin holds, or finds less than the bin's books (an item counted twice in one bin), is a
variance like any other: within WMS Settings' count tolerance it posts, else it waits for a
supervisor (Awaiting Approval: ``api.counts.approve`` / ``recount``).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from wms_module.core.bins import EPSILON
from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.exceptions import CountNotAvailableError
from wms_module.services import scans
from wms_module.services import tasks as task_service
from wms_module.services.bin_denial import HOLDING_STATUSES, lock_bin_of_task, locked_bin_code, release_bin
from wms_module.services.count_posting import CountFound, bin_balances, post_count
from wms_module.services.counts import count_tolerance, counted, hold_for_approval
from wms_module.services.going_live import check_managed
from wms_module.services.task_access import AWAITING_APPROVAL, check_counter, lock_count_task

LAYOUT = "Warehouse Layout"
NOT_SWEPT_ZONE_TYPES = ("Unlocated", "Staging", "Receiving")
"""Bins a go-live count does not sweep: the unlocated bin itself, and staging and receiving bins,
which hold stock on its way, not stock that lives there."""


def is_sweep(t) -> bool:
	return t.task_type == TaskType.COUNT.value and not t.item_code and t.reference_doctype == LAYOUT


def plan_sweeps(*, warehouse: str, zone: str | None = None, aisle: str | None = None) -> dict:
	"""One sweep per storage bin of the warehouse (of ``zone``, of ``aisle``) that has none open,
	in walking order. Refused for a warehouse the WMS does not manage. Three queries."""
	check_managed(warehouse)
	filters = {"warehouse": warehouse, "is_unlocated": 0, "zone_type": ["not in", NOT_SWEPT_ZONE_TYPES]}
	if zone:
		filters["zone"] = zone
	if aisle:
		filters["aisle"] = aisle
	bins = frappe.get_all(
		"Storage Bin", filters=filters, fields=["name", "zone"], order_by="pick_sequence asc, bin_code asc"
	)
	swept = set(
		frappe.get_all(
			"Warehouse Task",
			filters={
				"warehouse": warehouse,
				"reference_doctype": LAYOUT,
				"task_type": TaskType.COUNT.value,
				"status": ["in", list(HOLDING_STATUSES)],
			},
			pluck="source_bin",
		)
	)
	new = [
		task_service.NewTask(
			task_type=TaskType.COUNT.value,
			warehouse=warehouse,
			item_code=None,
			qty=0,
			source_bin=b.name,
			zone=b.zone,
			reference_doctype=LAYOUT,
			reference_name=warehouse,
			exception_reason=_("Go-live count: count every item in the bin"),
		)
		for b in bins
		if b.name not in swept
	]
	return {
		"warehouse": warehouse,
		"created": len(task_service.insert_tasks(new)),
		"already_open": len(swept),
	}


def record_item(
	*, task: str, bin_scan: str, item_scan: str, counted_qty, batch_no: str | None = None
) -> dict:
	"""One item the operator found in a swept bin: its own Count task, posted or held (see the
	module's docstring). The sweep goes on (In Progress) until ``finish_sweep``."""
	user = frappe.session.user
	locked_bin = lock_bin_of_task(task)  # Storage Bin -> task -> Bin Stock, as every count
	sweep = lock_count_task(task)
	if not is_sweep(sweep):
		frappe.throw(_("Warehouse Task {0} is not a go-live count").format(task), CountNotAvailableError)
	check_counter(sweep, user)
	scans.check_bin_scan(sweep, {locked_bin.name: locked_bin} if locked_bin else {}, bin_scan)
	item, batch, _qty = scans.any_item_of_scan(sweep, item_scan)
	batch = batch or batch_no or None
	qty = counted(counted_qty, sweep.name)
	t = item_count(sweep, item, batch, user)
	bin_code = locked_bin_code(locked_bin, sweep.source_bin)
	books = bin_balances(t)
	found = CountFound(qty=qty, difference=qty - books.on_hand, book=books.on_hand, counted_by=user)
	recorded = {"counted_by": user, "counted_on": now_datetime(), "book_qty_at_count": found.book}
	start_sweep(sweep, user)
	answer = {"sweep": sweep.name, "task": t.name, "bin_code": bin_code, "item_code": item, "batch_no": batch}
	covered = -EPSILON <= found.difference <= books.spare + EPSILON
	if covered or count_tolerance().allows(found.difference, found.book):
		posted = post_count(t, found, books, bin_code=bin_code, extra=recorded)
		return {
			**answer,
			"status": TaskStatus.DONE.value,
			"posted": True,
			"placed": posted["taken_from_unlocated"],
		}
	hold_for_approval(t, found, bin_code=bin_code, recorded=recorded)
	return {**answer, "status": AWAITING_APPROVAL, "posted": False, "placed": 0.0}


def item_count(sweep, item: str, batch: str | None, user: str) -> frappe._dict:
	"""The Count task of one item found by a sweep, In Progress for ``user``, read back as the
	count services read their tasks."""
	(name,) = task_service.insert_tasks(
		[
			task_service.NewTask(
				task_type=TaskType.COUNT.value,
				warehouse=sweep.warehouse,
				item_code=item,
				batch_no=batch,
				qty=0,
				status=TaskStatus.IN_PROGRESS.value,
				source_bin=sweep.source_bin,
				zone=sweep.zone,
				reference_doctype="Warehouse Task",
				reference_name=sweep.name,
				assigned_to=user,
			)
		]
	)
	return lock_count_task(name)


def start_sweep(sweep, user: str) -> None:
	if sweep.status != TaskStatus.IN_PROGRESS.value:
		columns = {"assigned_to": sweep.assigned_to or user, "started_on": sweep.started_on or now_datetime()}
		task_service.change_status([sweep], TaskStatus.IN_PROGRESS, columns)


def finish_sweep(*, task: str) -> dict:
	"""The operator is done with the bin: the sweep is Done; what it found stays on its item
	counts (``items``)."""
	user = frappe.session.user
	lock_bin_of_task(task)  # Storage Bin -> task: the sweep may be what still holds the bin Counting
	sweep = lock_count_task(task)
	if not is_sweep(sweep):
		frappe.throw(_("Warehouse Task {0} is not a go-live count").format(task), CountNotAvailableError)
	check_counter(sweep, user)
	now = now_datetime()
	columns = {"confirmed_by": user, "completed_on": now, "started_on": sweep.started_on or now}
	task_service.change_status([sweep], TaskStatus.DONE, columns)
	release_bin(sweep.source_bin, now=now, user=user)
	items = frappe.get_all(
		"Warehouse Task",
		filters={"reference_doctype": "Warehouse Task", "reference_name": sweep.name},
		fields=["name", "item_code", "batch_no", "counted_qty", "status"],
		order_by="creation asc",
	)
	return {"sweep": sweep.name, "status": TaskStatus.DONE.value, "items": items}
