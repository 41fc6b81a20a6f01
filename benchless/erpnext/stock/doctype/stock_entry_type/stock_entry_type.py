# benchless stand-in for erpnext/stock/doctype/stock_entry_type/stock_entry_type.py (ERPNext v15)

from frappe.model.document import Document


class StockEntryType(Document):
	pass
