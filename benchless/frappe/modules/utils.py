"""frappe.modules.utils (subset)."""

import frappe


def scrub(txt):
	return frappe.scrub(txt)


def get_module_app(module):
	if not getattr(frappe.local, "module_app", None):
		frappe.setup_module_map()
	app = frappe.local.module_app.get(scrub(module))
	if app is None:
		frappe.throw(frappe._("Module {} not found").format(module), exc=frappe.DoesNotExistError)
	return app
