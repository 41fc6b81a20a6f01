"""User Permission: benchless core doctype (JSON copied from frappe/core/doctype/user_permission, v15).

``get_user_permissions(user)`` answers as v15 does: ``{allow: [{doc, applicable_for, is_default,
hide_descendants}]}``, {} for Administrator and Guest; for a nested-set ``allow`` (Warehouse,
Item Group, Company...) the descendants of the value are added too unless ``hide_descendants``
(``frappe.db.get_descendants``), as v15. Like v15 it reads ``applicable_for`` only:
``apply_to_all_doctypes`` is a form flag (``applicable_for`` is shown when it is off), so a row
with an empty ``applicable_for`` applies to every doctype. These are applied by
``frappe.get_list`` (``DatabaseQuery.add_user_permissions``) and by document
``frappe.has_permission`` (``frappe.permissions.has_user_permission``).
Not modelled: the redis cache (read from the table each time, so no on_update/on_trash cache
clearing is needed), and the duplicate / default-overlap validations.
"""

import frappe
from frappe.model.document import Document


class UserPermission(Document):
	pass


def get_user_permissions(user=None):
	"""Get all users permissions for the user as a dict of doctype (v15 ``get_user_permissions``)."""
	user = user or frappe.session.user
	if not user or user in ("Administrator", "Guest"):
		return {}
	out = {}

	def add_doc_to_perm(perm, doc_name, is_default, hide_descendants):
		out.setdefault(perm.allow, []).append(
			frappe._dict(
				doc=doc_name,
				applicable_for=perm.get("applicable_for"),
				is_default=is_default,
				hide_descendants=hide_descendants,
			)
		)

	for perm in frappe.get_all(
		"User Permission",
		fields=["allow", "for_value", "applicable_for", "is_default", "hide_descendants"],
		filters=dict(user=user),
	):
		meta = frappe.get_meta(perm.allow)
		add_doc_to_perm(perm, perm.for_value, perm.is_default, perm.hide_descendants)
		if meta.is_nested_set() and not perm.hide_descendants:
			for doc in frappe.db.get_descendants(perm.allow, perm.for_value):
				add_doc_to_perm(perm, doc, False, False)
	return frappe._dict(out)


def user_permission_exists(user, allow, for_value, applicable_for=None):
	"""Checks if similar user permission already exists (v15)."""
	user_permissions = get_user_permissions(user).get(allow, [])
	if not user_permissions:
		return None
	return any(
		perm.get("doc") == for_value and perm.get("applicable_for") == applicable_for for perm in user_permissions
	)
