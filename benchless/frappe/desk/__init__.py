"""frappe.desk (benchless): only ``query_report``, the desk's Script Report runner."""
