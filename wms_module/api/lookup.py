"""Lookup for the handheld: scan anything (bin, item, GTIN / GS1, batch, pallet SSCC)."""

import frappe

from wms_module.roles import WMS_ROLES, require_roles
from wms_module.services import lookup


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def scan(value: str, warehouse: str | None = None) -> dict:
	"""What ``value`` is and where its stock is; writes nothing.

	``kind`` "sscc": ``tasks`` (open Warehouse Tasks carrying the pallet) and ``receipt_lines``
	(Purchase Receipt lines listing it); "bin": ``bins`` and their ``stock``; "item" / "batch":
	``item_code``, ``item_name``, ``batch_no``, ``expiry_date`` and ``stock`` (bins holding it, largest
	first, at most 100: ``more`` when there are more), ``total_on_hand``; "unknown": ``message`` and
	``readings`` (why each reading failed). Stock rows: storage_bin, bin_code, warehouse, item_code,
	batch_no, on_hand, allocated (None for an operator while a Count task holds them: counts are
	blind). ``warehouse`` narrows a repeated bin code and an item's stock to one warehouse."""
	return lookup.lookup_scan(value, warehouse=warehouse)
