# benchless stand-in for erpnext/stock/doctype/purchase_receipt/purchase_receipt.py (ERPNext v15)
# Kept: accepted/rejected qty, warehouse and batch validation, batch creation, stock
# posting and reversal, status. Not modelled: purchase orders, billing, GL entries,
# landed costs, quality inspection, returns against invoices.

import frappe
from frappe.utils import cint

from erpnext.controllers.buying_controller import BuyingController


class PurchaseReceipt(BuyingController):
	def validate(self):
		self.validate_posting_time()
		super().validate()
		self.set_status()
		self.validate_warehouse()
		self.validate_warehouse_company(("warehouse", "rejected_warehouse"))
		self.validate_uom_is_integer("uom", ["qty", "received_qty"])
		self.validate_uom_is_integer("stock_uom", "stock_qty")
		self.validate_batches("warehouse", inward=not cint(self.is_return))

	def on_submit(self):
		self.make_batches("warehouse")
		self.update_stock_ledger()

	def on_cancel(self):
		self.update_stock_ledger()
		self.set_status(update=True)
		self.ignore_linked_doctypes = ("GL Entry", "Stock Ledger Entry", "Repost Item Valuation")

	def update_status(self, status):
		self.set_status(update=True, status=status)
