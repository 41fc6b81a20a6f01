"""Column lists for ``frappe.db.bulk_insert``.

``bulk_insert`` (frappe/database/database.py, v15) writes exactly the columns it is given and
sets none of Frappe's standard columns itself, so every bulk-inserted row starts with them.
"""

import frappe

STANDARD_COLUMNS = ("name", "creation", "modified", "owner", "modified_by", "docstatus")


def with_standard_columns(*fields: str) -> tuple[str, ...]:
	"""Frappe's standard columns followed by the doctype's own ``fields``."""
	return STANDARD_COLUMNS + fields


def standard_values(now, user: str) -> tuple:
	"""Values for ``STANDARD_COLUMNS`` of a new row: a fresh name, created and modified ``now`` by
	``user``, docstatus 0."""
	return (frappe.generate_hash(length=12), now, now, user, user, 0)
