"""Bin/ERPNext drift: read it, and repair it through the unlocated bins."""

import frappe

from wms_module.roles import WMS_MANAGER, WMS_SUPERVISOR, require_roles
from wms_module.services import reconciliation


@frappe.whitelist(methods=["GET"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
def drift(warehouse: str | None = None) -> list[dict]:
	"""Every (warehouse, item, batch) whose bins differ from ERPNext's stock: of ``warehouse``,
	or of every leaf warehouse when none is given. An unknown warehouse is 404 (DoesNotExistError)."""
	return [d.as_row() for d in reconciliation.find_drift(warehouse)]


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER)
def repair(warehouse: str | None = None) -> dict:
	"""Repair the drift through the unlocated bins and log it (Bin Drift Log). An unknown
	warehouse is 404 (DoesNotExistError), nothing written."""
	return reconciliation.repair(warehouse)
