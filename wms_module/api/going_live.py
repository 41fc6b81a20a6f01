"""Going live on a warehouse that already runs on ERPNext: how far it is, its old orders, and the
go-live count that places its adopted stock in its bins."""

import frappe

from wms_module.roles import WMS_MANAGER, WMS_ROLES, WMS_SUPERVISOR, require_roles
from wms_module.services import go_live_counts, going_live, idempotency
from wms_module.services.deadlocks import retry_on_deadlock


@frappe.whitelist(methods=["GET"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
def status(warehouse: str) -> dict:
	"""Whether the WMS manages ``warehouse``, what its unlocated bin still holds (``unlocated_lines``,
	``unlocated_units``: stock adopted at go-live, not yet counted into real bins) and how many
	open Sales Orders submitted before are not allocated (``open_orders``). Unknown warehouse: 404."""
	return going_live.status(warehouse)


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER)
def allocate_open_orders(warehouse: str) -> dict:
	"""Allocate, in a background job, every open Sales Order of ``warehouse`` that has no Pick task
	(submitted before the warehouse was managed): earliest delivery date first, then Pick Priority.
	Answers ``queued_orders``. A warehouse the WMS does not manage is refused (HTTP 417)."""
	return going_live.queue_open_orders(warehouse)


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
@retry_on_deadlock
def plan_count(warehouse: str, zone: str | None = None, aisle: str | None = None) -> dict:
	"""The go-live count: one blind Count task per storage bin of ``warehouse`` (of ``zone``, of
	``aisle``) that has none open, with no item (the operator counts whatever the bin holds).
	Answers ``created`` and ``already_open``. Refused for a warehouse the WMS does not manage."""
	return go_live_counts.plan_sweeps(warehouse=warehouse, zone=zone, aisle=aisle)


# many parameters: the endpoint's public API (REST, docs/openapi.json)
@frappe.whitelist(methods=["POST"])
@require_roles(*WMS_ROLES)
@retry_on_deadlock
def count_item(
	task: str,
	bin_scan: str,
	item_scan: str,
	counted_qty: float | None = None,
	batch_no: str | None = None,
	idempotency_key: str | None = None,
) -> dict:
	"""One item found in the bin of go-live count ``task``: the scanned bin, the item (code, barcode,
	GTIN or GS1) and ``counted_qty``. What the unlocated bin covers is placed in the bin at once
	(``placed``); a count beyond it, or below the bin's books, follows the count tolerance and
	waits for a supervisor outside it (status Awaiting Approval). The count stays blind. The task
	goes on until ``finish_bin``. ``idempotency_key``: as for ``counts.submit``."""
	args = {
		"task": task,
		"bin_scan": bin_scan,
		"item_scan": item_scan,
		"counted_qty": counted_qty,
		"batch_no": batch_no,
	}
	return idempotency.once(
		idempotency_key, f"{__name__}.count_item", args, lambda: go_live_counts.record_item(**args)
	)


@frappe.whitelist(methods=["POST"])
@require_roles(*WMS_ROLES)
@retry_on_deadlock
def finish_bin(task: str) -> dict:
	"""The operator has counted every item in the bin of go-live count ``task``: it is Done."""
	return go_live_counts.finish_sweep(task=task)
