"""Delivery Notes from picked orders, consuming the staged stock.

When every Pick task of a Sales Order is final (Done, or Exception for a short
pick / unallocatable shortage), the order's Delivery Note is mapped by ERPNext
(``erp.make_delivery_note``), cut down to what was picked (one row per batch
picked), and given a bin plan (``doc.flags[WMS_PLAN_FLAG]``) that takes the
stock from the staging bin the picks moved it to. WMS Settings decide whether it
stays a draft or is submitted. Each task records its Delivery Note, so a draft
submitted later from the desk gets the same plan (``plan_for_delivery_note``,
hooked on Delivery Note before_submit), and a cancelled Delivery Note frees its
tasks for the next one.
"""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe.utils import flt

from wms_module import erp
from wms_module.core.bins import EPSILON, LedgerRow
from wms_module.core.staging import plan_from_staging
from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.erp import SALES_ORDER
from wms_module.services import tasks as task_service
from wms_module.services.managed import touches_managed_warehouse
from wms_module.services.outbound_settings import DN_NOTHING, DN_SUBMIT, get_outbound_settings
from wms_module.services.stock_sync import WMS_PLAN_FLAG

ROW_FIELDS_NOT_COPIED = {
	"name",
	"idx",
	"parent",
	"parentfield",
	"parenttype",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"__islocal",
	"__unsaved",
}


DELIVERY_NOTE_JOB = "wms_module.services.delivery.deliver_picked_order"
"""The background job that makes an order's Delivery Note once its picks are final."""


def queue_delivery_note(*, sales_order: str) -> bool:
	"""Queue the order's Delivery Note for after this transaction commits, once nothing is left to
	pick. Returns whether it was queued (False while Pick tasks are open). One query, two when
	the order is complete (the settings).

	ERPNext's mapping, validation and stock posting take seconds for a long order, so they do not
	run inside the handheld's confirmation (a crash there would also lose the pick): the job runs
	after the pick is committed, in the short queue, as the confirming user; a rolled-back
	confirmation queues nothing (``enqueue_after_commit``). With WMS Settings' Delivery Note
	action "Do Nothing" nothing is queued."""
	open_tasks = frappe.db.count(
		"Warehouse Task",
		{
			"reference_doctype": SALES_ORDER,
			"reference_name": sales_order,
			"task_type": TaskType.PICK.value,
			"status": ["in", list(task_service.ACTIVE_STATUSES)],
		},
	)
	if open_tasks:
		return False
	if get_outbound_settings().delivery_note_action == DN_NOTHING:
		return False  # nothing would be made: no job, and the handheld does not announce one
	frappe.enqueue(DELIVERY_NOTE_JOB, queue="short", enqueue_after_commit=True, sales_order=sales_order)
	return True


def deliver_picked_order(sales_order: str) -> str | None:
	"""Background job: the order's Delivery Note from what was picked and is on none yet.

	The Sales Order row is locked first, so two jobs for one order (its last two picks confirmed at
	once) make one Delivery Note: the second finds every picked task on it and makes none. Safe to
	run again for the same reason."""
	frappe.db.sql("select name from `tabSales Order` where name=%s for update", (sales_order,))
	return make_delivery_note(sales_order=sales_order)


def picked_undelivered(tasks) -> list:
	return [
		t
		for t in tasks
		if t.task_type == TaskType.PICK.value
		and t.status in (TaskStatus.DONE.value, TaskStatus.EXCEPTION.value)
		and flt(t.picked_qty) > EPSILON
		and not t.delivery_note
		and t.destination_bin
	]


def make_delivery_note(*, sales_order: str, settings=None) -> str | None:
	"""Map, trim to the picked quantities and batches, plan from staging; draft or submit per settings."""
	settings = settings or get_outbound_settings()
	if settings.delivery_note_action == DN_NOTHING:
		return None
	tasks = picked_undelivered(task_service.tasks_of(SALES_ORDER, sales_order))
	if not tasks:
		return None
	picked: dict[str, dict[str | None, float]] = defaultdict(lambda: defaultdict(float))
	for t in tasks:
		picked[t.reference_detail][t.batch_no or None] += flt(t.picked_qty)

	dn = erp.make_delivery_note(sales_order)
	mapped = list(dn.get("items"))
	dn.set("items", [])
	for row in mapped:
		factor = flt(row.conversion_factor) or 1.0
		left = flt(row.qty) * factor  # stock units still to deliver on this line
		for batch, qty in sorted(picked.get(row.so_detail, {}).items(), key=lambda kv: kv[0] or ""):
			qty = min(qty, left)
			if qty <= EPSILON:
				continue
			left -= qty
			values = {k: v for k, v in row.as_dict().items() if k not in ROW_FIELDS_NOT_COPIED}
			values.update(qty=qty / factor, stock_qty=qty, amount=flt(row.rate) * qty / factor)
			if batch:
				values.update(batch_no=batch, use_serial_batch_fields=1)
			dn.append("items", values)
	if not dn.get("items"):
		return None
	dn.flags[WMS_PLAN_FLAG] = staging_plan(dn, tasks)
	dn.insert(ignore_permissions=True)
	frappe.db.sql(
		"update `tabWarehouse Task` set delivery_note=%s where name in %s",
		(dn.name, tuple(t.name for t in tasks)),
	)
	if settings.delivery_note_action == DN_SUBMIT:
		erp.submit_on_behalf(dn)  # the operator's last pick completes the order, not a desk user
	return dn.name


def staging_plan(dn, tasks) -> list[LedgerRow]:
	"""Bin rows taking the Delivery Note's qty of each (warehouse, item, batch) out of the staging
	bins its picks left it in (``core.staging.plan_from_staging``)."""
	wanted: dict[tuple, float] = defaultdict(float)
	for row in dn.get("items"):
		wanted[(row.warehouse, row.item_code, row.get("batch_no") or None)] += flt(row.stock_qty) or flt(
			row.qty
		) * (flt(row.conversion_factor) or 1.0)
	staged: dict[tuple, dict[str, float]] = defaultdict(lambda: defaultdict(float))
	for t in tasks:
		staged[(t.warehouse, t.item_code, t.batch_no or None)][t.destination_bin] += flt(t.picked_qty)
	return plan_from_staging(wanted, staged)


def plan_for_delivery_note(dn) -> None:
	"""Delivery Note before_submit: a draft the WMS made takes its stock from staging as well."""
	if dn.flags.get(WMS_PLAN_FLAG) or dn.is_new() or not touches_managed_warehouse(dn):
		return
	tasks = frappe.get_all(
		"Warehouse Task",
		filters={"delivery_note": dn.name, "task_type": TaskType.PICK.value},
		fields=list(task_service.READ_FIELDS),
	)
	if tasks:
		dn.flags[WMS_PLAN_FLAG] = staging_plan(dn, tasks)


def release_delivery_note(dn) -> None:
	"""Delivery Note on_cancel: its picks are free for the next Delivery Note (the stock is back in staging)."""
	frappe.db.sql("update `tabWarehouse Task` set delivery_note=NULL where delivery_note=%s", (dn.name,))
	ignore = dn.get("ignore_linked_doctypes") or ()
	if "Warehouse Task" not in ignore:
		dn.ignore_linked_doctypes = (list(ignore) if isinstance(ignore, list) else tuple(ignore)) + (
			["Warehouse Task"] if isinstance(ignore, list) else ("Warehouse Task",)
		)
