"""Count endpoints: bin counts after a bin denial (a short pick), blind on the handheld.

Operators count (``submit``); a count within WMS Settings' variance tolerance posts at once, a
larger variance waits for a WMS Supervisor, who ``approve``s it or orders a ``recount``. A
supervisor may also ``confirm`` a count of their own. See ``services.counts``.
"""

import frappe

from wms_module.roles import WMS_MANAGER, WMS_ROLES, WMS_SUPERVISOR, require_roles
from wms_module.services import counts, idempotency
from wms_module.services.deadlocks import retry_on_deadlock


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
@retry_on_deadlock
def confirm(task: str, counted_qty: float) -> dict:
	"""Close Count task ``task`` with ``counted_qty`` found in its bin (0 allowed).

	The difference to the bin's books moves to (or from) the warehouse's unlocated bin, so the
	bins and ERPNext stay equal; the bin becomes Active again when no other count holds it.
	Answers book_qty, counted_qty, difference, moved_to_unlocated, taken_from_unlocated,
	not_posted (a surplus the unlocated bin could not cover: receive it in ERPNext) and bin_status.
	"""
	return counts.confirm_count(task=task, counted_qty=counted_qty)


# many parameters: the endpoint's public API (REST, docs/openapi.json), one per scan or choice
@frappe.whitelist(methods=["POST"])
@require_roles(*WMS_ROLES)
@retry_on_deadlock
def submit(
	task: str,
	bin_scan: str,
	item_scan: str,
	counted_qty: float | None = None,
	batch_no: str | None = None,
	idempotency_key: str | None = None,
	started_at: str | None = None,
	confirmed_at: str | None = None,
) -> dict:
	"""An operator's blind count of Count task ``task``: the scanned bin and item (code, barcode,
	GTIN or GS1), then ``counted_qty`` (0 allowed; missing is refused naming the task).

	Within the tolerance (WMS Settings) the count posts at once (status Done); outside it nothing
	is posted and the task waits for a supervisor (status Exception). The answer carries status,
	posted, needs_approval and message, never the book qty. A wrong scan is refused (HTTP 417,
	ScanMismatchError) naming what was scanned and what was expected; a task assigned to someone
	else with HTTP 403.

	``idempotency_key`` (a client UUID): the count sent again with the key answers the first answer
	with ``replayed`` true and counts nothing twice; the key with other arguments or from another
	user is refused (HTTP 409, IdempotencyKeyConflictError).

	``started_at`` and ``confirmed_at`` (ISO 8601 datetimes; optional): the handheld's first scan of
	the task and its confirmation, the start and end of the count's labour log row; checked and
	replaced as for ``wms_module.api.picking.confirm``.
	"""
	args = {
		"task": task,
		"bin_scan": bin_scan,
		"item_scan": item_scan,
		"counted_qty": counted_qty,
		"batch_no": batch_no,
		"started_at": started_at,
		"confirmed_at": confirmed_at,
	}
	return idempotency.once(idempotency_key, f"{__name__}.submit", args, lambda: counts.submit_count(**args))


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
@retry_on_deadlock
def approve(task: str) -> dict:
	"""Post the operator's count that waits for approval: counted - the books at the count, applied
	to the books of now (a pick confirmed since stays picked); the bin becomes Active again.

	Answers what ``confirm`` answers plus book_qty_at_count, moved_since_count, counted_by,
	counted_on and approved_by.
	"""
	return counts.approve_count(task=task)


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
@retry_on_deadlock
def recount(task: str) -> dict:
	"""Reject the operator's count that waits for approval and reopen the task for a new blind count
	(counted qty cleared, nothing posted, the bin stays Counting)."""
	return counts.recount_count(task=task)
