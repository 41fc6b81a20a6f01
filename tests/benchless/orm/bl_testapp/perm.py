"""permission hooks used by the permission tests."""

import frappe

HIDDEN_CUSTOMER = "Hidden Customer"


def task_query_conditions(user, doctype=None):
	if user == "Administrator":
		return ""
	return f"`tabBL Task`.`customer` != {frappe.db.escape(HIDDEN_CUSTOMER)}"


def task_has_permission(doc, ptype, user, debug=False):
	if user != "Administrator" and doc.get("customer") == HIDDEN_CUSTOMER:
		return False
	return None
