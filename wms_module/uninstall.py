"""``bench uninstall-app wms_module``: what Frappe's ``remove_app`` leaves behind, taken away.

``frappe.installer.remove_app`` deletes the app's DocTypes and every record linked to its Module
Def (its Custom Fields on Item and Sales Order among them), without their ``on_trash``. It leaves
what has no module: the fixture Roles and who holds them, the scheduler's job types (until the
next migrate they would fail daily with AppNotInstalledError), Property Setters on the app's
DocTypes and Custom Fields, Patch Log rows. ERPNext's own data is not touched here, and the
Custom Fields' columns stay with their values, as Frappe keeps any deleted field's column.
Checked on a real site by tools/realbench/uninstall_check.sh (part of .ci/run).
"""

import frappe

from wms_module.install import get_custom_fields
from wms_module.roles import WMS_ROLES

MODULE = "WMS Module"


def before_uninstall() -> None:
	app_doctypes = frappe.get_all("DocType", filters={"module": MODULE}, pluck="name")
	if app_doctypes:
		frappe.db.delete("Property Setter", {"doc_type": ("in", app_doctypes)})
	for doctype, fields in get_custom_fields().items():
		frappe.db.delete(
			"Property Setter", {"doc_type": doctype, "field_name": ("in", [f["fieldname"] for f in fields])}
		)
	frappe.db.delete("Has Role", {"role": ("in", WMS_ROLES)})
	frappe.db.delete("Custom DocPerm", {"role": ("in", WMS_ROLES)})
	for role in WMS_ROLES:
		frappe.delete_doc("Role", role, force=True, ignore_permissions=True, ignore_missing=True)
	frappe.db.delete("Block Module", {"module": MODULE})
	frappe.db.delete("Scheduled Job Type", {"method": ("like", "wms\\_module.%")})
	frappe.db.delete("Patch Log", {"patch": ("like", "wms\\_module.%")})
	frappe.clear_cache()
