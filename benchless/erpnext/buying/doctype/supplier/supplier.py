# benchless stand-in for erpnext/buying/doctype/supplier/supplier.py (ERPNext v15)
# Naming follows the default Buying Settings "Supplier Naming By" = "Supplier Name".

from frappe.model.document import Document


class Supplier(Document):
	def autoname(self):
		self.name = self.supplier_name.strip()
