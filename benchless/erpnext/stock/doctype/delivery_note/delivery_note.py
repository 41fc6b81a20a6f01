# benchless stand-in for erpnext/stock/doctype/delivery_note/delivery_note.py (ERPNext v15)
# Kept: warehouse / batch validation, stock posting and reversal, delivered qty and
# delivery status on the Sales Order (status_updater), reserved qty, status.
# Not modelled: billing, packing slips, returns against invoices, GL entries.

import frappe
from frappe import _
from frappe.utils import cint, flt

from erpnext.controllers.selling_controller import SellingController


class DeliveryNote(SellingController):
	def __init__(self, *args, **kwargs):
		super().__init__(*args, **kwargs)
		self.status_updater = [
			{
				"source_dt": "Delivery Note Item",
				"target_dt": "Sales Order Item",
				"join_field": "so_detail",
				"target_field": "delivered_qty",
				"target_parent_dt": "Sales Order",
				"target_parent_field": "per_delivered",
				"target_ref_field": "qty",
				"source_field": "qty",
				"percent_join_field": "against_sales_order",
				"status_field": "delivery_status",
				"keyword": "Delivered",
				"overflow_type": "delivery",
			}
		]

	def validate(self):
		self.validate_posting_time()
		super().validate()
		self.set_status()
		self.check_sales_order_on_hold_or_close("against_sales_order")
		self.validate_warehouse()
		self.validate_warehouse_company(("warehouse",))
		self.validate_uom_is_integer("stock_uom", "stock_qty")
		self.validate_uom_is_integer("uom", "qty")
		self.validate_batches("warehouse", inward=cint(self.is_return))
		self.update_current_stock()

	def validate_warehouse(self):
		for d in self.get("items"):
			if cint(frappe.db.get_value("Item", d.item_code, "is_stock_item")) == 1:
				if not d.warehouse:
					frappe.throw(_("Warehouse required for stock Item {0}").format(d.item_code))

	def update_current_stock(self):
		for d in self.get("items"):
			d.actual_qty = flt(
				frappe.db.get_value("Bin", {"item_code": d.item_code, "warehouse": d.warehouse}, "actual_qty")
			)
			if d.get("batch_no") and d.warehouse:
				from erpnext.stock.doctype.batch.batch import get_batch_qty

				d.actual_batch_qty = get_batch_qty(d.batch_no, d.warehouse)

	def on_submit(self):
		# update delivered qty in sales order
		self.update_prevdoc_status()

		# Updating stock ledger should always be called after updating prevdoc status,
		# because updating reserved qty in bin depends upon updated delivered qty in SO
		self.update_stock_ledger()

	def on_cancel(self):
		self.check_sales_order_on_hold_or_close("against_sales_order")

		self.update_prevdoc_status()

		# Updating stock ledger should always be called after updating prevdoc status,
		# because updating reserved qty in bin depends upon updated delivered qty in SO
		self.update_stock_ledger()

		self.set_status(update=True)
		self.ignore_linked_doctypes = ("GL Entry", "Stock Ledger Entry")

	def update_status(self, status):
		self.set_status(update=True, status=status)
