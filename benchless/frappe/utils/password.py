"""Passwords (frappe/frappe ``frappe/utils/password.py``, v15 API) in the ``__Auth`` table.

Stand-in: Password fields (e.g. ``User.api_secret``) are stored as given (real Frappe
encrypts them with the site's encryption key); login passwords (``fieldname="password"``)
are stored as salted PBKDF2 hashes (real Frappe uses passlib pbkdf2_sha256/argon2).
"""

import hashlib
import secrets

import frappe
from frappe import _


def get_decrypted_password(doctype, name, fieldname="password", raise_exception=True):
	rows = frappe.db.sql(
		"select `password` from `__Auth` where doctype=%s and name=%s and fieldname=%s and encrypted=1",
		(doctype, name, fieldname),
	)
	if rows and rows[0][0]:
		return rows[0][0]
	if raise_exception:
		frappe.throw(
			_("Password not found for {0} {1} {2}").format(doctype, name, fieldname),
			frappe.AuthenticationError,
		)
	return None


def set_encrypted_password(doctype, name, pwd, fieldname="password"):
	frappe.db.sql(
		"delete from `__Auth` where doctype=%s and name=%s and fieldname=%s", (doctype, name, fieldname)
	)
	frappe.db.sql(
		"insert into `__Auth` (doctype, name, fieldname, `password`, encrypted) values (%s, %s, %s, %s, 1)",
		(doctype, name, fieldname, pwd),
	)


def remove_encrypted_password(doctype, name, fieldname="password"):
	frappe.db.sql(
		"delete from `__Auth` where doctype=%s and name=%s and fieldname=%s", (doctype, name, fieldname)
	)


def delete_all_passwords_for(doctype, name):
	frappe.db.sql("delete from `__Auth` where doctype=%s and name=%s", (doctype, name))


def _hash(pwd, salt):
	return hashlib.pbkdf2_hmac("sha256", pwd.encode(), salt.encode(), 100_000).hex()


def update_password(user, pwd, doctype="User", fieldname="password", logout_all_sessions=False):
	salt = secrets.token_hex(8)
	frappe.db.sql(
		"delete from `__Auth` where doctype=%s and name=%s and fieldname=%s", (doctype, user, fieldname)
	)
	frappe.db.sql(
		"insert into `__Auth` (doctype, name, fieldname, `password`, encrypted) values (%s, %s, %s, %s, 0)",
		(doctype, user, fieldname, f"{salt}${_hash(pwd, salt)}"),
	)


def check_password(user, pwd, doctype="User", fieldname="password", delete_tracker_cache=True):
	"""Return the user name if ``pwd`` is right, else raise AuthenticationError."""
	rows = frappe.db.sql(
		"select name, `password` from `__Auth` where doctype=%s and name=%s and fieldname=%s and encrypted=0",
		(doctype, user, fieldname),
	)
	if not rows or "$" not in (rows[0][1] or ""):
		raise frappe.AuthenticationError(_("Incorrect User or Password"))
	salt, digest = rows[0][1].split("$", 1)
	if not secrets.compare_digest(_hash(pwd, salt), digest):
		raise frappe.AuthenticationError(_("Incorrect User or Password"))
	return rows[0][0]
