"""Shared set-up for tests/benchless/test_http_*.py: a committed site with the tiny
``benchless_http_testapp`` installed, three users, and a threaded server on a free port.

Bring the fixtures into a test module with
``from tests.benchless.http_fixtures import http_site_fixture, operator_fixture  # noqa: F401``
(registered under the names ``http_site`` and ``operator``).
"""

import json
import os
import sys
from dataclasses import dataclass

import pytest
import requests

APPS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "apps")
TEST_APP = "benchless_http_testapp"
SITE = "http.test"
NOTE = "HTTP Test Note"

OPERATOR = "operator@example.com"
OPERATOR_PWD = "op-Secret-1"
READER = "reader@example.com"
READER_PWD = "rd-Secret-2"
DISABLED = "disabled@example.com"
DISABLED_PWD = "ds-Secret-3"


@dataclass
class HttpSite:
	url: str
	sites_path: str
	site: str
	api_key: str
	api_secret: str

	def method(self, name: str) -> str:
		return f"{self.url}/api/method/{TEST_APP}.api.{name}"

	def resource(self, doctype: str = NOTE, name: str | None = None) -> str:
		base = f"{self.url}/api/resource/{doctype}"
		return f"{base}/{name}" if name else base

	def login(self, usr: str = OPERATOR, pwd: str = OPERATOR_PWD) -> requests.Session:
		s = requests.Session()
		r = s.post(f"{self.url}/api/method/login", data={"usr": usr, "pwd": pwd}, timeout=30)
		assert r.status_code == 200, r.text
		return s

	def token_headers(self) -> dict:
		return {"Authorization": f"token {self.api_key}:{self.api_secret}"}


def server_messages(body: dict) -> list[dict]:
	"""Decode ``_server_messages``: a JSON string holding a list of JSON strings."""
	raw = body.get("_server_messages")
	assert isinstance(raw, str), f"_server_messages should be a JSON string, got {raw!r}"
	outer = json.loads(raw)
	assert isinstance(outer, list)
	assert all(isinstance(m, str) for m in outer), outer
	return [json.loads(m) for m in outer]


def _activate():
	if APPS_DIR not in sys.path:
		sys.path.insert(0, APPS_DIR)
	import benchless

	benchless.activate()


def _populate() -> dict:
	import frappe

	if not frappe.db.exists("Role", "HTTP Reader"):
		frappe.get_doc({"doctype": "Role", "role_name": "HTTP Reader"}).insert(ignore_permissions=True)
	keys = {"api_key": "op-key-123", "api_secret": "op-secret-456"}
	users = [
		(OPERATOR, "Olga", "Operator", ["System Manager"], OPERATOR_PWD, 1),
		(READER, "Rita", "Reader", ["HTTP Reader"], READER_PWD, 1),
		(DISABLED, "Dora", None, ["System Manager"], DISABLED_PWD, 0),
	]
	for email, first, last, roles, pwd, enabled in users:
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first,
				"last_name": last,
				"enabled": enabled,
				"user_type": "System User",
				"new_password": pwd,
				"roles": [{"role": r} for r in roles],
				**(keys if email == OPERATOR else {}),
			}
		).insert(ignore_permissions=True)
	return keys


def build_site(sites_path: str):
	"""Create and commit the test site (in other threads: this thread's frappe.local, e.g.
	the session's frappe_site, is left alone). Return (site info, operator API keys)."""
	_activate()
	from benchless.site import create_site, run_in_site

	info = create_site(os.path.join(sites_path, SITE), apps=["frappe", TEST_APP])
	keys = run_in_site(info, _populate)
	return info, keys


@pytest.fixture(scope="module", name="http_site")
def http_site_fixture(tmp_path_factory):
	info, keys = build_site(str(tmp_path_factory.mktemp("sites")))
	from benchless.serve import run_in_thread

	with run_in_thread(info.sites_path, info.site) as server:
		yield HttpSite(server.url, info.sites_path, info.site, keys["api_key"], keys["api_secret"])


@pytest.fixture(scope="module", name="operator")
def operator_fixture(http_site) -> requests.Session:
	return http_site.login()
