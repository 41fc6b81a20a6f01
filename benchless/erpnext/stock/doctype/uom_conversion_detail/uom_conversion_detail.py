# benchless stand-in for erpnext/stock/doctype/uom_conversion_detail/uom_conversion_detail.py (ERPNext v15)

from frappe.model.document import Document


class UOMConversionDetail(Document):
	pass
