# benchless stand-in for erpnext/selling/doctype/customer/customer.py (ERPNext v15)
# Naming follows the default Selling Settings "Customer Naming By" = "Customer Name".

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, cstr


class Customer(Document):
	def autoname(self):
		self.name = self.get_customer_name()

	def get_customer_name(self):
		if frappe.db.get_value("Customer", self.customer_name) and not frappe.flags.in_import:
			prefix = f"{self.customer_name} - "
			count = 0
			for name in frappe.get_all("Customer", filters={"name": ["like", prefix + "%"]}, pluck="name"):
				suffix = name[len(prefix) :]
				if suffix.isdigit():
					count = max(count, cint(suffix))
			new_customer_name = f"{self.customer_name} - {cstr(count + 1)}"
			frappe.msgprint(
				_("Changed customer name to '{}' as '{}' already exists.").format(new_customer_name, self.customer_name),
				title=_("Note"),
				indicator="yellow",
			)
			return new_customer_name

		return self.customer_name

	def validate(self):
		self.customer_name = self.customer_name.strip()
