# benchless stand-in for erpnext/setup/doctype/company/company.py (ERPNext v15)
# Of the chart of accounts only the accounts in DEFAULT_ACCOUNTS and the two default cost centers
# (create_default_cost_center) are made; departments and tax templates are not modelled.

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet


# (account_name, root_type, account_type): accounts of ERPNext's Standard chart the stand-in makes
# (erpnext/accounts/doctype/account/chart_of_accounts/verified/standard_chart_of_accounts.py)
DEFAULT_ACCOUNTS = (
	("Sales", "Income", ""),
	("Cost of Goods Sold", "Expense", "Cost of Goods Sold"),
	("Freight and Forwarding Charges", "Expense", "Chargeable"),
	("Stock In Hand", "Asset", "Stock"),
)


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
			if not frappe.db.exists("Cost Center", f"{_('Main')} - {self.abbr}"):
				self.create_default_accounts()
				self.create_default_cost_center()

	def create_default_accounts(self):
		for account_name, root_type, account_type in DEFAULT_ACCOUNTS:
			account = frappe.get_doc(
				{
					"doctype": "Account",
					"account_name": account_name,
					"company": self.name,
					"root_type": root_type,
					"account_type": account_type,
				}
			)
			account.flags.ignore_permissions = True
			account.insert()

	def create_default_cost_center(self):
		"""As the real one: the company's root cost center and "Main" under it, set as the default."""
		for cc in (
			{"cost_center_name": self.name, "is_group": 1, "parent_cost_center": None},
			{"cost_center_name": _("Main"), "is_group": 0, "parent_cost_center": self.name + " - " + self.abbr},
		):
			cc_doc = frappe.get_doc({"doctype": "Cost Center", "company": self.name, **cc})
			cc_doc.flags.ignore_permissions = True
			if cc["cost_center_name"] == self.name:
				cc_doc.flags.ignore_mandatory = True
			cc_doc.insert()
		self.db_set("cost_center", _("Main") + " - " + self.abbr)

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
