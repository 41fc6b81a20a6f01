# benchless stand-in for erpnext/stock/doctype/stock_reconciliation_item/stock_reconciliation_item.py (ERPNext v15)

from frappe.model.document import Document


class StockReconciliationItem(Document):
	pass
