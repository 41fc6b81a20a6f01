"""Counts awaiting a supervisor used to be stored as Exception (the only Count tasks ever in
Exception); they get the status that says so, Awaiting Approval (issue 10)."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabWarehouse Task` set status='Awaiting Approval'
		where task_type='Count' and status='Exception'"""
	)
