"""Blind counts stay blind through REST (/api/resource), not only on the handheld.

A short pick of item X in bin A-01 (books 13 after it) opens a Count task. An operator asking
/api/resource/Warehouse Task/<count> would read ``qty`` 13 and "the books still show 13"; asking
/api/resource/Bin Stock would read A-01's on_hand of X. Over HTTP on a seeded committed site: the
operator's lists leave out the open count and the (A-01, X) row, reading them by name is 403;
other tasks and rows (X in another bin, another item in A-01) stay visible; a supervisor sees
everything; the operator's count awaiting approval is still blind; once a supervisor approves it,
the operator sees both again; the handheld's own task list still offers the count.
"""

from __future__ import annotations

import json

import pytest

from tests.app.http_fixtures import login_session, make_users, serve_seeded

PASSWORD = "blind-pass-123"
OPERATOR = "blind-operator@wms.example"
SUPERVISOR = "blind-supervisor@wms.example"  # WMS Supervisor and WMS Operator: sees everything


def _seed():
	import frappe

	from tests import factories
	from tests.app.outbound_fixtures import outbound_defaults, outbound_floor, put_stock, so_lines, tasks_of
	from wms_module.services.picking import ConfirmPick, confirm_pick

	make_users(
		((OPERATOR, ["WMS Operator"]), (SUPERVISOR, ["WMS Supervisor", "WMS Operator"])), PASSWORD, "Blind"
	)

	outbound_defaults(count_variance_tolerance_qty=0, count_variance_tolerance_percent=0)
	site = outbound_floor("A-01", "B-05")
	counted, other = factories.make_item(), factories.make_item()
	put_stock(site, counted, "A-01", 17)
	put_stock(site, counted, "B-05", 2)
	put_stock(site, other, "A-01", 3)
	so = factories.make_sales_order(items=so_lines(site, (counted, 5)))
	(pick,) = tasks_of(so.name, task_type="Pick", source_bin=site.bins["A-01"])
	count = confirm_pick(
		ConfirmPick(task=pick.name, bin_scan="A-01", item_scan=counted, qty=4, short=True)
	).count_task
	assert count
	open_so = factories.make_sales_order(items=so_lines(site, (other, 1)))
	(open_pick,) = tasks_of(open_so.name, task_type="Pick")

	def row(code, item):
		return frappe.db.get_value("Bin Stock", {"storage_bin": site.bins[code], "item_code": item}, "name")

	return frappe._dict(
		count=count,
		short_pick=pick.name,
		open_pick=open_pick.name,
		counted=counted,
		other=other,
		counted_row=row("A-01", counted),
		other_row=row("A-01", other),
		elsewhere_row=row("B-05", counted),
	)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
	yield from serve_seeded(tmp_path_factory, "blind_site", _seed)


def _session(server, usr):
	return login_session(server, usr, PASSWORD)


def _list(session, server, doctype, fields, **params):
	r = session.get(
		f"{server.url}/api/resource/{doctype}",
		params={"fields": json.dumps(fields), "limit_page_length": 0, **params},
		timeout=30,
	)
	assert r.status_code == 200, r.text
	return {row["name"]: row for row in r.json()["data"]}


def _get(session, server, doctype, name):
	return session.get(f"{server.url}/api/resource/{doctype}/{name}", timeout=30)


def _post(session, server, method, **data):
	r = session.post(f"{server.url}/api/method/{method}", json=data, timeout=30)
	assert r.status_code == 200, r.text
	return r.json()["message"]


