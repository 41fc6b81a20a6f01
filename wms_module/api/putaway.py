"""Putaway endpoints for the handheld: confirm a Putaway task, and ask about a destination first."""

from dataclasses import asdict

import frappe

from wms_module.roles import WMS_ROLES, require_roles
from wms_module.services import idempotency, putaway
from wms_module.services.deadlocks import retry_on_deadlock


# many parameters: the endpoint's public API (REST, docs/openapi.json), one per scan or choice
@frappe.whitelist(methods=["POST"])
@require_roles(*WMS_ROLES)
@retry_on_deadlock
def confirm(
	task: str,
	source_scan: str,
	item_scan: str,
	qty: float,
	destination_scan: str,
	reason: str | None = None,
	idempotency_key: str | None = None,
	started_at: str | None = None,
	confirmed_at: str | None = None,
) -> dict:
	"""Confirm a Putaway task: the scanned source bin, item (code, barcode, GTIN, GS1 with batch, or
	the task's pallet SSCC), qty and destination bin (name, code or barcode with check character).

	The destination is the task's ``suggested_bin``, or another bin of the same warehouse with a
	``reason`` (an override: recorded on the task as ``override_reason``). Either way the bin must
	take the units now: its status, mix policy and capacity, counting what other open putaway tasks
	bring to it. Answers ``task``, ``status`` (Done), ``put_qty``, ``destination_bin`` (and
	``destination_bin_code``), ``suggested_bin``, ``override``, and for a partial confirmation the
	new Open task holding the rest: ``remaining_task`` and ``remaining_qty`` (else None and 0).

	Refused, naming what was scanned and what was expected (HTTP 417): a wrong source bin, item or
	batch (exc_type ScanMismatchError), an unknown destination (ScanMismatchError), an override
	without a reason (OverrideReasonMissingError), a destination that cannot take the units
	(BinCapacityError, BinMixPolicyError, BinNotUsableError), a qty of 0 or above the task
	(WMSValidationError), a task not open (TaskNotAvailableError, naming its status); a task
	assigned to someone else: HTTP 403. A refused confirmation changes nothing.

	``idempotency_key`` (a client UUID): sending the confirmation again with the key answers the
	first answer with ``replayed`` true and moves nothing twice (HTTP 409 for the key with other
	arguments or from another user). ``started_at`` / ``confirmed_at`` (ISO 8601, optional): when
	the handheld first scanned the task and when the operator confirmed; they time the labour log
	row as for a pick (``wms_module.api.picking.confirm``) and never refuse a confirmation.
	"""
	command = putaway.ConfirmPutaway(
		task, source_scan, item_scan, qty, destination_scan, reason, started_at, confirmed_at
	)
	return idempotency.once(
		idempotency_key,
		f"{__name__}.confirm",
		asdict(command),
		lambda: putaway.confirm_putaway(command).as_dict(),
	)


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def check_destination(task: str, destination_scan: str) -> dict:
	"""What a destination scan would be for Putaway task ``task``, before confirming.

	Answers ``destination_bin`` / ``destination_bin_code`` (None when the scan names no bin of the
	task's warehouse), ``suggested_bin`` / ``suggested_bin_code``, ``qty`` (left on the task),
	``is_suggested``, ``needs_reason`` (another bin: the confirmation needs a reason),
	``acceptable`` (the bin takes the units now: status, mix policy, capacity with what other open
	putaway tasks bring) and ``reason``: why not, when it is not acceptable. Nothing is written."""
	return putaway.check_destination(task=task, destination_scan=destination_scan)
