"""Login, session cookie, logout, API token and Basic auth over real HTTP."""

import base64

import requests

from tests.benchless.http_fixtures import (  # noqa: F401 - fixtures
	DISABLED,
	DISABLED_PWD,
	OPERATOR,
	OPERATOR_PWD,
	http_site_fixture,
	operator_fixture,
)


def test_login_sets_httponly_sid_and_answers_like_frappe(http_site):
	s = requests.Session()
	r = s.post(f"{http_site.url}/api/method/login", data={"usr": OPERATOR, "pwd": OPERATOR_PWD})
	assert r.status_code == 200
	body = r.json()
	assert body["message"] == "Logged In"
	assert body["full_name"] == "Olga Operator"
	assert body["home_page"] == "/app"
	sid = s.cookies.get("sid")
	assert sid and sid != "Guest"
	set_cookie = r.headers.get("Set-Cookie", "")
	assert "sid=" in set_cookie and "HttpOnly" in set_cookie
	assert s.cookies.get("user_id") == "operator%40example.com"
	assert s.cookies.get("system_user") == "yes"

	# the cookie alone identifies the user on later requests
	r2 = s.get(http_site.method("whoami"))
	assert r2.status_code == 200
	assert r2.json() == {"message": OPERATOR}


def test_login_with_json_body_and_any_letter_case(http_site):
	s = requests.Session()
	r = s.post(f"{http_site.url}/api/method/login", json={"usr": OPERATOR.upper(), "pwd": OPERATOR_PWD})
	assert r.status_code == 200, r.text
	assert s.get(http_site.method("whoami")).json()["message"] == OPERATOR


def test_wrong_password_is_401_authentication_error_without_session(http_site):
	s = requests.Session()
	r = s.post(f"{http_site.url}/api/method/login", data={"usr": OPERATOR, "pwd": "nope"})
	assert r.status_code == 401
	body = r.json()
	assert body["exc_type"] == "AuthenticationError"
	assert body["message"] == "Invalid login credentials"
	assert not s.cookies.get("sid")
	assert s.get(http_site.method("whoami")).status_code == 403


def test_unknown_user_and_disabled_user_cannot_log_in(http_site):
	r = requests.post(f"{http_site.url}/api/method/login", data={"usr": "ghost@example.com", "pwd": "x"})
	assert r.status_code == 401
	assert r.json()["message"] == "Invalid login credentials"

	r = requests.post(f"{http_site.url}/api/method/login", data={"usr": DISABLED, "pwd": DISABLED_PWD})
	assert r.status_code == 401
	assert r.json()["message"] == "User disabled or missing"


def test_missing_password_is_incomplete_login(http_site):
	r = requests.post(f"{http_site.url}/api/method/login", data={"usr": OPERATOR})
	assert r.status_code == 401
	assert r.json()["message"] == "Incomplete login details"


def test_logout_ends_the_session_for_that_cookie(http_site):
	s = http_site.login()
	old_sid = s.cookies.get("sid")
	r = s.post(f"{http_site.url}/api/method/logout")
	assert r.status_code == 200
	# the old sid no longer works even if a client keeps sending it
	r = requests.get(http_site.method("whoami"), cookies={"sid": old_sid})
	assert r.status_code == 403
	assert r.json()["exc_type"] == "PermissionError"


def test_unknown_sid_is_guest_not_an_error(http_site):
	r = requests.get(http_site.method("ping_guest"), cookies={"sid": "not-a-session"})
	assert r.status_code == 200
	assert r.json() == {"message": "pong"}
	r = requests.get(http_site.method("whoami"), cookies={"sid": "not-a-session"})
	assert r.status_code == 403


def test_token_auth(http_site):
	r = requests.get(http_site.method("whoami"), headers=http_site.token_headers())
	assert r.status_code == 200
	assert r.json()["message"] == OPERATOR


def test_basic_auth_with_key_and_secret(http_site):
	token = base64.b64encode(f"{http_site.api_key}:{http_site.api_secret}".encode()).decode()
	r = requests.get(http_site.method("whoami"), headers={"Authorization": f"Basic {token}"})
	assert r.status_code == 200
	assert r.json()["message"] == OPERATOR


def test_wrong_secret_or_unknown_key_is_401(http_site):
	for header in (
		f"token {http_site.api_key}:wrong",
		f"token nokey:{http_site.api_secret}",
		"token garbage-without-colon",
	):
		r = requests.get(http_site.method("ping_guest"), headers={"Authorization": header})
		assert r.status_code == 401, header
		assert r.json()["exc_type"] == "AuthenticationError"


def test_sessions_are_independent(http_site, operator):
	guest = requests.Session()
	assert guest.get(http_site.method("whoami")).status_code == 403
	assert operator.get(http_site.method("whoami")).json()["message"] == OPERATOR


def test_once_a_session_has_a_csrf_token_unsafe_requests_must_send_it(http_site):
	s = http_site.login()
	token = s.get(http_site.method("issue_csrf_token")).json()["message"]
	assert token

	r = s.post(http_site.method("post_only"), data={"value": 1})
	assert r.status_code == 400
	assert r.json()["exc_type"] == "CSRFTokenError"

	r = s.post(http_site.method("post_only"), data={"value": 1}, headers={"X-Frappe-CSRF-Token": token})
	assert r.status_code == 200
	# reads are not checked, and API-key requests carry no session token
	assert s.get(http_site.method("whoami")).status_code == 200
	r = requests.post(http_site.method("post_only"), data={"value": 1}, headers=http_site.token_headers())
	assert r.status_code == 200


def _age_session(http_site, sid, hours):
	from benchless.site import run_in_site
	from tests.benchless.http_fixtures import _activate

	_activate()

	def age():
		import datetime
		import json

		import frappe

		then = datetime.datetime.now() - datetime.timedelta(hours=hours)
		(row,) = frappe.db.sql("select sessiondata from `tabSessions` where sid=%s", (sid,))
		data = json.loads(row[0])
		data["last_updated"] = str(then.replace(microsecond=0))
		frappe.db.sql(
			"update `tabSessions` set lastupdate=%s, sessiondata=%s where sid=%s",
			(str(then.replace(microsecond=0)), json.dumps(data), sid),
		)

	class Info:
		site = http_site.site
		sites_path = http_site.sites_path

	run_in_site(Info, age)

	def lastupdate():
		import frappe

		return frappe.db.sql("select lastupdate from `tabSessions` where sid=%s", (sid,))

	return lambda: run_in_site(Info, lastupdate)


def test_session_expiry_slides_with_use_and_ends_when_idle(http_site):
	import datetime

	s = http_site.login()
	lastupdate = _age_session(http_site, s.cookies.get("sid"), hours=200)
	assert s.get(http_site.method("whoami")).json()["message"] == OPERATOR  # still valid...
	(row,) = lastupdate()
	refreshed = (
		row[0] if isinstance(row[0], datetime.datetime) else datetime.datetime.fromisoformat(str(row[0]))
	)
	assert datetime.datetime.now() - refreshed < datetime.timedelta(minutes=5)  # ...and refreshed

	s2 = http_site.login()
	_age_session(http_site, s2.cookies.get("sid"), hours=241)  # default session_expiry 240:00
	r = s2.get(http_site.method("whoami"))
	assert r.status_code == 403
