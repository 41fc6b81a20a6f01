"""frappe.types (v15): the DocField type aliases controllers annotate their fields with."""
