# benchless stand-in for erpnext/stock/doctype/purchase_receipt_item/purchase_receipt_item.py (ERPNext v15)

from frappe.model.document import Document


class PurchaseReceiptItem(Document):
	pass
