"""Pick endpoints for the handheld: the operator's tasks, confirm a pick, create tasks on demand."""

from dataclasses import asdict

import frappe

from wms_module.roles import WMS_MANAGER, WMS_ROLES, WMS_SUPERVISOR, require_roles
from wms_module.services import allocation, idempotency, picking, task_lists
from wms_module.services import shortages as shortage_records
from wms_module.services.deadlocks import retry_on_deadlock


# many parameters: the endpoint's public API (REST, docs/openapi.json), one per scan or choice
@frappe.whitelist(methods=["POST"])
@require_roles(*WMS_ROLES)
@retry_on_deadlock
def confirm(
	task: str,
	bin_scan: str,
	item_scan: str,
	qty: float | None = None,
	tote: str | None = None,
	short: bool = False,
	batch_no: str | None = None,
	idempotency_key: str | None = None,
	started_at: str | None = None,
	confirmed_at: str | None = None,
) -> dict:
	"""Confirm a Pick task: the scanned bin, then item (code, barcode, GTIN or GS1 with batch), qty, tote.

	``short``: the bin holds only ``qty`` (0 allowed); the rest is re-allocated from
	another bin when there is stock, else the line stays short. The answer then names
	``reallocated`` ([{task, bin_code, qty, sequence}]: the new picks, placed in the tour's walking
	order), ``count_task`` (the bin is put under count) and ``unallocated_qty`` (what no bin holds).
	A wrong scan or an
	over-pick is refused (HTTP 417, exc_type ScanMismatchError / WMSValidationError)
	naming what was scanned and what was expected; a task assigned to someone else
	is refused with HTTP 403.

	``idempotency_key`` (a client UUID): sending the confirmation again with the key answers the
	first answer with ``replayed`` true and picks nothing twice; the key with other arguments or
	from another user is refused (HTTP 409, IdempotencyKeyConflictError). A refused confirmation
	keeps no key.

	``started_at`` (ISO 8601 datetime, e.g. ``2026-12-05T07:01:02.345Z``; optional): when the handheld
	scanned this task first. It starts the confirmation's labour log row (WMS Labor Log) if it is
	believable: not more than 2 minutes ahead of the server's clock, not before the task was
	created, not more than 12 hours ago. Otherwise (or when missing or not a datetime) the row
	starts at the end of the operator's previous labour log row, else at the confirmation.
	``confirmed_at`` (ISO 8601; optional): when the operator confirmed on the handheld; a
	confirmation queued offline and sent later ends its labour log row then, not on arrival (same
	checks, and not before the operator's previous row ended; else the arrival). Neither time
	ever refuses a confirmation.
	"""
	command = picking.ConfirmPick(
		task, bin_scan, item_scan, qty, tote, bool(short), batch_no, started_at, confirmed_at
	)
	return idempotency.once(
		idempotency_key,
		f"{__name__}.confirm",
		asdict(command),
		lambda: picking.confirm_pick(command).as_dict(),
	)


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def my_tasks(
	wave: str | None = None, task_type: str | None = None, limit: int | None = None, after: str | None = None
) -> list[dict]:
	"""Open tasks assigned to the signed-in operator or queued for anyone: picks in tour order, then
	counts by priority and walking order (blind: no book qty). ``task_type`` Pick or Count: only those;
	Putaway: the open Putaway tasks (by priority, oldest first), each with ``suggested_bin_code`` /
	``suggested_bin_barcode``, the source and destination bin codes and the pallet's ``sscc``.

	One page of ``limit`` rows (default 200, at most 500), each with its ``cursor``: a full page
	may have more; ask again with ``after`` = the last row's cursor (a shorter page is the end)."""
	return task_lists.my_tasks(wave=wave, task_type=task_type, limit=limit, after=after)


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR, "Sales Manager", "Sales User", "Stock Manager")
@retry_on_deadlock
def create_pick_tasks(sales_order: str) -> dict:
	"""Allocate a submitted Sales Order now (WMS Settings > Create Pick Tasks = On Demand)."""
	so = frappe.get_doc("Sales Order", sales_order)
	if so.docstatus != 1:
		frappe.throw(frappe._("Sales Order {0} is not submitted").format(sales_order))
	return allocation.allocate_sales_order(sales_order=so).as_dict()


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES, "Sales User", "Stock User")
def shortages(sales_order: str) -> list[dict]:
	"""The order's short lines with their reasons."""
	return shortage_records.shortages_of(sales_order)
