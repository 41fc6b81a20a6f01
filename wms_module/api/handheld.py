"""Endpoints only the handheld app (``/wms``) needs; its confirmations go to api.picking / api.counts."""

import frappe

from wms_module.roles import WMS_ROLES, require_roles
from wms_module.services import scans


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def check_scan(task: str, bin_scan: str, item_scan: str | None = None) -> dict:
	"""Check the scans of Pick or Count task ``task`` so far: the bin, then (when given) the item.

	Nothing is written. A wrong scan is refused as the confirmation would refuse it (HTTP 417,
	ScanMismatchError) naming what was scanned and what was expected; a closed task with 417, a
	task assigned to someone else with 403. Answers task, bin_code, item_code, batch_no and qty
	(the quantity a GS1 scan carries, else None).
	"""
	return scans.check_scans(task=task, bin_scan=bin_scan, item_scan=item_scan)
