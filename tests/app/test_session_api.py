"""The first slice over real HTTP: the version endpoint refuses guests and answers operators."""

from __future__ import annotations

import requests

import wms_module

OPERATOR = "slice-operator@wms.example"
PASSWORD = "slice-pass-123"


def make_operator(roles=("WMS Operator",)):
	import frappe
	from frappe.utils.password import update_password

	user = frappe.get_doc(
		{"doctype": "User", "email": OPERATOR, "first_name": "Slice", "user_type": "System User"}
	)
	for role in roles:
		user.append("roles", {"role": role})
	user.insert(ignore_permissions=True)
	update_password(OPERATOR, PASSWORD)


def test_guest_gets_403_and_operator_gets_version_and_roles(committed_site):
	from benchless.serve import run_in_thread
	from benchless.site import run_in_site

	run_in_site(committed_site, make_operator)
	with run_in_thread(committed_site.sites_path, committed_site.site) as server:
		url = f"{server.url}/api/method/wms_module.api.session.info"
		guest = requests.get(url, timeout=10)
		assert guest.status_code == 403
		assert guest.json()["exc_type"] == "PermissionError"

		s = requests.Session()
		login = s.post(f"{server.url}/api/method/login", json={"usr": OPERATOR, "pwd": PASSWORD}, timeout=10)
		assert login.status_code == 200
		answer = s.get(url, timeout=10)
		assert answer.status_code == 200
		assert answer.json()["message"] == {
			"app": "wms_module",
			"version": wms_module.__version__,
			"user": OPERATOR,
			"roles": ["WMS Operator"],
		}
		# a POST to this GET-only method is refused, not run
		assert s.post(url, timeout=10).status_code in (403, 405)


def test_a_user_without_a_wms_role_is_refused(committed_site):
	from benchless.serve import run_in_thread
	from benchless.site import run_in_site

	run_in_site(committed_site, make_operator, roles=())
	with run_in_thread(committed_site.sites_path, committed_site.site) as server:
		s = requests.Session()
		s.post(f"{server.url}/api/method/login", json={"usr": OPERATOR, "pwd": PASSWORD}, timeout=10)
		refused = s.get(f"{server.url}/api/method/wms_module.api.session.info", timeout=10)
		assert refused.status_code == 403
		assert "WMS" in refused.json()["_server_messages"]
