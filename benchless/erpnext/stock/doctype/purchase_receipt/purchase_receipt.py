# benchless stand-in for erpnext/stock/doctype/purchase_receipt/purchase_receipt.py (ERPNext v15)
# Kept: accepted/rejected qty, warehouse and batch validation, batch creation, stock
# posting and reversal, status, quality inspection (StockController.validate_inspection and
# validate_items_quality_inspection, as v15.99.1), Purchase Returns: make_purchase_return (the real
# mapper, controllers/sales_and_purchase_return.make_return_doc) and the return's status_updater
# row (the original row's returned_qty, the original's per_returned and status). Not modelled:
# purchase orders (their returned_qty), billing, GL entries, landed costs, returns against invoices.

import frappe
from frappe import _
from frappe.utils import cint

from erpnext.controllers.buying_controller import BuyingController


class PurchaseReceipt(BuyingController):
	def __init__(self, *args, **kwargs):
		super().__init__(*args, **kwargs)
		# real: four rows for a receipt (Purchase Order, Material Request, Purchase Invoice and
		# Delivery Note items: none in the stand-in) and two more for a return, of which the
		# Purchase Order one is left out here
		self.status_updater = []

		if cint(self.is_return):
			self.status_updater.extend(
				[
					{
						"source_dt": "Purchase Receipt Item",
						"target_dt": "Purchase Receipt Item",
						"join_field": "purchase_receipt_item",
						"target_field": "returned_qty",
						"target_parent_dt": "Purchase Receipt",
						"target_parent_field": "per_returned",
						"target_ref_field": "received_stock_qty",
						"source_field": "-1 * received_stock_qty",
						"percent_join_field_parent": "return_against",
					},
				]
			)

	def validate(self):
		self.validate_posting_time()
		super().validate()
		self.set_status()
		self.validate_items_quality_inspection()
		self.validate_warehouse()
		self.validate_warehouse_company(("warehouse", "rejected_warehouse"))
		self.validate_uom_is_integer("uom", ["qty", "received_qty"])
		self.validate_uom_is_integer("stock_uom", "stock_qty")
		self.validate_batches("warehouse", inward=not cint(self.is_return))

	def validate_items_quality_inspection(self):
		for item in self.get("items"):
			if item.quality_inspection:
				qi = frappe.db.get_value(
					"Quality Inspection",
					item.quality_inspection,
					["reference_type", "reference_name", "item_code"],
					as_dict=True,
				)

				if qi.reference_type != self.doctype or qi.reference_name != self.name:
					msg = f"""Row #{item.idx}: Please select a valid Quality Inspection with Reference Type
						{frappe.bold(self.doctype)} and Reference Name {frappe.bold(self.name)}."""
					frappe.throw(_(msg))

				if qi.item_code != item.item_code:
					msg = f"""Row #{item.idx}: Please select a valid Quality Inspection with Item Code
						{frappe.bold(item.item_code)}."""
					frappe.throw(_(msg))

	def on_submit(self):
		self.update_prevdoc_status()
		self.make_batches("warehouse")
		self.update_stock_ledger()

	def on_cancel(self):
		self.update_prevdoc_status()
		self.update_stock_ledger()
		self.set_status(update=True)
		self.ignore_linked_doctypes = ("GL Entry", "Stock Ledger Entry", "Repost Item Valuation")

	def update_status(self, status):
		self.set_status(update=True, status=status)


@frappe.whitelist()
def make_purchase_return(source_name, target_doc=None):
	from erpnext.controllers.sales_and_purchase_return import make_return_doc

	return make_return_doc("Purchase Receipt", source_name, target_doc)
