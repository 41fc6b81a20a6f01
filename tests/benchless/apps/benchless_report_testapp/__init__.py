"""A tiny Frappe app used only by tests/benchless/test_query_report.py: a doctype and
standard Script Reports for the benchless ``frappe.desk.query_report``."""

__version__ = "0.0.1"
