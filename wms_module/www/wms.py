"""/wms: the operator's handheld app (pick and count by scanning), served as a Frappe www page.

Guests are sent to the login page, which brings them back here (``/login?redirect-to=/wms``),
the way Frappe v15 pages do it: ``frappe.local.flags.redirect_location`` + ``raise
frappe.Redirect`` (TemplatePage.run_pymodule_method re-raises it; RedirectPage answers 301).

The page POSTs with the session cookie, so it needs the session's CSRF token (frappe/auth.py
HTTPRequest.validate_csrf_token checks ``X-Frappe-CSRF-Token`` on every POST). As frappe's own
www/app.py does, ``frappe.sessions.get_csrf_token()`` creates it when the session has none,
and the commit keeps it (this is a GET: Frappe rolls a GET back). The page is never cached
(``no_cache``): it carries the signed-in user and their token.
"""

import frappe
import frappe.sessions
from frappe import _

from wms_module.roles import WMS_ROLES, has_any_role
from wms_module.services.handheld_context import handheld_warehouses

no_cache = 1

LOGIN_REDIRECT = "/login?redirect-to=/wms"


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = LOGIN_REDIRECT
		raise frappe.Redirect
	if not has_any_role(*WMS_ROLES):
		frappe.throw(
			_("{0} has none of the roles {1}; the handheld app is for warehouse staff").format(
				frappe.session.user, ", ".join(WMS_ROLES)
			),
			frappe.PermissionError,
		)
	csrf_token = frappe.sessions.get_csrf_token()
	frappe.db.commit()
	context.no_cache = 1
	context.csrf_token = csrf_token
	context.wms_user = frappe.session.user
	context.wms_warehouses = handheld_warehouses()
	context.title = _("WMS Handheld")
	return context
