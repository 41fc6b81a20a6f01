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


BIN_FIELDS = (
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
)


def load_bins(names: Iterable[str]) -> dict[str, frappe._dict]:
	"""Storage Bin rows by name, in one query."""
	names = sorted(set(filter(None, names)))
	if not names:
		return {}
	rows = frappe.get_all(
		"Storage Bin",
		filters={"name": ["in", names]},
		fields=list(BIN_FIELDS),
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


def require_warehouse(warehouse: str) -> None:
	"""Refuse an unknown warehouse as Frappe v15 refuses an unknown document
	(``Document.load_from_db``: "{0} {1} not found", DoesNotExistError, HTTP 404)."""
	if not frappe.db.exists("Warehouse", warehouse):
		frappe.throw(
			_("{0} {1} not found").format(_("Warehouse"), frappe.bold(warehouse)), frappe.DoesNotExistError
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


def resolve_bin(scan: str, *, warehouse: str | None = None, what: str = "storage_bin") -> frappe._dict:
	"""The Storage Bin a handheld means by ``scan``: its name, its code or its barcode (code +
	check character), case-insensitively. Codes repeat across warehouses: when several bins
	match, the one in ``warehouse`` is taken, else the error lists the warehouses to choose from.
	Two queries at most."""
	value = (scan or "").strip()
	if not value:
		frappe.throw(_("{0} is empty; expected a Storage Bin name, code or barcode").format(what))
	if warehouse and not frappe.db.exists("Warehouse", warehouse):
		frappe.throw(
			_("warehouse {0} does not exist; expected the Warehouse of {1} {2}").format(
				frappe.bold(warehouse), what, value
			),
			frappe.DoesNotExistError,
		)
	row = load_bins([value]).get(value)
	if row:
		return row
	forms = sorted({value, value.upper()})
	rows = frappe.get_all(
		"Storage Bin",
		or_filters=[["bin_code", "in", forms], ["barcode", "in", forms]],
		fields=list(BIN_FIELDS),
		order_by="name asc",
	)
	if warehouse and len(rows) > 1:
		rows = [r for r in rows if r.warehouse == warehouse] or rows
	if len(rows) == 1:
		return rows[0]
	if not rows:
		frappe.throw(
			_("{0} {1}: no Storage Bin has this name, code or barcode").format(what, frappe.bold(value)),
			frappe.DoesNotExistError,
		)
	frappe.throw(
		_("{0} {1} is bin code {2} in several warehouses ({3}); give warehouse to choose one").format(
			what, frappe.bold(value), rows[0].bin_code, ", ".join(r.warehouse for r in rows)
		)
	)
