"""frappe.defaults (subset): global and user defaults kept in ``tabDefaultValue``."""

import frappe


def get_global_default(key):
	return frappe.db.get_default(key, "__default")


def set_global_default(key, value):
	frappe.db.set_default(key, value, "__default")


def get_user_default(key, user=None):
	user = user or frappe.session.user
	value = frappe.db.get_default(key, user)
	return value if value is not None else get_global_default(key)


def set_user_default(key, value, user=None):
	frappe.db.set_default(key, value, user or frappe.session.user)


def get_defaults(user=None):
	rows = frappe.db.sql(
		"select defkey, defvalue from `tabDefaultValue` where parent in (%s, '__default')",
		(user or frappe.session.user,),
	)
	return frappe._dict(rows)


def clear_default(key=None, value=None, parent=None, name=None, parenttype=None):
	frappe.db.delete("DefaultValue", {k: v for k, v in {"defkey": key, "defvalue": value, "parent": parent}.items() if v})
