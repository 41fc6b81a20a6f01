"""The supervisor's endpoint: the floor view (the page /wms/supervisor reads it every 30 s)."""

import frappe

from wms_module.roles import WMS_MANAGER, WMS_SUPERVISOR, require_roles
from wms_module.services import floor as floor_service


@frappe.whitelist(methods=["GET"])
@require_roles(WMS_SUPERVISOR, WMS_MANAGER)
def floor(warehouse: str | None = None, idle_minutes: int | None = None) -> dict:
	"""The floor now: open work by zone and age bucket, each operator's current task and last
	confirmation (``state`` working / idle / waiting / free; ``performance`` None until the labour log
	fills it), waves blocked by shortages, and the bottlenecks in plain words (``bottlenecks[].text``).

	``warehouse``: one warehouse (refused with HTTP 403 when the user's User Permissions do not
	allow it); empty: every warehouse the user may see. ``idle_minutes``: how long without a
	confirmation makes an operator idle (default 15)."""
	return floor_service.floor(warehouse=warehouse, idle_minutes=idle_minutes)
