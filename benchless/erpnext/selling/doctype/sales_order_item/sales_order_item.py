# benchless stand-in for erpnext/selling/doctype/sales_order_item/sales_order_item.py (ERPNext v15)

from frappe.model.document import Document


class SalesOrderItem(Document):
	pass
