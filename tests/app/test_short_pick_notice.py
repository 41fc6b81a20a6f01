"""A short pick that no other bin can cover tells the WMS Supervisors; one that is covered does not."""

from __future__ import annotations

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import (
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
	tasks_of,
)
from wms_module.services import short_picks
from wms_module.services.picking import ConfirmPick, confirm_pick
from wms_module.services.short_picks import SHORT_PICK_EVENT


@pytest.fixture
def site():
	outbound_defaults()
	return outbound_floor("A-01", "B-05")


@pytest.fixture
def published(monkeypatch):
	sent = []
	monkeypatch.setattr(
		frappe, "publish_realtime", lambda event, message=None, **kw: sent.append((event, message, kw))
	)
	return sent


def make_user(email, role, enabled=1):
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0],
				"enabled": enabled,
				"user_type": "System User",
				"roles": [{"role": role}],
			}
		).insert(ignore_permissions=True)
	return email


def test_line_left_short_is_sent_to_every_enabled_supervisor(site, published):
	sup = make_user("sam.supervisor@example.com", "WMS Supervisor")
	make_user("old.supervisor@example.com", "WMS Supervisor", enabled=0)
	make_user("olga.operator@example.com", "WMS Operator")
	item = factories.make_item()
	put_stock(site, item, "A-01", 3)
	so = factories.make_sales_order(items=so_lines(site, (item, 3)))
	(t,) = tasks_of(so.name)

	out = confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=1, short=True))

	assert out.reallocated_tasks == []
	told = [(event, kw["user"]) for event, _, kw in published if event == SHORT_PICK_EVENT]
	assert sup in {u for _, u in told}
	assert "old.supervisor@example.com" not in {u for _, u in told}
	assert "olga.operator@example.com" not in {u for _, u in told}
	(message,) = [m for event, m, kw in published if event == SHORT_PICK_EVENT and kw["user"] == sup]
	assert (message["sales_order"], message["item_code"], message["short_qty"]) == (so.name, item, 2)
	assert so.name in message["message"] and "short" in message["message"]
	assert all(kw.get("after_commit") for event, _, kw in published if event == SHORT_PICK_EVENT)
	# and in the desk's notifications (the bell), on the Sales Order: for each enabled supervisor only
	logs = frappe.get_all(
		"Notification Log",
		filters={"document_type": "Sales Order", "document_name": so.name},
		fields=["for_user", "type", "subject", "from_user"],
	)
	assert {log.for_user for log in logs} == {u for _, u in told}
	(log,) = [log for log in logs if log.for_user == sup]
	assert log.type == "Alert" and so.name in log.subject and item in log.subject


def test_short_pick_covered_by_another_bin_tells_no_one(site, published):
	make_user("sam.supervisor@example.com", "WMS Supervisor")
	item = factories.make_item()
	put_stock(site, item, "A-01", 3)
	put_stock(site, item, "B-05", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 3)))
	t = tasks_of(so.name)[0]
	out = confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=1, short=True))
	assert len(out.reallocated_tasks) == 1
	assert [e for e, _, _ in published if e == SHORT_PICK_EVENT] == []
	assert not frappe.db.exists("Notification Log", {"document_name": so.name})


def test_supervisors_lists_only_enabled_supervisors():
	make_user("sue.supervisor@example.com", "WMS Supervisor")
	make_user("off.supervisor@example.com", "WMS Supervisor", enabled=0)
	found = short_picks.supervisors()
	assert "sue.supervisor@example.com" in found and "off.supervisor@example.com" not in found
