"""/wms/supervisor, the supervisor's live floor view (issue 15), served over HTTP on the demo floor:
guests go to the login page and back, an operator is refused in plain words, and in Chromium at a
tablet's size a supervisor sees the zones, the demo operator with their current task and the
bottlenecks, with "updated HH:MM:SS"; the page refreshes itself (every 30 s: the test moves the
page's clock) and passes axe-core."""

# ruff: noqa: F811  (the shared fixtures, imported, are the tests' parameters)

from __future__ import annotations

import re
import urllib.parse

import pytest
import requests

from tests.app.http_fixtures import login_session
from tests.app.mobile_fixtures import (  # noqa: F401  (pytest fixtures and helpers)
	AXE_MARKS,
	BROWSER_MARKS,
	TIMEOUT_MS,
	axe_report,
	axe_violations,
	browser,
	served,
)

TABLET = {"width": 768, "height": 1024}
SUPERVISOR_PASSWORD = "wms-demo-supervisor"
ROUTE = "/wms/supervisor"


def make_supervisor(data: dict) -> str:
	from tests.app.http_fixtures import make_users
	from tests.factories import unique

	email = f"{unique('sup').lower()}@wms-demo.example"
	make_users(((email, ["WMS Supervisor"]),), SUPERVISOR_PASSWORD, "Sup")
	return email


@pytest.fixture
def supervisor(served):
	from tests.harness import run_in_site

	info, _server, data = served
	return run_in_site(info, make_supervisor, data)


def test_a_guest_goes_to_login_and_an_operator_is_refused(served):
	_info, server, data = served
	r = requests.get(f"{server.url}{ROUTE}", allow_redirects=False, timeout=30)
	assert (r.status_code, r.headers["location"]) == (301, f"/login?redirect-to={ROUTE}")

	operator = login_session(server, data["operator"]["user"], data["operator"]["password"])
	r = operator.get(f"{server.url}{ROUTE}", timeout=30)
	assert r.status_code == 403
	assert "the floor view is for supervisors" in r.text
	r = operator.get(f"{server.url}/api/method/wms_module.api.supervisor.floor", timeout=30)
	assert r.status_code == 403


def test_a_supervisor_gets_the_page_and_the_floor(served, supervisor):
	_info, server, data = served
	s = login_session(server, supervisor, SUPERVISOR_PASSWORD)
	r = s.get(f"{server.url}{ROUTE}", timeout=30)
	assert r.status_code == 200 and 'id="sup-zones"' in r.text and "wms_supervisor.js" in r.text
	floor = s.get(f"{server.url}/api/method/wms_module.api.supervisor.floor", timeout=30).json()["message"]
	assert data["operator"]["user"] in {o["user"] for o in floor["operators"]}


def log_in_to_floor(page, user: str) -> None:
	page.goto(ROUTE)
	page.wait_for_url(re.compile(r"/login\?redirect-to=/wms/supervisor(#login)?$"))
	page.fill("#login_email", user)
	page.fill("#login_password", SUPERVISOR_PASSWORD)
	page.click("button[type=submit]")
	page.wait_for_url(lambda url: urllib.parse.urlparse(url).path == ROUTE)


def marked(fn):
	for mark in (*BROWSER_MARKS, *AXE_MARKS):
		fn = mark(fn)
	return fn


@pytest.mark.parametrize("size", [TABLET], ids=["tablet"])
@marked
def test_the_page_shows_the_floor_refreshes_itself_and_passes_axe(served, supervisor, browser, size):
	from playwright.sync_api import expect

	_info, server, data = served
	context = browser.new_context(base_url=server.url, viewport=size)
	context.set_default_timeout(TIMEOUT_MS)
	expect.set_options(timeout=TIMEOUT_MS)
	page = context.new_page()
	errors = []
	page.on("pageerror", lambda e: errors.append(str(e)))
	log_in_to_floor(page, supervisor)
	# the page's own clock from here (the login page's timers stay real): reload under it
	page.clock.install()
	page.reload()

	expect(page.locator("#sup-updated")).to_have_text(re.compile(r"^updated \d\d:\d\d:\d\d$"))
	expect(page.locator("body")).to_have_attribute("data-refreshes", "1")
	assert page.locator("#sup-zones-body tr").count() >= 1
	operator_row = page.locator(f"#sup-operators-body tr[data-user='{data['operator']['user']}']")
	expect(operator_row).to_have_count(1)
	# their current task: a pick of the released demo wave, at its bin
	expect(operator_row).to_contain_text(re.compile(r"Pick at \S+"))
	expect(operator_row).to_contain_text(data["wave"])
	# today's performance from the labour log: a percentage, or "-" before any timed task
	expect(operator_row.locator(".sup-perf")).to_have_text(re.compile(r"^(-|\d+ %)$"))
	expect(page.locator("#sup-bottlenecks li[data-kind='oldest_zone']")).to_contain_text(
		"has the oldest open work"
	)

	violations = axe_violations(page)
	assert not violations, axe_report(violations, "/wms/supervisor at tablet size")

	page.clock.run_for(31_000)  # 30 s later the page asks again by itself
	expect(page.locator("body")).to_have_attribute("data-refreshes", "2")
	context.close()
	assert not errors, f"JavaScript errors on {ROUTE}: {errors}"
