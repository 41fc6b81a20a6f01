# benchless stand-in for erpnext/accounts/doctype/account/account.py (ERPNext v15)
# Named "<account_name> - <company abbr>" (real: get_autoname_with_number without a number); the
# chart is a few accounts the stand-in's Company makes (company.py), the tree is not modelled.

import frappe
from frappe.model.document import Document


class Account(Document):
	def autoname(self):
		abbr = frappe.get_cached_value("Company", self.company, "abbr")
		self.name = f"{self.account_name.strip()} - {abbr}"
