"""/wms in a real browser: what a warehouse hits when the network, the session or a label misbehaves.

- a scanned label carrying markup must not run in the operator's session (the server's message
  echoes the scan);
- a confirmation queued offline must survive a session that ended meanwhile (kept, sent after
  the operator logs in again), never be dropped as "not accepted";
- a gateway error (502/503/504: the proxy lost the app server, which may have done the pick) is
  no answer from the app: the confirmation is queued with its key and replayed, picked once.

Fixtures and helpers are shared with the pick page's tests (tests/app/mobile_fixtures.py).
"""

# ruff: noqa: F811  (the pick page's fixtures, imported, are the tests' parameters)

from __future__ import annotations

import re

from tests.app.mobile_fixtures import (  # noqa: F401  (pytest fixtures and helpers)
	BROWSER_MARKS,
	browser,
	expect_step,
	first_task,
	log_in,
	on_server,
	page,
	pick_up_to_tote,
	request_logs,
	scan,
	served,
	task_state,
)

pytestmark = BROWSER_MARKS


def test_a_scanned_label_with_markup_is_shown_as_text_and_never_runs(served, page):
	"""A QR label can carry any text; the server's 'Wrong bin: scanned ...' echoes it. Turning
	that message into text must not parse it in the live document (an <img onerror> runs there)."""
	from playwright.sync_api import expect

	expect_step(page, "bin")
	scan(page, '<img src="/x-missing.png" onerror="window.__wmsInjected=1">')

	message = page.locator("#wms-message")
	expect(message).to_have_attribute("data-kind", "error")
	expect(message).to_contain_text("Wrong bin: scanned")
	page.wait_for_timeout(500)  # give a loading image the time to fail
	assert page.evaluate("() => window.__wmsInjected") is None
	expect(page.locator("#wms-message img")).to_have_count(0)
	expect_step(page, "bin")


def test_a_queued_confirmation_survives_a_session_that_ended_and_lands_after_login(served, page):
	from playwright.sync_api import expect

	info, _server, data = served
	expect_step(page, "bin")
	task = first_task(page)
	before = on_server(info, task_state, task["name"])
	pick_up_to_tote(page, task)

	page.context.set_offline(True)
	scan(page, task["tote"])
	expect(page.locator("#wms-queue")).to_have_text("1 queued")

	page.context.clear_cookies()  # the session ended while the handheld was out of range
	page.context.set_offline(False)
	page.evaluate("() => window.wmsMobile.replay()")

	message = page.locator("#wms-message")
	expect(message).to_contain_text("log in again")
	expect(page.locator("#wms-queue")).to_have_text("1 queued")
	key = f"wms_mobile.queue.{data['operator']['user']}"
	assert len(page.evaluate("(key) => JSON.parse(localStorage.getItem(key))", key)) == 1
	assert on_server(info, task_state, task["name"])["status"] == before["status"]

	# the operator logs in again: the page comes back with the queue and sends it
	page.goto("/login?redirect-to=/wms")
	log_in(page, data["operator"])
	expect(page.locator("#wms-queue")).to_be_hidden()
	expect(message).to_contain_text(f"Sent: pick {task['qty']:g} x {task['item_code']}")
	after = on_server(info, task_state, task["name"])
	assert after["status"] == "Done"
	assert after["ledger_rows"] == before["ledger_rows"] + 2


def test_a_gateway_error_after_the_pick_is_queued_with_its_key_and_picks_once(served, page):
	"""nginx answers 504 while the app server finishes (and commits) the pick. The page must not
	show it as a refusal and reset the scans (the operator would confirm again with a new key):
	it queues the confirmation with its key, and the replay answers the first answer."""
	from playwright.sync_api import expect

	info, _server, _data = served
	expect_step(page, "bin")
	task = first_task(page)
	before = on_server(info, task_state, task["name"])
	pick_up_to_tote(page, task)
	sent = []

	def gateway_timeout_first(route):
		sent.append(route.request.post_data)
		if len(sent) == 1:
			route.fetch()  # the app server picks...
			route.fulfill(status=504, content_type="text/html", body="<h1>504 Gateway Time-out</h1>")
		else:
			route.continue_()

	page.route("**/api/method/wms_module.api.picking.confirm", gateway_timeout_first)
	scan(page, task["tote"])

	expect(page.locator("#wms-message")).to_contain_text(
		f"Sent: pick {task['qty']:g} x {task['item_code']}", timeout=20_000
	)
	expect(page.locator("#wms-queue")).to_be_hidden()
	assert len(sent) == 2
	key = dict(p.split("=", 1) for p in sent[0].split("&"))["idempotency_key"]
	assert f"idempotency_key={key}" in sent[1]
	after = on_server(info, task_state, task["name"])
	assert after["status"] == "Done"
	assert after["picked_qty"] == task["qty"]
	assert after["ledger_rows"] == before["ledger_rows"] + 2
	assert on_server(info, request_logs, key) == [key]
	assert not re.search("Not accepted", page.locator("#wms-message").inner_text())


def test_a_confirmation_refused_because_the_session_ended_is_kept_and_sent_after_login(served, page):
	"""The goods are in the tote when the server says the session is over: the page must keep the
	confirmation (not drop it as refused), say so in words, and send it after the next login."""
	from playwright.sync_api import expect

	info, _server, data = served
	expect_step(page, "bin")
	task = first_task(page)
	before = on_server(info, task_state, task["name"])
	pick_up_to_tote(page, task)

	page.context.clear_cookies()  # the session ended while the operator walked to the tote
	scan(page, task["tote"])

	message = page.locator("#wms-message")
	expect(message).to_have_text("Session ended: log in again, your pick is kept")
	expect(message).to_have_attribute("data-kind", "error")
	expect(page.locator("#wms-queue")).to_have_text("1 queued")
	expect(page.locator("#wms-logout")).to_have_text("Log in")
	assert on_server(info, task_state, task["name"])["status"] == before["status"]

	page.click("#wms-logout")
	page.wait_for_url(re.compile(r"/login"))
	log_in(page, data["operator"])
	expect(page.locator("#wms-queue")).to_be_hidden()
	expect(message).to_contain_text(f"Sent: pick {task['qty']:g} x {task['item_code']}")
	after = on_server(info, task_state, task["name"])
	assert after["status"] == "Done" and after["picked_qty"] == task["qty"]
	assert after["ledger_rows"] == before["ledger_rows"] + 2
