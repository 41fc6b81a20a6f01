"""The real test site as a WSGI application for gunicorn (site mode only; see tests/harness.py).

Frappe picks a site per request from ``frappe.app._site``, else the Host header; ``bench --site X
serve`` sets ``_site`` (frappe/app.py: serve). This does the same, so the tests can call
http://127.0.0.1:<port> without a hosts entry, and wraps the app with Frappe's own static-file
middleware (``application_with_statics``: /assets and /files, which nginx serves in production).
"""

import os

import frappe.app

frappe.app._site = os.environ["WMS_TEST_SITE"]
application = frappe.app.application_with_statics()
