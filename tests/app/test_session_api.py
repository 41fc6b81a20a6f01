"""The first slice over real HTTP: the version endpoint refuses guests and answers operators."""

from __future__ import annotations

import pytest
import requests

import wms_module
from tests.app.http_fixtures import login_session
from tests.factories import unique

PASSWORD = "slice-pass-123"


def make_operator(roles=("WMS Operator",)) -> str:
	from tests.app.http_fixtures import make_users

	email = f"{unique('slice').lower()}@wms.example"
	make_users(((email, roles),), PASSWORD, "Slice")
	return email


def test_guest_gets_403_and_operator_gets_version_and_roles(committed_site):
	from tests.harness import run_in_site, serve

	operator = run_in_site(committed_site, make_operator)
	with serve(committed_site) as server:
		url = f"{server.url}/api/method/wms_module.api.session.info"
		guest = requests.get(url, timeout=10)
		assert guest.status_code == 403
		assert guest.json()["exc_type"] == "PermissionError"

		s = requests.Session()
		login = s.post(f"{server.url}/api/method/login", json={"usr": operator, "pwd": PASSWORD}, timeout=10)
		assert login.status_code == 200
		answer = s.get(url, timeout=10)
		assert answer.status_code == 200
		assert answer.json()["message"] == {
			"app": "wms_module",
			"version": wms_module.__version__,
			"user": operator,
			"roles": ["WMS Operator"],
		}
		# a POST to this GET-only method is refused, not run
		assert s.post(url, timeout=10).status_code in (403, 405)


def test_an_operator_is_a_desk_user_who_can_read_the_api_description(committed_site):
	"""WMS Operator has desk access: an operator is a System User (Frappe derives user_type from
	the roles), lands in the desk after login, not on the website's /me, and may read the
	OpenAPI document, which Website Users may not."""
	from tests.harness import run_in_site, serve

	operator = run_in_site(committed_site, make_operator)
	with serve(committed_site) as server:
		s = requests.Session()
		login = s.post(f"{server.url}/api/method/login", json={"usr": operator, "pwd": PASSWORD}, timeout=10)
		assert login.status_code == 200
		# "Logged In" is a System User's answer; a Website User gets "No App" and /me. Where in the
		# desk depends on the apps screen (ERPNext's add_to_apps_screen: /app/home; the stand-in: /app)
		assert login.json()["message"] == "Logged In", login.json()
		assert login.json()["home_page"].startswith("/app"), login.json()
		described = s.get(f"{server.url}/api/method/wms_module.api.openapi.document", timeout=30)
		assert described.status_code == 200, described.text[:300]
		assert "/api/method/wms_module.api.picking.confirm" in described.json()["message"]["paths"]


def test_a_user_without_a_wms_role_is_refused(committed_site):
	from tests.harness import run_in_site, serve

	nobody = run_in_site(committed_site, make_operator, roles=())
	with serve(committed_site) as server:
		s = requests.Session()
		s.post(f"{server.url}/api/method/login", json={"usr": nobody, "pwd": PASSWORD}, timeout=10)
		refused = s.get(f"{server.url}/api/method/wms_module.api.session.info", timeout=10)
		assert refused.status_code == 403
		assert "WMS" in refused.json()["_server_messages"]


def test_a_call_missing_a_required_parameter_is_a_417_that_names_it(committed_site):
	"""Frappe hands the form fields to the method as keyword arguments; one left out used to be
	Python's TypeError, an HTTP 500 naming nothing (as the OpenAPI document promises 4xx)."""
	from tests.harness import run_in_site, serve

	operator = run_in_site(committed_site, make_operator)
	with serve(committed_site) as server:
		s = login_session(server, operator, PASSWORD)
		r = s.post(
			f"{server.url}/api/method/wms_module.api.picking.confirm",
			data={"bin_scan": "A-01", "item_scan": "X"},
			timeout=10,
		)
		assert r.status_code == 417, r.text[:300]
		assert r.json()["exc_type"] == "ValidationError"
		assert "confirm: missing required parameter task" in r.json()["_server_messages"]
		# the role check still comes first: a guest learns nothing about the parameters
		guest = requests.post(f"{server.url}/api/method/wms_module.api.picking.confirm", timeout=10)
		assert guest.status_code == 403


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400"])
def test_a_quantity_that_is_not_a_finite_number_is_a_417_that_names_it(committed_site, value):
	"""NaN passes every comparison (it is neither <= 0 nor > 0): a pick of "nan" was a 500, a count
	of "inf" was accepted. Every endpoint refuses such a number before any work, naming it."""
	from tests.harness import run_in_site, serve

	operator = run_in_site(committed_site, make_operator)
	with serve(committed_site) as server:
		s = login_session(server, operator, PASSWORD)
		for method, form, param in (
			("picking.confirm", {"task": "any", "bin_scan": "A-01", "item_scan": "X", "qty": value}, "qty"),
			(
				"counts.submit",
				{"task": "any", "bin_scan": "A-01", "item_scan": "X", "counted_qty": value},
				"counted_qty",
			),
			("bins.move", {"item_code": "X", "qty": value, "from_bin": "A-01", "to_bin": "B-05"}, "qty"),
		):
			r = s.post(f"{server.url}/api/method/wms_module.api.{method}", data=form, timeout=10)
			assert r.status_code == 417, (method, r.text[:300])
			assert f"{param} must be a finite number" in r.json()["_server_messages"], (method, r.text[:300])