def test_an_open_count_and_its_bin_row_are_invisible_to_an_operator_over_rest(seeded):
	server, d = seeded
	operator, supervisor = _session(server, OPERATOR), _session(server, SUPERVISOR)

	tasks = _list(operator, server, "Warehouse Task", ["name", "task_type", "status", "qty"])
	assert d.count not in tasks
	assert d.open_pick in tasks and d.short_pick in tasks  # picks, even the short one, stay visible
	assert not _list(operator, server, "Warehouse Task", ["name"], filters=json.dumps({"name": d.count}))
	r = _get(operator, server, "Warehouse Task", d.count)
	assert r.status_code == 403, r.text
	assert "books still show" not in r.text and '"qty"' not in r.text  # nor through the error
	assert _get(operator, server, "Warehouse Task", d.open_pick).status_code == 200

	rows = _list(operator, server, "Bin Stock", ["name", "storage_bin", "item_code", "on_hand_qty"])
	assert d.counted_row not in rows
	assert rows[d.other_row]["on_hand_qty"] == 3  # another item of the counted bin
	assert rows[d.elsewhere_row]["on_hand_qty"] == 2  # the counted item in another bin
	assert _get(operator, server, "Bin Stock", d.counted_row).status_code == 403
	assert _get(operator, server, "Bin Stock", d.other_row).json()["data"]["on_hand_qty"] == 3

	# a supervisor sees the count, its book qty and the bin row
	assert _list(supervisor, server, "Warehouse Task", ["name", "qty"])[d.count]["qty"] == 13
	assert _get(supervisor, server, "Warehouse Task", d.count).json()["data"]["qty"] == 13
	assert _list(supervisor, server, "Bin Stock", ["name", "on_hand_qty"])[d.counted_row]["on_hand_qty"] == 13
	assert _get(supervisor, server, "Bin Stock", d.counted_row).status_code == 200

	# the handheld still offers the count (blind: no qty), through its own endpoint
	r = operator.get(f"{server.url}/api/method/wms_module.api.picking.my_tasks", timeout=30)
	assert r.status_code == 200, r.text
	offered = {t["name"]: t for t in r.json()["message"]}
	assert d.count in offered
	assert "books still show" not in json.dumps(offered[d.count])
	assert offered[d.count].get("qty") is None

	# counted outside tolerance: awaiting approval, still blind (a recount may follow)
	answer = _post(
		operator,
		server,
		"wms_module.api.counts.submit",
		task=d.count,
		bin_scan="A-01",
		item_scan=d.counted,
		counted_qty=10,
	)
	assert answer["needs_approval"]
	assert d.count not in _list(operator, server, "Warehouse Task", ["name"])
	assert _get(operator, server, "Warehouse Task", d.count).status_code == 403
	assert _get(operator, server, "Bin Stock", d.counted_row).status_code == 403

	# approved: posted, the books are the count, nothing is hidden any more
	assert _post(supervisor, server, "wms_module.api.counts.approve", task=d.count)["bin_status"] == "Active"
	assert _list(operator, server, "Warehouse Task", ["name", "status"])[d.count]["status"] == "Done"
	assert _get(operator, server, "Warehouse Task", d.count).status_code == 200
	assert _list(operator, server, "Bin Stock", ["name", "on_hand_qty"])[d.counted_row]["on_hand_qty"] == 10
	assert _get(operator, server, "Bin Stock", d.counted_row).json()["data"]["on_hand_qty"] == 10


def test_the_permission_hooks_answer_true_or_false_never_none():
	"""v15 reads None as "no opinion", v16 as a deny: the hooks must say which they mean."""
	import frappe

	from wms_module import permissions

	frappe.set_user("Administrator")
	open_count = frappe._dict(doctype="Warehouse Task", task_type="Count", status="Awaiting Approval")
	done_count = frappe._dict(doctype="Warehouse Task", task_type="Count", status="Done")
	for doc in (open_count, done_count):
		for ptype in ("read", "print", "write"):
			assert permissions.warehouse_task_has_permission(doc, ptype, "Administrator") is True
	row = frappe._dict(doctype="Bin Stock", storage_bin="nowhere", item_code="nothing", batch_no=None)
	assert permissions.bin_stock_has_permission(row, "read", "Administrator") is True
	assert permissions.warehouse_task_conditions("Administrator") == ""
