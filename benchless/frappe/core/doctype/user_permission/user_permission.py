"""User Permission: benchless core doctype (JSON copied from frappe/core/doctype/user_permission, v15).

``get_user_permissions(user)`` answers as v15 does: ``{allow: [{doc, applicable_for, is_default,
hide_descendants}]}``, {} for Administrator and Guest. Not modelled: the redis cache (read from
the table each time), descendants of a nested-set value (v15 adds them unless hide_descendants),
and the duplicate / default-overlap validations. Role-permission checks (``frappe.get_list``,
``frappe.has_permission``) do NOT apply User Permissions here (see benchless/frappe/permissions.py):
code that needs them reads ``get_user_permissions`` itself.
"""

import frappe
from frappe.model.document import Document


class UserPermission(Document):
	pass


def get_user_permissions(user=None):
	user = user or frappe.session.user
	if not user or user in ("Administrator", "Guest"):
		return {}
	out = {}
	for perm in frappe.get_all(
		"User Permission",
		fields=["allow", "for_value", "applicable_for", "is_default", "hide_descendants"],
		filters=dict(user=user),
	):
		out.setdefault(perm.allow, []).append(
			frappe._dict(
				doc=perm.for_value,
				applicable_for=perm.get("applicable_for"),
				is_default=perm.is_default,
				hide_descendants=perm.hide_descendants,
			)
		)
	return frappe._dict(out)
