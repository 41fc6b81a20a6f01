"""Column lists for ``frappe.db.bulk_insert``, and one row read under its lock.

``bulk_insert`` (frappe/database/database.py, v15) writes exactly the columns it is given and
sets none of Frappe's standard columns itself, so every bulk-inserted row starts with them.
"""

import frappe
from frappe import _

STANDARD_COLUMNS = ("name", "creation", "modified", "owner", "modified_by", "docstatus")


def with_standard_columns(*fields: str) -> tuple[str, ...]:
	"""Frappe's standard columns followed by the doctype's own ``fields``."""
	return STANDARD_COLUMNS + fields


def standard_values(now, user: str) -> tuple:
	"""Values for ``STANDARD_COLUMNS`` of a new row: a fresh name, created and modified ``now`` by
	``user``, docstatus 0."""
	return (frappe.generate_hash(length=12), now, now, user, user, 0)


def lock_row(doctype: str, name: str, fields) -> frappe._dict:
	"""``doctype`` ``name`` with ``fields`` as it is now, its row locked until the transaction ends
	(``select ... for update``: one query); an unknown name is refused (404), naming it."""
	rows = frappe.db.sql(
		"select {} from `tab{}` where name=%s for update".format(
			", ".join(f"`{f}`" for f in fields), doctype
		),
		(name,),
		as_dict=True,
	)
	if not rows:
		frappe.throw(_("{0} {1} does not exist").format(_(doctype), name), frappe.DoesNotExistError)
	return rows[0]
