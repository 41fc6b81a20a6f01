"""/api/method: whitelisting, guests, methods=, type checks, error bodies, transactions."""

import concurrent.futures
import uuid

import requests

from tests.benchless.http_fixtures import (  # noqa: F401 - fixtures
	OPERATOR,
	TEST_APP,
	http_site_fixture,
	operator_fixture,
	server_messages,
)


def _title():
	return f"note-{uuid.uuid4().hex[:10]}"


def test_guest_gets_403_on_a_method_that_is_not_allow_guest(http_site):
	r = requests.get(http_site.method("whoami"))
	assert r.status_code == 403
	body = r.json()
	assert body["exc_type"] == "PermissionError"
	(msg,) = server_messages(body)
	assert "whoami" in msg["message"] and "not whitelisted" in msg["message"]
	assert msg["title"] == "Method Not Allowed"


def test_allow_guest_method_answers_guests(http_site):
	r = requests.get(http_site.method("ping_guest"))
	assert r.status_code == 200
	assert r.json() == {"message": "pong"}
	assert r.headers["Content-Type"].startswith("application/json")


def test_builtin_ping_and_v1_prefix(http_site):
	assert requests.get(f"{http_site.url}/api/method/ping").json() == {"message": "pong"}
	r = requests.get(f"{http_site.url}/api/v1/method/{TEST_APP}.api.ping_guest")
	assert r.json() == {"message": "pong"}


def test_function_without_whitelist_is_403_even_when_logged_in(http_site, operator):
	r = operator.get(http_site.method("not_whitelisted"))
	assert r.status_code == 403
	assert r.json()["exc_type"] == "PermissionError"


def test_methods_restriction_refuses_get_with_403(http_site, operator):
	r = operator.get(http_site.method("post_only"), params={"value": "x"})
	assert r.status_code == 403
	body = r.json()
	assert body["exc_type"] == "PermissionError"
	assert server_messages(body)[0]["message"] == "Not permitted"

	r = operator.post(http_site.method("post_only"), data={"value": "x"})
	assert r.status_code == 200
	assert r.json() == {"message": {"got": "x"}}


def test_arguments_from_query_form_and_json_are_coerced_to_hints(http_site, operator):
	r = operator.get(
		http_site.method("typed"), params={"qty": "5", "label": "A", "ratio": "2.5", "flag": "true"}
	)
	assert r.status_code == 200, r.text
	msg = r.json()["message"]
	assert msg["qty"] == 5 and msg["ratio"] == 2.5 and msg["flag"] is True
	assert msg["types"] == ["int", "str", "float"]

	r = operator.post(http_site.method("typed"), data={"qty": "7", "label": "B"})
	assert r.json()["message"]["qty"] == 7

	r = operator.post(http_site.method("typed"), json={"qty": 9, "label": "C", "tags": ["x", "y"]})
	assert r.json()["message"]["tags"] == ["x", "y"]


def test_type_mismatch_is_417_frappe_type_error_naming_argument_and_type(http_site, operator):
	r = operator.get(http_site.method("typed"), params={"qty": "five", "label": "A"})
	assert r.status_code == 417
	body = r.json()
	assert body["exc_type"] == "FrappeTypeError"
	# a System User sees the last traceback line, as in real Frappe
	assert "Argument 'qty'" in body["exception"]
	assert "should be of type 'int'" in body["exception"]

	r = operator.post(http_site.method("typed"), json={"qty": 1, "label": 5})
	assert r.status_code == 417
	assert "Argument 'label'" in r.json()["exception"]

	r = operator.post(http_site.method("typed"), json={"qty": 1, "label": "x", "tags": "not-a-list"})
	assert r.status_code == 417
	assert "Argument 'tags'" in r.json()["exception"]


def test_validation_error_body_shape(http_site, operator):
	title = _title()
	r = operator.post(http_site.method("add_note_and_fail"), data={"title": title})
	assert r.status_code == 417
	body = r.json()
	assert body["exc_type"] == "ValidationError"
	assert body["exception"].startswith("frappe.exceptions.ValidationError")
	(msg,) = server_messages(body)
	assert f"Refusing note '{title}'" in msg["message"]
	assert msg["indicator"] == "red"
	# the insert before the error was rolled back
	assert operator.get(http_site.method("count_notes"), params={"title": title}).json()["message"] == 0


def test_msgprint_travels_with_a_successful_answer(http_site, operator):
	r = operator.get(http_site.method("warn_and_return"))
	assert r.status_code == 200
	body = r.json()
	assert body["message"] == 42
	assert server_messages(body)[0]["message"] == "Heads up: bin A-01 is nearly full"


def test_unexpected_exception_is_500_with_its_class_name(http_site, operator):
	r = operator.get(http_site.method("boom"))
	assert r.status_code == 500
	body = r.json()
	assert body["exc_type"] == "RuntimeError"
	assert "unexpected failure in boom" in body["exception"]


