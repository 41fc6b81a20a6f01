# benchless stand-in for erpnext/stock/doctype/item_barcode/item_barcode.py (ERPNext v15)

from frappe.model.document import Document


class ItemBarcode(Document):
	pass
