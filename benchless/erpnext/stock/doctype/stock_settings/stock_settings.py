# benchless stand-in for erpnext/stock/doctype/stock_settings/stock_settings.py (ERPNext v15)

from frappe.model.document import Document


class StockSettings(Document):
	pass
