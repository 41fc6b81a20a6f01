"""Storage zones and bins: the unlocated bin every warehouse has, and bin look-ups."""

from __future__ import annotations

from collections.abc import Iterable

import frappe
from frappe import _

from wms_module.core.bins import BinStatus, MixPolicy, StorageBin

UNLOCATED_CODE = "UNLOCATED"


def storage_bin_name(bin_code: str, warehouse: str) -> str:
	"""The document name of a bin: its code, then its warehouse (codes repeat across warehouses)."""
	return f"{bin_code} - {warehouse}"


def storage_zone_name(zone_code: str, warehouse: str) -> str:
	return f"{zone_code} - {warehouse}"


def ensure_unlocated_bin(warehouse: str) -> str:
	"""The warehouse's unlocated bin, created (with its zone) on first use. Returns its name."""
	name = storage_bin_name(UNLOCATED_CODE, warehouse)
	if frappe.db.exists("Storage Bin", name):
		return name
	zone = storage_zone_name(UNLOCATED_CODE, warehouse)
	if not frappe.db.exists("Storage Zone", zone):
		frappe.get_doc(
			{
				"doctype": "Storage Zone",
				"zone_code": UNLOCATED_CODE,
				"warehouse": warehouse,
				"zone_type": "Unlocated",
				"description": _("Stock ERPNext posted without a bin"),
			}
		).insert(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "Storage Bin",
			"bin_code": UNLOCATED_CODE,
			"warehouse": warehouse,
			"zone": zone,
			"bin_type": "Virtual",
			"is_unlocated": 1,
		}
	).insert(ignore_permissions=True)
	return name


def unlocated_bins(warehouses: Iterable[str]) -> dict[str, str]:
	"""warehouse -> its unlocated bin, creating the missing ones."""
	return {w: ensure_unlocated_bin(w) for w in sorted(set(warehouses))}


def load_bins(names: Iterable[str]) -> dict[str, frappe._dict]:
	"""Storage Bin rows by name, in one query."""
	names = sorted(set(filter(None, names)))
	if not names:
		return {}
	rows = frappe.get_all(
		"Storage Bin",
		filters={"name": ["in", names]},
		fields=[
			"name",
			"bin_code",
			"warehouse",
			"zone",
			"zone_type",
			"status",
			"mix_policy",
			"max_qty",
			"max_volume",
			"max_weight",
			"is_unlocated",
		],
	)
	return {r.name: r for r in rows}


def as_core_bin(row) -> StorageBin:
	"""A Storage Bin row as the core's rule object (0 capacity = unlimited)."""
	return StorageBin(
		code=row.name,
		warehouse=row.warehouse,
		status=BinStatus(row.status.lower()),
		mix_policy={
			"Mixed": MixPolicy.MIXED,
			"Single Item": MixPolicy.SINGLE_ITEM,
			"Single Batch": MixPolicy.SINGLE_BATCH,
		}[row.mix_policy],
		max_qty=row.max_qty or None,
		max_volume=row.max_volume or None,
		max_weight=row.max_weight or None,
	)


def require_bin(name: str, *, warehouse: str | None = None) -> frappe._dict:
	"""A Storage Bin row, or a clear error naming the bin (and the expected warehouse)."""
	row = load_bins([name]).get(name)
	if not row:
		frappe.throw(_("Storage Bin {0} does not exist").format(frappe.bold(name)), frappe.DoesNotExistError)
	if warehouse and row.warehouse != warehouse:
		frappe.throw(
			_("Storage Bin {0} belongs to {1}, expected a bin of {2}").format(
				frappe.bold(name), row.warehouse, warehouse
			)
		)
	return row
