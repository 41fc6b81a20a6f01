"""frappe.query_builder.utils (subset)."""

from frappe.query_builder import DocType, Table, get_query_builder  # noqa: F401

Column = str
