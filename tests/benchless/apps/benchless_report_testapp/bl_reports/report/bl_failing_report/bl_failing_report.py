import frappe


def execute(filters=None):
	frappe.throw("BL Failing Report always fails")
