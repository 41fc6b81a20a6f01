# benchless stand-in for erpnext/stock/doctype/bin/bin.py (ERPNext v15)

import frappe
from frappe.model.document import Document
from frappe.utils import flt


class Bin(Document):
	def before_save(self):
		if self.get("__islocal") or not self.stock_uom:
			self.stock_uom = frappe.db.get_value("Item", self.item_code, "stock_uom")
		self.set_projected_qty()

	def set_projected_qty(self):
		self.projected_qty = (
			flt(self.actual_qty)
			+ flt(self.ordered_qty)
			+ flt(self.indented_qty)
			+ flt(self.planned_qty)
			- flt(self.reserved_qty)
			- flt(self.reserved_qty_for_production)
			- flt(self.reserved_qty_for_sub_contract)
		)

	def update_reserved_stock(self):
		"""Update `Reserved Stock` on change in Reserved Qty of Stock Reservation Entry"""
		from erpnext.stock.doctype.stock_reservation_entry.stock_reservation_entry import (
			get_sre_reserved_qty_for_item_and_warehouse,
		)

		reserved_stock = get_sre_reserved_qty_for_item_and_warehouse(self.item_code, self.warehouse)

		self.db_set("reserved_stock", flt(reserved_stock), update_modified=True)


def get_bin_details(bin_name):
	return frappe.db.get_value(
		"Bin",
		bin_name,
		[
			"actual_qty",
			"ordered_qty",
			"reserved_qty",
			"indented_qty",
			"planned_qty",
			"reserved_qty_for_production",
			"reserved_qty_for_sub_contract",
		],
		as_dict=1,
	)


def update_qty(bin_name, args):
	"""Add the entry's quantities to the Bin and recompute projected_qty (real bin.update_qty).

	benchless also carries valuation_rate / stock_value from the Stock Ledger Entry."""
	bin_details = get_bin_details(bin_name)

	# update the stock values (for current quantities)
	if args.get("voucher_type") == "Stock Reconciliation" and not args.get("actual_qty"):
		actual_qty = args.get("qty_after_transaction")
	else:
		actual_qty = flt(bin_details.actual_qty) + flt(args.get("actual_qty"))

	ordered_qty = flt(bin_details.ordered_qty) + flt(args.get("ordered_qty"))
	reserved_qty = flt(bin_details.reserved_qty) + flt(args.get("reserved_qty"))
	indented_qty = flt(bin_details.indented_qty) + flt(args.get("indented_qty"))
	planned_qty = flt(bin_details.planned_qty) + flt(args.get("planned_qty"))

	# compute projected qty
	projected_qty = (
		flt(actual_qty)
		+ flt(ordered_qty)
		+ flt(indented_qty)
		+ flt(planned_qty)
		- flt(reserved_qty)
		- flt(bin_details.reserved_qty_for_production)
		- flt(bin_details.reserved_qty_for_sub_contract)
	)

	values = {
		"actual_qty": actual_qty,
		"ordered_qty": ordered_qty,
		"reserved_qty": reserved_qty,
		"indented_qty": indented_qty,
		"planned_qty": planned_qty,
		"projected_qty": projected_qty,
	}
	if "valuation_rate" in args and args.get("voucher_type"):
		values["valuation_rate"] = flt(args.get("valuation_rate"))
		values["stock_value"] = flt(actual_qty) * flt(args.get("valuation_rate"))
	frappe.db.set_value("Bin", bin_name, values, update_modified=True)


def on_doctype_update():
	frappe.db.add_index("Bin", ["item_code", "warehouse"])
