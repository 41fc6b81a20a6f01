# benchless stand-in for erpnext/setup/doctype/uom/uom.py (ERPNext v15)

from frappe.model.document import Document


class UOM(Document):
	pass
