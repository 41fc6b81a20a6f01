"""benchless /login page (real: frappe/www/login.py). A signed-in user is redirected to
``redirect-to`` or the home page, as real Frappe does."""

import frappe

no_cache = True


def get_context(context):
	redirect_to = frappe.local.request.args.get("redirect-to")
	if frappe.session.user != "Guest":
		if not redirect_to or not redirect_to.startswith("/"):
			redirect_to = "/app" if frappe.session.data.get("user_type", "System User") != "Website User" else "/me"
		frappe.local.flags.redirect_location = redirect_to
		raise frappe.Redirect
	context.no_header = True
	context.for_test = "login.html"
	context.title = "Login"
	return context
