"""frappe.database: ``get_db`` returns the SQLite-backed ``Database`` of the stand-in."""

from frappe.database.database import Database


def get_db(path=None, **kwargs):
	return Database(path)
