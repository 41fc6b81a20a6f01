"""Drive a running ERPNext site with wms_module over REST, exactly as an external system would.

Set ``WMS_LIVE_URL`` (e.g. https://erp.example.com) and the API key and secret of a User
(User > Settings > API Access > Generate Keys) in ``WMS_LIVE_API_KEY`` and
``WMS_LIVE_API_SECRET``; without them every test here is skipped, naming what is missing.
The User should hold a WMS role (WMS Operator is enough) and read Storage Bins. Nothing is
written: only GET calls, and the documented GET methods get placeholder arguments that name
nothing on the site.

	WMS_LIVE_URL=... WMS_LIVE_API_KEY=... WMS_LIVE_API_SECRET=... .venv/bin/python -m pytest tests/live

Only ``requests`` (and openapi-spec-validator when installed) is used: no frappe import.
"""

import json
import os

import pytest
import requests

SETTINGS = ("WMS_LIVE_URL", "WMS_LIVE_API_KEY", "WMS_LIVE_API_SECRET")
WMS_ROLES = {"WMS Manager", "WMS Supervisor", "WMS Operator"}
API = "/api/method/wms_module.api"
PROBE = "wms-live-probe-no-such-name"
TIMEOUT = 60


def missing_settings(env=None) -> list[str]:
	env = os.environ if env is None else env
	return [name for name in SETTINGS if not (env.get(name) or "").strip()]


def skip_reason(missing: list[str]) -> str:
	return (
		f"live REST suite: set {', '.join(missing)} "
		"(the site's URL and a User's API key and secret) to run it against a running site"
	)


MISSING = missing_settings()
pytestmark = pytest.mark.skipif(bool(MISSING), reason=skip_reason(MISSING))


class LiveApi:
	"""A requests session that authenticates every call with ``Authorization: token key:secret``."""

	def __init__(self, url: str, api_key: str, api_secret: str):
		self.url = url.rstrip("/")
		self.session = requests.Session()
		self.session.headers.update(
			{"Authorization": f"token {api_key}:{api_secret}", "Accept": "application/json"}
		)

	def get(self, path: str, **params) -> requests.Response:
		return self.session.get(f"{self.url}{path}", params=params or None, timeout=TIMEOUT)

	def message(self, path: str, **params):
		"""The ``message`` of a 200 answer; anything else fails naming the call and the answer."""
		r = self.get(path, **params)
		assert r.status_code == 200, f"GET {path} {params}: HTTP {r.status_code}: {r.text[:500]}"
		return r.json()["message"]


@pytest.fixture(scope="module")
def api() -> LiveApi:
	return LiveApi(
		os.environ["WMS_LIVE_URL"], os.environ["WMS_LIVE_API_KEY"], os.environ["WMS_LIVE_API_SECRET"]
	)


@pytest.fixture(scope="module")
def document(api):
	return api.message(f"{API}.openapi.document")


def test_the_api_key_logs_in_and_session_info_names_the_app_and_the_user(api):
	info = api.message(f"{API}.session.info")
	assert info["app"] == "wms_module"
	assert isinstance(info["version"], str) and info["version"]
	assert info["user"] not in ("", "Guest")
	assert set(info["roles"]) <= WMS_ROLES


def test_a_wrong_secret_is_refused_as_data(api):
	wrong = requests.get(
		f"{api.url}{API}.session.info",
		headers={"Authorization": f"token {os.environ['WMS_LIVE_API_KEY']}:not-the-secret"},
		timeout=TIMEOUT,
	)
	assert wrong.status_code == 401, wrong.text[:500]
	assert wrong.json().get("exc_type") == "AuthenticationError"


def test_storage_bins_list_and_read_through_the_resource_api(api):
	r = api.get(
		"/api/resource/Storage Bin",
		fields=json.dumps(["name", "bin_code", "warehouse", "status"]),
		limit_page_length=5,
	)
	assert r.status_code == 200, r.text[:500]
	rows = r.json()["data"]
	assert isinstance(rows, list) and len(rows) <= 5
	assert all({"name", "bin_code", "warehouse", "status"} <= set(row) for row in rows)
	if rows:
		one = api.get(f"/api/resource/Storage Bin/{rows[0]['name']}")
		assert one.status_code == 200, one.text[:500]
		assert one.json()["data"]["bin_code"] == rows[0]["bin_code"]


def test_my_tasks_answers_the_callers_open_tasks(api):
	user = api.message(f"{API}.session.info")["user"]
	tasks = api.message(f"{API}.picking.my_tasks")
	assert isinstance(tasks, list)
	for task in tasks:
		# every task names its item, but a go-live count, which counts whatever its bin holds
		assert task["name"] and (task["item_code"] or task["reference_doctype"] == "Warehouse Layout"), task
		assert task.get("assigned_to") in (None, "", user), task  # mine, or queued for anyone


def test_the_openapi_document_is_served_and_valid(api, document):
	assert document["openapi"].startswith("3.1")
	assert document["paths"], "the document lists no methods"
	assert all(p.startswith(f"{API}.") for p in document["paths"])
	try:
		from openapi_spec_validator import validate
	except ImportError:
		return
	validate(document)


def _placeholder(schema: dict):
	"""A harmless value of a required parameter's schema: names nothing, asks for the least."""
	kind = schema.get("type")
	if "anyOf" in schema:
		return _placeholder(schema["anyOf"][0])
	if isinstance(kind, list):
		kind = kind[0]
	return {"integer": 1, "number": 1, "boolean": 0, "array": "[]"}.get(
		kind, "[]" if "contentSchema" in schema else PROBE
	)


def probe_documented_gets(api: LiveApi, document: dict) -> tuple[int, list[str]]:
	"""Call each documented GET with nothing but placeholders for its required parameters; answer
	(calls made, problems). A problem: the method is missing (a 404 that is not the app's
	DoesNotExistError, or Frappe's "Failed to get method", which v15 answers with 417), a status
	the document does not list for the method, or an error that is not data (no exc_type)."""
	problems = []
	called = 0
	for path, item in document["paths"].items():
		op = item.get("get")
		if op is None:
			continue
		params = {p["name"]: _placeholder(p["schema"]) for p in op.get("parameters", []) if p["required"]}
		r = api.get(path, **params)
		called += 1
		status = str(r.status_code)
		is_json = r.headers.get("Content-Type", "").startswith("application/json")
		body = r.json() if is_json else {}
		if "Failed to get method" in r.text or "is not whitelisted" in r.text:
			problems.append(f"{path}: the site has no such method (HTTP {status})")
		elif status == "404" and body.get("exc_type") != "DoesNotExistError":
			problems.append(f"{path}: HTTP 404 without a DoesNotExistError body (no such route?)")
		elif status not in op["responses"]:
			problems.append(
				f"{path} {params}: HTTP {status} is not documented ({sorted(op['responses'])}): {r.text[:300]}"
			)
		elif status != "200" and not body.get("exc_type"):
			problems.append(f"{path}: HTTP {status} without exc_type: {r.text[:300]}")
	return called, problems


def test_every_documented_get_method_exists_and_answers_as_documented(api, document):
	"""The methods the site documents are there and answer as documented (nothing is written)."""
	called, problems = probe_documented_gets(api, document)
	assert called, "the document lists no GET method"
	assert problems == [], "\n".join(problems)
