import frappe
import frappe.sessions

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.redirect("/login?redirect-to=/scan")
	context.csrf_token = frappe.sessions.get_csrf_token()