def test_guest_error_bodies_carry_no_traceback(http_site):
	r = requests.get(http_site.method("whoami"))
	body = r.json()
	assert "exception" not in body and "exc" not in body


def test_unknown_api_route_is_404_does_not_exist(http_site):
	r = requests.get(f"{http_site.url}/api/nothing/here")
	assert r.status_code == 404
	assert r.json()["exc_type"] == "DoesNotExistError"


def test_unknown_method_path_is_an_error_not_a_500(http_site, operator):
	r = operator.get(f"{http_site.url}/api/method/{TEST_APP}.api.no_such_function")
	assert r.status_code == 417
	assert r.json()["exc_type"] == "ValidationError"


def test_get_rolls_back_writes_post_commits_them(http_site, operator):
	title = _title()
	r = operator.get(http_site.method("add_note"), params={"title": title})
	assert r.status_code == 200 and r.json()["message"]  # the insert happened...
	count = operator.get(http_site.method("count_notes"), params={"title": title}).json()["message"]
	assert count == 0  # ...and was rolled back with the GET

	r = operator.post(http_site.method("add_note"), data={"title": title})
	assert r.status_code == 200
	assert operator.get(http_site.method("count_notes"), params={"title": title}).json()["message"] == 1


def test_get_commits_when_the_method_sets_flags_commit(http_site, operator):
	title = _title()
	assert (
		operator.get(http_site.method("add_note_with_commit_flag"), params={"title": title}).status_code
		== 200
	)
	assert operator.get(http_site.method("count_notes"), params={"title": title}).json()["message"] == 1


def test_responses_are_not_cacheable(http_site):
	r = requests.get(http_site.method("ping_guest"))
	assert "no-store" in r.headers["Cache-Control"]


def test_sixty_operators_at_once(http_site):
	"""60 handhelds at once: each logs in (its own session cookie), then reads and writes."""
	from tests.benchless.http_fixtures import OPERATOR_PWD

	title = _title()

	def one(i):
		s = requests.Session()
		login = s.post(
			f"{http_site.url}/api/method/login", data={"usr": OPERATOR, "pwd": OPERATOR_PWD}, timeout=60
		)
		codes = [login.status_code]
		for _ in range(2):
			who = s.get(http_site.method("whoami"), timeout=60)
			codes.append(who.status_code if who.json().get("message") == OPERATOR else -1)
			codes.append(
				s.post(http_site.method("add_note"), data={"title": title, "qty": i}, timeout=60).status_code
			)
		return codes, s.cookies.get("sid")

	with concurrent.futures.ThreadPoolExecutor(max_workers=60) as pool:
		results = list(pool.map(one, range(60)))
	assert [codes for codes, _ in results] == [[200] * 5] * 60
	assert len({sid for _, sid in results}) == 60  # one session each
	r = requests.get(
		http_site.method("count_notes"), params={"title": title}, headers=http_site.token_headers()
	)
	assert r.json()["message"] == 120


def test_a_method_can_answer_with_a_file(http_site, operator):
	r = operator.get(http_site.method("download_label"), params={"kind": "zpl"})
	assert r.status_code == 200
	assert r.headers["Content-Type"].startswith("application/zpl")
	assert r.headers["Content-Disposition"] == 'attachment; filename="bin_A-01.zpl"'
	assert r.text.startswith("^XA")

	r = operator.get(http_site.method("download_label"), params={"kind": "svg"})
	assert r.headers["Content-Type"].startswith("image/svg+xml")
	assert r.headers["Content-Disposition"] == 'inline; filename="bin.svg"'


def test_cors_only_for_origins_in_site_config(http_site):
	import json
	import os

	config_path = os.path.join(http_site.sites_path, http_site.site, "site_config.json")
	with open(config_path) as f:
		config = json.load(f)
	r = requests.options(http_site.method("ping_guest"), headers={"Origin": "https://scanner.example"})
	assert r.status_code == 200 and "Access-Control-Allow-Origin" not in r.headers
	try:
		with open(config_path, "w") as f:
			json.dump({**config, "allow_cors": ["https://scanner.example"]}, f)
		r = requests.options(
			http_site.method("ping_guest"),
			headers={"Origin": "https://scanner.example", "Access-Control-Request-Method": "POST"},
		)
		assert r.headers["Access-Control-Allow-Origin"] == "https://scanner.example"
		assert r.headers["Access-Control-Allow-Credentials"] == "true"
		assert r.headers["Access-Control-Allow-Methods"] == "POST"
		r = requests.get(http_site.method("ping_guest"), headers={"Origin": "https://evil.example"})
		assert "Access-Control-Allow-Origin" not in r.headers
	finally:
		with open(config_path, "w") as f:
			json.dump(config, f)
