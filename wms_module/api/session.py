"""Who am I, and which app am I talking to? The handheld calls this after login."""

import frappe

import wms_module
from wms_module.roles import WMS_ROLES, require_roles, wms_roles_of


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def info() -> dict:
	"""The app version and the caller's WMS roles. Guests get 403 (not whitelisted for guests)."""
	return {
		"app": "wms_module",
		"version": wms_module.__version__,
		"user": frappe.session.user,
		"roles": wms_roles_of(),
	}
