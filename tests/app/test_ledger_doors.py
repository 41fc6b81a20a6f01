"""One door to the ledgers: what a Warehouse Task says about stock, and every Bin Stock balance,
are written by the services only. Through REST and the desk they are refused (403) for every
role, Administrator and System Manager included, and nothing moves; what a supervisor may edit
on a task (priority, assignee, tote) still saves. (Issue 10, findings 1 and 2.)"""

from __future__ import annotations

import json
import os

import pytest

from tests.app.http_fixtures import login_session, make_users, serve_seeded

PASSWORD = "doors-pass-123"
SYSTEM_MANAGER = "doors-sysman@wms.example"
MANAGER = "doors-manager@wms.example"
SUPERVISOR = "doors-supervisor@wms.example"
ADMIN_PASSWORD = os.environ.get("WMS_ADMIN_PW", "admin")


def _seed():
	import frappe

	from tests import factories
	from tests.app.outbound_fixtures import outbound_defaults, outbound_floor, put_stock, so_lines, tasks_of

	make_users(
		(
			(SYSTEM_MANAGER, ["System Manager"]),
			(MANAGER, ["WMS Manager"]),
			(SUPERVISOR, ["WMS Supervisor"]),
		),
		PASSWORD,
		"Doors",
	)
	outbound_defaults()
	site = outbound_floor("A-01")
	item = factories.make_item()
	put_stock(site, item, "A-01", 9)
	so = factories.make_sales_order(items=so_lines(site, (item, 4)))
	(pick,) = tasks_of(so.name, task_type="Pick")
	row = frappe.db.get_value("Bin Stock", {"storage_bin": site.bins["A-01"], "item_code": item}, "name")
	return frappe._dict(
		pick=pick.name, item=item, row=row, bin=site.bins["A-01"], warehouse=site.warehouse, zone=pick.zone
	)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
	yield from serve_seeded(tmp_path_factory, "doors_site", _seed)


def _sessions(server):
	out = {user: login_session(server, user, PASSWORD) for user in (SYSTEM_MANAGER, MANAGER, SUPERVISOR)}
	out["Administrator"] = login_session(server, "Administrator", ADMIN_PASSWORD)
	return out


def _books(server, d) -> dict:
	"""The pick task and the bin row as the API reads them, as Administrator."""
	admin = login_session(server, "Administrator", ADMIN_PASSWORD)
	task = admin.get(f"{server.url}/api/resource/Warehouse Task/{d.pick}", timeout=30).json()["data"]
	row = admin.get(f"{server.url}/api/resource/Bin Stock/{d.row}", timeout=30).json()["data"]
	return {
		"task": (task["status"], task["picked_qty"], task["qty"], task["source_bin"]),
		"row": (row["on_hand_qty"], row["allocated_qty"]),
	}


def test_no_role_writes_what_a_task_says_about_stock_over_rest(seeded):
	server, d = seeded
	before = _books(server, d)
	assert before == {"task": ("Open", 0, 4, d.bin), "row": (9, 4)}
	for user, s in _sessions(server).items():
		url = f"{server.url}/api/resource/Warehouse Task/{d.pick}"
		for change in ({"status": "Done", "picked_qty": 4}, {"qty": 1}, {"source_bin": None}):
			r = s.put(url, json=change, timeout=30)
			assert r.status_code == 403, (user, change, r.text)
			assert "change only through the WMS" in r.text or "Not permitted" in r.text, r.text
		r = s.delete(url, timeout=30)
		assert r.status_code == 403, (user, r.text)
		new = {"task_type": "Move", "warehouse": d.warehouse, "item_code": d.item, "qty": 1}
		r = s.post(f"{server.url}/api/resource/Warehouse Task", json=new, timeout=30)
		assert r.status_code == 403, (user, r.text)
	assert _books(server, d) == before


def test_no_role_writes_a_bin_balance_over_rest(seeded):
	server, d = seeded
	before = _books(server, d)
	for user, s in _sessions(server).items():
		url = f"{server.url}/api/resource/Bin Stock"
		r = s.put(f"{url}/{d.row}", json={"on_hand_qty": 999}, timeout=30)
		assert r.status_code == 403, (user, r.text)
		r = s.delete(f"{url}/{d.row}", timeout=30)
		assert r.status_code == 403, (user, r.text)
		body = {"storage_bin": d.bin, "warehouse": d.warehouse, "item_code": d.item, "on_hand_qty": 50}
		r = s.post(url, json=body, timeout=30)
		assert r.status_code == 403, (user, r.text)
	assert _books(server, d) == before


def test_a_supervisor_still_sets_priority_and_assignee_of_a_task(seeded):
	server, d = seeded
	s = login_session(server, SUPERVISOR, PASSWORD)
	r = s.put(
		f"{server.url}/api/resource/Warehouse Task/{d.pick}",
		json={"priority": 3, "assigned_to": SUPERVISOR},
		timeout=30,
	)
	assert r.status_code == 200, r.text
	data = r.json()["data"]
	assert (data["priority"], data["assigned_to"], data["status"]) == (3, SUPERVISOR, "Open")


def test_the_desk_form_sending_the_whole_task_back_saves_an_allowed_edit_and_refuses_a_status():
	"""The desk's save sends every field back (numbers as numbers, empty links as None)."""
	import frappe

	from tests import factories
	from tests.app.outbound_fixtures import outbound_floor, put_stock, so_lines, tasks_of

	site = outbound_floor("A-01")
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	(pick,) = tasks_of(so.name, task_type="Pick")
	doc = frappe.get_doc("Warehouse Task", pick.name)
	doc.update({**json.loads(frappe.as_json(doc.as_dict())), "priority": 2, "batch_no": ""})
	doc.save()
	assert frappe.db.get_value("Warehouse Task", pick.name, "priority") == 2
	doc.status = "Cancelled"
	with pytest.raises(frappe.PermissionError, match="Status change only through the WMS"):
		doc.save()
	with pytest.raises(frappe.PermissionError, match="made by the WMS"):
		frappe.get_doc(
			{
				"doctype": "Warehouse Task",
				"task_type": "Move",
				"warehouse": site.warehouse,
				"item_code": item,
				"qty": 1,
			}
		).insert(ignore_permissions=True)
	row = frappe.get_doc("Bin Stock", {"storage_bin": site.bins["A-01"], "item_code": item})
	row.on_hand_qty = 0
	with pytest.raises(frappe.PermissionError, match="running sum of the bin ledger"):
		row.save(ignore_permissions=True)
	with pytest.raises(frappe.PermissionError, match="running sum of the bin ledger"):
		frappe.delete_doc("Bin Stock", row.name, ignore_permissions=True)
