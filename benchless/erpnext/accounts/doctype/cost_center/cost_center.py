# benchless stand-in for erpnext/accounts/doctype/cost_center/cost_center.py (ERPNext v15)
# Named "<cost_center_name> - <company abbr>" (real: get_autoname_with_number without a number);
# the tree (lft/rgt) is not modelled.

import frappe
from frappe.model.document import Document


class CostCenter(Document):
	def autoname(self):
		abbr = frappe.get_cached_value("Company", self.company, "abbr")
		self.name = f"{self.cost_center_name.strip()} - {abbr}"
