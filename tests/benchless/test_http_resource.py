"""/api/resource: list, insert, read, update, delete, run_method, permissions, statuses."""

import json
import uuid

import requests

from tests.benchless.http_fixtures import (  # noqa: F401 - fixtures
	NOTE,
	READER,
	READER_PWD,
	http_site_fixture,
	operator_fixture,
	server_messages,
)


def _insert(http_site, session, **values):
	r = session.post(http_site.resource(), json=values)
	assert r.status_code == 200, r.text
	return r.json()["data"]


def test_insert_read_update_delete(http_site, operator):
	doc = _insert(http_site, operator, title="crud", qty=3)
	assert doc["doctype"] == NOTE and doc["title"] == "crud" and doc["qty"] == 3
	assert doc["status"] == "Open"  # default applied
	name = doc["name"]

	r = operator.get(http_site.resource(name=name))
	assert r.status_code == 200
	assert r.json()["data"]["title"] == "crud"

	r = operator.put(http_site.resource(name=name), json={"qty": 8})
	assert r.status_code == 200
	assert r.json()["data"]["qty"] == 8
	assert operator.get(http_site.resource(name=name)).json()["data"]["qty"] == 8

	r = operator.delete(http_site.resource(name=name))
	assert r.status_code == 202
	assert r.json() == {"data": "ok"}

	r = operator.get(http_site.resource(name=name))
	assert r.status_code == 404
	assert r.json()["exc_type"] == "DoesNotExistError"


def test_list_defaults_to_20_rows_and_takes_json_query_params(http_site, operator):
	tag = uuid.uuid4().hex[:8]
	for i in range(25):
		_insert(http_site, operator, title=f"{tag}-{i:02d}", qty=i)
	like = json.dumps([["title", "like", f"{tag}-%"]])

	r = operator.get(http_site.resource(), params={"filters": like})
	assert r.status_code == 200
	rows = r.json()["data"]
	assert len(rows) == 20
	assert set(rows[0]) == {"name"}  # default field list is just name

	r = operator.get(
		http_site.resource(),
		params={
			"filters": like,
			"fields": json.dumps(["title", "qty"]),
			"order_by": "qty asc",
			"limit_start": 5,
			"limit_page_length": 3,
		},
	)
	assert [row["qty"] for row in r.json()["data"]] == [5, 6, 7]
	assert set(r.json()["data"][0]) == {"title", "qty"}

	r = operator.get(
		http_site.resource(),
		params={
			"filters": json.dumps({"title": ["like", f"{tag}-%"], "qty": [">", 20]}),
			"fields": '["qty"]',
			"order_by": "qty desc",
		},
	)
	assert [row["qty"] for row in r.json()["data"]] == [24, 23, 22, 21]

	r = operator.get(
		http_site.resource(),
		params={
			"filters": like,
			"or_filters": json.dumps([["qty", "=", 1], ["qty", "=", 2]]),
			"fields": '["qty"]',
			"order_by": "qty asc",
			"limit": 100,
		},
	)
	assert [row["qty"] for row in r.json()["data"]] == [1, 2]


def test_run_method_calls_a_whitelisted_document_method(http_site, operator):
	name = _insert(http_site, operator, title="to close")["name"]
	r = operator.post(http_site.resource(name=name), json={"run_method": "close", "reason": "done"})
	assert r.status_code == 200, r.text
	assert r.json()["data"] == {"closed": name, "reason": "done"}
	assert operator.get(http_site.resource(name=name)).json()["data"]["status"] == "Closed"

	# form-encoded works too; a method without @frappe.whitelist is refused
	r = operator.post(http_site.resource(name=name), data={"run_method": "not_exposed"})
	assert r.status_code == 403
	assert r.json()["exc_type"] == "PermissionError"

	# GET ?run_method= reads (read permission) and may call it too
	r = operator.get(http_site.resource(name=name), params={"run_method": "close", "reason": "again"})
	assert r.status_code == 200
	assert r.json()["data"]["reason"] == "again"


def test_a_json_body_hides_the_query_string(http_site, operator):
	"""Real make_form_dict: with a JSON body, query-string arguments are NOT read.
	So ?run_method=close plus a JSON body finds no run_method (KeyError, 500 in v15 too)."""
	name = _insert(http_site, operator, title="query vs body")["name"]
	r = operator.post(http_site.resource(name=name), params={"run_method": "close"}, json={"reason": "x"})
	assert r.status_code == 500
	assert r.json()["exc_type"] == "KeyError"
	assert operator.get(http_site.resource(name=name)).json()["data"]["status"] == "Open"


def test_validation_errors_on_insert_are_417_with_messages(http_site, operator):
	r = operator.post(http_site.resource(), json={"title": "neg", "qty": -1})
	assert r.status_code == 417
	body = r.json()
	assert body["exc_type"] == "ValidationError"
	assert "Qty must not be negative" in server_messages(body)[0]["message"]

	r = operator.post(http_site.resource(), json={"qty": 1})
	assert r.status_code == 417
	assert r.json()["exc_type"] == "MandatoryError"


def test_permissions_follow_docperms(http_site, operator):
	name = _insert(http_site, operator, title="perm")["name"]
	reader = http_site.login(READER, READER_PWD)
	assert reader.get(http_site.resource(name=name)).status_code == 200
	assert reader.get(http_site.resource()).status_code == 200

	r = reader.post(http_site.resource(), json={"title": "nope"})
	assert r.status_code == 403
	assert r.json()["exc_type"] == "PermissionError"
	r = reader.put(http_site.resource(name=name), json={"qty": 1})
	assert r.status_code == 403
	r = reader.delete(http_site.resource(name=name))
	assert r.status_code == 403

	guest = requests.Session()
	assert guest.get(http_site.resource()).status_code == 403
	assert guest.get(http_site.resource(name=name)).status_code == 403


def test_unsupported_http_method_on_a_resource_is_404_like_an_unknown_route(http_site, operator):
	# v1 has no PATCH rule; werkzeug's Map (strict_slashes=False) answers NotFound, which
	# frappe.api.handle turns into DoesNotExistError, as in real Frappe.
	name = _insert(http_site, operator, title="patch")["name"]
	r = operator.patch(http_site.resource(name=name), json={"qty": 2})
	assert r.status_code == 404
	assert r.json()["exc_type"] == "DoesNotExistError"
	assert operator.get(http_site.resource(name=name)).json()["data"].get("qty") in (0, None)


def test_unknown_doctype_is_an_error_with_a_class_name(http_site, operator):
	r = operator.get(http_site.resource("No Such DocType"))
	assert r.status_code in (404, 417)
	assert r.json()["exc_type"] in ("DoesNotExistError", "ValidationError")


def test_desk_style_run_doc_method(http_site, operator):
	"""What a form button's frm.call does: /api/method/run_doc_method with dt, dn, method."""
	name = _insert(http_site, operator, title="desk call")["name"]
	r = operator.post(
		f"{http_site.url}/api/method/run_doc_method",
		data={"dt": NOTE, "dn": name, "method": "close", "args": json.dumps({"reason": "from desk"})},
	)
	assert r.status_code == 200, r.text
	body = r.json()
	assert body["message"] == {"closed": name, "reason": "from desk"}
	assert body["docs"][0]["name"] == name and body["docs"][0]["status"] == "Closed"

	r = operator.post(
		f"{http_site.url}/api/method/run_doc_method", data={"dt": NOTE, "dn": name, "method": "not_exposed"}
	)
	assert r.status_code == 403
