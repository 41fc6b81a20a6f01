"""Labour endpoints for the handheld: indirect time (break, meeting, ...) and the operator's own day.

Direct work is logged by the confirmations themselves (``api.picking.confirm``,
``api.counts.submit``, with their ``started_at``); see ``services.labor``.
"""

import frappe

from wms_module.roles import WMS_ROLES, require_roles
from wms_module.services import idempotency, labor_figures
from wms_module.services.deadlocks import retry_on_deadlock


@frappe.whitelist(methods=["POST"])
@require_roles(*WMS_ROLES)
@retry_on_deadlock
def indirect(
	activity: str,
	started_at: str,
	ended_at: str,
	remarks: str | None = None,
	idempotency_key: str | None = None,
) -> dict:
	"""Log indirect time of the signed-in operator: ``activity`` (Break, Meeting, Cleaning, Waiting for
	Stock, Equipment or Other) from ``started_at`` to ``ended_at`` (ISO 8601 datetimes; with an
	offset such as ``Z`` they are moved to the server's time zone).

	Refused with HTTP 417 (WMSValidationError), the message naming the input: an unknown activity,
	a time that is not a datetime, ``ended_at`` not after ``started_at``, an interval in the future
	(beyond 2 minutes' clock skew) or longer than 12 hours, and one that overlaps a labour log row
	the operator already has (a pick, a count or other indirect time). Answers the row written
	(name, activity, started_on, ended_on, duration_s, minutes, shift, shift_date).

	``idempotency_key`` (a client UUID): the handheld queues the activity while offline and may send
	it twice; the second answers the first with ``replayed`` true and logs nothing twice.
	"""
	args = {"activity": activity, "started_at": started_at, "ended_at": ended_at, "remarks": remarks}
	return idempotency.once(
		idempotency_key,
		f"{__name__}.indirect",
		args,
		lambda: labor_figures.record_indirect(**args),
	)


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def my_day() -> dict:
	"""The signed-in operator's own figures for their current shift: direct and indirect minutes,
	standard minutes, lines, units and performance % (Σ standard ÷ Σ actual over direct time;
	None before any direct work). Only the caller's own rows are read."""
	return labor_figures.my_day()
