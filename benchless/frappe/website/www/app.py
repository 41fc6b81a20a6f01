"""benchless /app: real Frappe serves the desk here; the stand-in has none, so a signed-in
user gets a list of the installed apps' www pages and a Guest is sent to /login (as the
real desk does)."""

import os

import frappe

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/app"
		raise frappe.Redirect
	from frappe.website.serve import get_app_path, get_installed_apps

	pages = []
	for app in get_installed_apps():
		if app == "frappe":
			continue
		www = os.path.join(get_app_path(app) or "", "www")
		for root, _dirs, files in os.walk(www):
			for f in sorted(files):
				if not f.endswith(".html"):
					continue
				rel = os.path.relpath(os.path.join(root, f), www).replace(os.sep, "/")[: -len(".html")]
				if rel.endswith("/index"):
					rel = rel[: -len("/index")]
				pages.append(frappe._dict(app=app, route=rel))
	context.pages = pages
	return context
