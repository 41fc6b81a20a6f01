"""/wms at phone size (360x640): the pick sends the time of its first scan (``started_at``), and the
"Away" control logs a break (shown running, "Resume work" ends and posts it, queued when offline).

Fixtures and helpers are shared with the pick page's tests (tests/app/mobile_fixtures.py).
"""

# ruff: noqa: F811  (the pick page's fixtures, imported, are the tests' parameters)

from __future__ import annotations

import urllib.parse
from datetime import datetime, timezone

from tests.app.mobile_fixtures import (  # noqa: F401  (pytest fixtures and helpers)
	BROWSER_MARKS,
	browser,
	expect_step,
	first_task,
	on_server,
	page,
	pick_up_to_tote,
	scan,
	served,
)

pytestmark = BROWSER_MARKS

CONFIRM = "**/api/method/wms_module.api.picking.confirm"


def labour_rows(user):
	import frappe

	return frappe.get_all(
		"WMS Labor Log",
		filters={"operator": user},
		fields=["activity", "warehouse_task", "started_on", "ended_on", "is_direct"],
		order_by="started_on asc",
	)


def test_a_pick_sends_the_time_of_its_first_scan(served, page):
	info, _server, data = served
	page.set_viewport_size({"width": 360, "height": 640})
	expect_step(page, "bin")
	task = first_task(page)
	before = datetime.now(timezone.utc)
	pick_up_to_tote(page, task)
	with page.expect_request(CONFIRM) as sent:
		scan(page, task["tote"])
	form = urllib.parse.parse_qs(sent.value.post_data)
	started = datetime.fromisoformat(form["started_at"][0].replace("Z", "+00:00"))
	assert before.replace(microsecond=0) <= started.replace(microsecond=0) <= datetime.now(timezone.utc)
	confirmed = datetime.fromisoformat(form["confirmed_at"][0].replace("Z", "+00:00"))
	assert started <= confirmed <= datetime.now(timezone.utc)  # and when it was confirmed
	expect_step(page, "bin")  # answered: the next task
	rows = [
		r
		for r in on_server(info, labour_rows, data["operator"]["user"])
		if r["warehouse_task"] == task["name"]
	]
	assert len(rows) == 1 and rows[0]["activity"] == "Pick" and rows[0]["is_direct"] == 1
	# the page forgot the start once the confirmation was sent
	assert page.evaluate(f"() => window.wmsMobile.state.started[{task['name']!r}]") is None


def test_a_break_runs_on_the_page_and_resume_work_posts_it_even_after_a_dropped_connection(served, page):
	from playwright.sync_api import expect

	info, _server, data = served
	page.set_viewport_size({"width": 360, "height": 640})
	expect_step(page, "bin")
	running = page.locator("#wms-activity-running")
	expect(running).to_be_hidden()
	page.select_option("#wms-activity", "Break")
	page.click("#wms-activity-start")
	expect(running).to_be_visible()
	expect(page.locator("#wms-activity-text")).to_contain_text("Break since")
	expect(page.locator("#wms-activity-pick")).to_be_hidden()
	assert page.locator("#wms-resume").bounding_box()["width"] >= 44  # a thumb's target at 360 px

	page.reload()  # still running after a reload
	expect(page.locator("#wms-activity-text")).to_contain_text("Break since")
	page.wait_for_timeout(1100)  # a break of a second or more

	page.context.set_offline(True)
	page.click("#wms-resume")
	expect(running).to_be_hidden()
	expect(page.locator("#wms-queue")).to_have_text("1 queued")
	assert [
		r for r in on_server(info, labour_rows, data["operator"]["user"]) if r["activity"] == "Break"
	] == []

	sent = []
	page.on(
		"request", lambda r: sent.append(r.post_data) if "wms_module.api.labor.indirect" in r.url else None
	)
	page.context.set_offline(False)
	page.evaluate("() => window.wmsMobile.replay()")  # (the page also retries by itself)
	expect(page.locator("#wms-queue")).to_be_hidden()
	form = urllib.parse.parse_qs(sent[-1])
	assert form["activity"] == ["Break"] and form["idempotency_key"][0]
	expect(page.locator("#wms-message")).to_contain_text("Sent: break from")
	breaks = [r for r in on_server(info, labour_rows, data["operator"]["user"]) if r["activity"] == "Break"]
	assert len(breaks) == 1 and breaks[0]["is_direct"] == 0


def test_scanning_a_task_during_a_break_ends_the_break_first(served, page):
	from playwright.sync_api import expect

	info, _server, data = served
	page.set_viewport_size({"width": 360, "height": 640})
	expect_step(page, "bin")
	task = first_task(page)
	page.select_option("#wms-activity", "Meeting")
	page.click("#wms-activity-start")
	expect(page.locator("#wms-activity-running")).to_be_visible()
	page.wait_for_timeout(1100)
	scan(page, task["source_bin_code"])
	expect_step(page, "item")
	expect(page.locator("#wms-activity-running")).to_be_hidden()
	meetings = [
		r for r in on_server(info, labour_rows, data["operator"]["user"]) if r["activity"] == "Meeting"
	]
	assert len(meetings) == 1
	assert page.evaluate(f"() => window.wmsMobile.state.started[{task['name']!r}]")  # the task's first scan
