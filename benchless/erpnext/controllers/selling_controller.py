"""benchless stand-in for erpnext/controllers/selling_controller.py (ERPNext v15).
Pricing, taxes, commissions, credit limits and packed items are not modelled."""

import frappe
from frappe import _
from frappe.utils import cint, flt

from erpnext.controllers.stock_controller import StockController


class SellingController(StockController):
	def validate(self):
		super().validate()  # StockController.validate: quality inspection
		self.set_missing_values()
		self.set_missing_item_details()

	def set_missing_values(self, for_validate=False):
		if self.get("customer") and self.meta.has_field("customer_name") and not self.get("customer_name"):
			self.customer_name = frappe.db.get_value("Customer", self.customer, "customer_name")
		if self.get("set_warehouse"):
			for d in self.get("items") or []:
				if not d.get("warehouse"):
					d.warehouse = self.set_warehouse

	def check_sales_order_on_hold_or_close(self, ref_fieldname):
		for d in self.get("items") or []:
			if d.get(ref_fieldname):
				status = frappe.db.get_value("Sales Order", d.get(ref_fieldname), "status")
				if status in ("Closed", "On Hold"):
					frappe.throw(_("Sales Order {0} is {1}").format(d.get(ref_fieldname), status))

	def update_reserved_qty(self):
		so_map = {}
		for d in self.get("items") or []:
			if d.get("so_detail") and d.get("against_sales_order"):
				so_map.setdefault(d.against_sales_order, []).append(d.so_detail)
		for so, so_item_rows in so_map.items():
			sales_order = frappe.get_doc("Sales Order", so)
			if sales_order.status in ["Closed", "Cancelled"]:
				frappe.throw(_("{0} {1} is cancelled or closed").format(_("Sales Order"), so), frappe.InvalidStatusError)
			sales_order.update_reserved_qty(so_item_rows)

	def update_stock_ledger(self):
		self.update_reserved_qty()

		sl_entries = []
		for d in self.get("items") or []:
			if not cint(frappe.db.get_value("Item", d.item_code, "is_stock_item")) or not flt(d.get("stock_qty")):
				continue
			if d.warehouse:
				# returns carry negative qty, so this is an inward entry for them
				sl_entries.append(self.get_sl_entries(d, {"actual_qty": -1 * flt(d.stock_qty), "incoming_rate": 0}))
		if self.docstatus == 2:
			sl_entries.reverse()
		self.make_sl_entries(sl_entries)
