"""/wms/supervisor: the supervisor's live view of the floor, a www page next to the handheld's /wms.

The route: ``website_route_rules`` in hooks.py maps /wms/supervisor to this page (www/wms-supervisor
.html); a folder www/wms/ would clash with the handheld's module www/wms.py (Frappe imports a www
page's controller as ``<app>.www.<path>``). The page reads ``api.supervisor.floor`` every 30 s.

Guests are sent to the login page and brought back (as /wms does); a signed-in user who is neither
WMS Supervisor, WMS Manager nor System Manager is refused with a clear message (403). The page only
GETs, so it needs no CSRF token; it is never cached (``no_cache``).
"""

import frappe
from frappe import _

from wms_module.roles import WMS_MANAGER, WMS_SUPERVISOR, has_any_role
from wms_module.services.floor import visible_warehouses

no_cache = 1

ROUTE = "/wms/supervisor"
LOGIN_REDIRECT = f"/login?redirect-to={ROUTE}"
REFRESH_SECONDS = 30


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = LOGIN_REDIRECT
		raise frappe.Redirect
	if not has_any_role(WMS_SUPERVISOR, WMS_MANAGER):
		frappe.throw(
			_("{0} is not a WMS Supervisor or WMS Manager; the floor view is for supervisors").format(
				frappe.session.user
			),
			frappe.PermissionError,
		)
	context.no_cache = 1
	context.wms_user = frappe.session.user
	context.title = _("WMS Floor")
	allowed = visible_warehouses()
	context.warehouses = allowed if allowed is not None else floor_warehouses()
	context.all_label = _("All my warehouses") if allowed is not None else _("All warehouses")
	context.refresh_seconds = REFRESH_SECONDS
	return context


def floor_warehouses() -> list[str]:
	"""Warehouses with a storage layout (zones): the ones a floor view is about. One query."""
	return sorted({w for w in frappe.get_all("Storage Zone", pluck="warehouse", distinct=True) if w})
