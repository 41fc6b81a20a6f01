"""benchless stand-in for the parts of ERPNext v15 that wms_module uses.

Test and development infrastructure only: small doctype schemas with ERPNext's real
fieldnames, and a warehouse-level stock ledger. See README.md for what is and is not
covered. Module paths mirror frappe/erpnext so application code imports the same names.
"""

import frappe

__version__ = "15.x-benchless"


def get_default_company(user=None):
	"""Default company (real: user default "company", then Global Defaults).

	benchless: the user default if frappe.defaults provides one, else the oldest Company.
	"""
	defaults = getattr(frappe, "defaults", None)
	if defaults is not None and hasattr(defaults, "get_user_default"):
		company = defaults.get_user_default("Company")
		if company:
			return company
	companies = frappe.get_all("Company", fields=["name"], order_by="creation asc", limit=1)
	return companies[0].name if companies else None


def get_company_currency(company):
	"""Company's default currency (erpnext/__init__.py)."""
	return frappe.db.get_value("Company", company, "default_currency")


def encode_company_abbr(name, company=None, abbr=None):
	"""Returns name encoded with company abbreviation (erpnext/__init__.py)."""
	company_abbr = abbr or frappe.db.get_value("Company", company, "abbr")
	parts = name.rsplit(" - ", 1)
	if parts[-1].lower() != company_abbr.lower():
		parts.append(company_abbr)
	return " - ".join(parts)
