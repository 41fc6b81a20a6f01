# benchless stand-in for erpnext/stock/doctype/stock_entry_detail/stock_entry_detail.py (ERPNext v15)

from frappe.model.document import Document


class StockEntryDetail(Document):
	pass
