"""benchless stand-in for erpnext/stock/stock_balance.py (ERPNext v15): reserved qty."""

import frappe
from frappe.utils import flt

from erpnext.stock.utils import get_or_make_bin


def get_reserved_qty(item_code, warehouse):
	"""Qty ordered on submitted, open Sales Orders and not yet delivered, in stock UOM."""
	rows = frappe.get_all(
		"Sales Order Item",
		filters={"item_code": item_code, "warehouse": warehouse, "docstatus": 1, "delivered_by_supplier": 0},
		fields=["parent", "stock_qty", "delivered_qty", "conversion_factor"],
	)
	if not rows:
		return 0.0
	parents = {r.parent for r in rows}
	closed = set(
		frappe.get_all(
			"Sales Order",
			filters={"name": ["in", sorted(parents)], "status": ["in", ["On Hold", "Closed"]]},
			pluck="name",
		)
	)
	reserved = 0.0
	for r in rows:
		if r.parent in closed:
			continue
		pending = flt(r.stock_qty) - flt(r.delivered_qty) * (flt(r.conversion_factor) or 1)
		if pending > 0:
			reserved += pending
	return reserved


def update_bin_qty(item_code, warehouse, qty_dict=None):
	from erpnext.stock.doctype.bin.bin import get_bin_details

	bin_name = get_or_make_bin(item_code, warehouse)
	details = get_bin_details(bin_name)
	values = dict(qty_dict or {})
	merged = {k: flt(values.get(k, details.get(k))) for k in details}
	merged["projected_qty"] = (
		merged["actual_qty"]
		+ merged["ordered_qty"]
		+ merged["indented_qty"]
		+ merged["planned_qty"]
		- merged["reserved_qty"]
		- merged["reserved_qty_for_production"]
		- merged["reserved_qty_for_sub_contract"]
	)
	values["projected_qty"] = merged["projected_qty"]
	frappe.db.set_value("Bin", bin_name, values)
