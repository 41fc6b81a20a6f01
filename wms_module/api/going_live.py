"""Going live on a warehouse that already runs on ERPNext: how far it is, and its old orders."""

import frappe

from wms_module.roles import WMS_MANAGER, WMS_SUPERVISOR, require_roles
from wms_module.services import going_live


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
