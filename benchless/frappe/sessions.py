"""benchless stand-in for frappe/sessions.py (v15): the parts the HTTP side needs.

The Session class lives in frappe/auth.py here (same behaviour, one module); this module
gives it its real import path and adds the CSRF token helpers:

- ``get_csrf_token()`` returns the session's token, creating one first. Real Frappe creates
  it when the desk boots (``/app``) or when a page asks for it; from then on every
  POST/PUT/DELETE/PATCH made with that session cookie must send the token in the
  ``X-Frappe-CSRF-Token`` header (or a ``csrf_token`` form field), else 400 CSRFTokenError
  (frappe/auth.py:HTTPRequest.validate_csrf_token). Requests authenticated by API key/secret
  carry no session token and are not checked.
"""

import frappe
from frappe.auth import Session, clear_sessions, delete_session, get_expiry_in_seconds  # noqa: F401


def get_csrf_token():
	data = frappe.local.session.data
	if not data.get("csrf_token"):
		generate_csrf_token()
	return frappe.local.session.data.csrf_token


def generate_csrf_token():
	import secrets

	frappe.local.session.data.csrf_token = secrets.token_hex(28)
	session_obj = getattr(frappe.local, "session_obj", None)
	if session_obj is not None:
		# persisted after the request's own commit/rollback (app.py:sync_database)
		session_obj.update(force=True, defer=True)
