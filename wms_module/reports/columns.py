"""Query report columns as Frappe describes them (label, fieldname, fieldtype, options, width)."""

from __future__ import annotations

from frappe import _


def column(label: str, fieldname: str, fieldtype: str, width: int, options: str | None = None) -> dict:
	out = {"label": label, "fieldname": fieldname, "fieldtype": fieldtype, "width": width}
	if options:
		out["options"] = options
	return out


def link(label: str, fieldname: str, doctype: str, width: int) -> dict:
	return column(label, fieldname, "Link", width, options=doctype)


def stock_key_columns() -> list[dict]:
	"""Warehouse, item and batch: the key every stock report rows by."""
	return [
		link(_("Warehouse"), "warehouse", "Warehouse", 160),
		link(_("Item"), "item_code", "Item", 160),
		link(_("Batch"), "batch_no", "Batch", 120),
	]
