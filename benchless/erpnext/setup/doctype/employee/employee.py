# benchless stand-in for erpnext/setup/doctype/employee/employee.py (ERPNext v15)

from frappe.model.document import Document


class Employee(Document):
	def validate(self):
		# erpnext: set_employee_name (first, middle, last name joined)
		self.employee_name = " ".join(filter(None, [self.first_name]))
