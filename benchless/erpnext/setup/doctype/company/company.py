# benchless stand-in for erpnext/setup/doctype/company/company.py (ERPNext v15)
# Chart of accounts, cost centers, departments and tax templates are not modelled.

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet


class Company(NestedSet):
	nsm_parent_field = "parent_company"

	def validate(self):
		self.validate_abbr()
		self.validate_parent_company()

	def validate_abbr(self):
		if not self.abbr:
			self.abbr = "".join(c[0] for c in self.company_name.split()).upper()

		self.abbr = self.abbr.strip()

		if not self.abbr.strip():
			frappe.throw(_("Abbreviation is mandatory"))

		if frappe.db.exists("Company", {"name": ["!=", self.name or ""], "abbr": self.abbr}):
			frappe.throw(_("Abbreviation already used for another company"))

	def validate_parent_company(self):
		if self.parent_company:
			is_group = frappe.get_value("Company", self.parent_company, "is_group")

			if not is_group:
				frappe.throw(_("Parent Company must be a group company"))

	def on_update(self):
		NestedSet.on_update(self)
		if not frappe.flags.ignore_chart_of_accounts:
			self.create_default_warehouses()

	def create_default_warehouses(self):
		for wh_detail in [
			{"warehouse_name": _("All Warehouses"), "is_group": 1},
			{"warehouse_name": _("Stores"), "is_group": 0},
			{"warehouse_name": _("Work In Progress"), "is_group": 0},
			{"warehouse_name": _("Finished Goods"), "is_group": 0},
			{"warehouse_name": _("Goods In Transit"), "is_group": 0},
		]:
			if not frappe.db.exists("Warehouse", "{} - {}".format(wh_detail["warehouse_name"], self.abbr)):
				warehouse = frappe.get_doc(
					{
						"doctype": "Warehouse",
						"warehouse_name": wh_detail["warehouse_name"],
						"is_group": wh_detail["is_group"],
						"company": self.name,
						"parent_warehouse": "{} - {}".format(_("All Warehouses"), self.abbr)
						if not wh_detail["is_group"]
						else "",
					}
				)
				warehouse.flags.ignore_permissions = True
				warehouse.flags.ignore_mandatory = True
				warehouse.insert()
