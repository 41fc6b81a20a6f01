"""The app's Script Reports as the desk runs them: GET
/api/method/frappe.desk.query_report.run with report_name and filters (a JSON string), on a
seeded committed site. A WMS Manager gets the desk's answer (columns, result, chart, ...);
users the Report's roles table leaves out are refused with 403."""

from __future__ import annotations

import json

import pytest

from tests.app.http_fixtures import login_session, make_users, serve_seeded

PASSWORD = "reports-pass-123"
# WMS Manager: in every report's roles. Also ERPNext's Stock User: a report's rows link to
# Warehouse, Item and Batch, and Frappe refuses the report to a user who may not read each of them
# (frappe/desk/query_report.py: get_filtered_data -> build_match_conditions)
MANAGER = "reports-manager@wms.example"
OPERATOR = "reports-operator@wms.example"  # WMS Operator: may report on Bin Stock, not in the reports' roles
NOBODY = "reports-nobody@wms.example"  # a System User with no WMS role

REPORTS = ("Stock by Bin", "Bin Utilization", "Bin Stock Reconciliation", "Pick Accuracy")


def _seed():
	import frappe

	from tests.app.storage_setup import laid_out_warehouse
	from tests.factories import make_item, receive_stock
	from wms_module.services.moves import MoveStock, move_stock

	make_users(
		((MANAGER, ["WMS Manager", "Stock User"]), (OPERATOR, ["WMS Operator"]), (NOBODY, [])),
		PASSWORD,
		"Reports",
	)

	site = laid_out_warehouse(aisles=("A", "A"), bays=2, levels=1)
	item = make_item()
	receive_stock(item, site.warehouse, 10)
	pick_bin = f"A-01-01 - {site.warehouse}"
	move_stock(MoveStock(item_code=item, qty=2, from_bin=site.receiving_bin, to_bin=pick_bin))
	# the bins claim 3 fewer than ERPNext holds: one reconciliation line
	frappe.db.sql(
		"update `tabBin Stock` set on_hand_qty = 5 where item_code = %s and storage_bin = %s",
		(item, site.receiving_bin),
	)
	return frappe._dict(site, item=item, pick_bin=pick_bin)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
	yield from serve_seeded(tmp_path_factory, "reports_site", _seed)


def _session(server, usr):
	return login_session(server, usr, PASSWORD)


def _run(session, server, report, filters):
	return session.get(
		f"{server.url}/api/method/frappe.desk.query_report.run",
		params={"report_name": report, "filters": json.dumps(filters)},
		timeout=60,
	)


def test_stock_by_bin_over_http(seeded):
	server, data = seeded
	r = _run(_session(server, MANAGER), server, "Stock by Bin", {"warehouse": data.warehouse})
	assert r.status_code == 200, r.text
	msg = r.json()["message"]
	assert [c["fieldname"] for c in msg["columns"]][:5] == [
		"storage_bin",
		"zone",
		"warehouse",
		"item_code",
		"batch_no",
	]
	assert {(row["storage_bin"], row["on_hand_qty"]) for row in msg["result"]} == {
		(data.receiving_bin, 5),
		(data.pick_bin, 2),
	}
	assert msg["chart"]["type"] == "bar"
	assert sorted(msg["chart"]["data"]["datasets"][0]["values"]) == [2, 5]
	assert msg["add_total_row"] == 0 and msg["status"] is None


def test_bin_utilization_over_http(seeded):
	server, data = seeded
	r = _run(
		_session(server, MANAGER),
		server,
		"Bin Utilization",
		{"warehouse": data.warehouse, "zone": data.pick_zone},
	)
	assert r.status_code == 200, r.text
	msg = r.json()["message"]
	assert "occupancy_pct" in [c["fieldname"] for c in msg["columns"]]
	(pick,) = msg["result"]
	assert (pick["zone"], pick["bins"], pick["occupied"], pick["empty"]) == (data.pick_zone, 2, 1, 1)
	assert msg["chart"]["data"]["labels"] == [data.pick_zone]
	assert [s["label"] for s in msg["report_summary"]][:3] == ["Bins", "Empty Bins", "Over Capacity"]


def test_bin_stock_reconciliation_over_http(seeded):
	server, data = seeded
	r = _run(_session(server, MANAGER), server, "Bin Stock Reconciliation", {"warehouse": data.warehouse})
	assert r.status_code == 200, r.text
	msg = r.json()["message"]
	assert [c["fieldname"] for c in msg["columns"]] == [
		"warehouse",
		"item_code",
		"batch_no",
		"erp_qty",
		"bin_qty",
		"difference",
	]
	assert [
		(row["item_code"], row["erp_qty"], row["bin_qty"], row["difference"]) for row in msg["result"]
	] == [(data.item, 10, 7, 3)]
	assert msg["chart"]["data"]["datasets"][0]["values"] == [3]
	assert msg["message"] == "1 lines differ"


def test_pick_accuracy_over_http(seeded):
	"""Both views answer (no count on this site: no operator row, no blamed pick)."""
	server, data = seeded
	session = _session(server, MANAGER)
	filters = {"from_date": "2026-01-01", "to_date": "2099-12-31", "warehouse": data.warehouse}
	r = _run(session, server, "Pick Accuracy", filters)
	assert r.status_code == 200, r.text
	msg = r.json()["message"]
	assert [c["fieldname"] for c in msg["columns"]] == ["operator", "picks", "blamed", "accuracy"]
	assert msg["result"] == []
	r = _run(session, server, "Pick Accuracy", {**filters, "view": "Blamed Picks"})
	assert r.status_code == 200, r.text
	assert "pick_task" in [c["fieldname"] for c in r.json()["message"]["columns"]]


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("user", [NOBODY, OPERATOR])
def test_users_outside_the_report_roles_get_403(seeded, report, user):
	server, data = seeded
	r = _run(_session(server, user), server, report, {"warehouse": data.warehouse})
	assert r.status_code == 403, r.text
	body = r.json()
	assert body["exc_type"] == "PermissionError"
	messages = [json.loads(m)["message"] for m in json.loads(body["_server_messages"])]
	assert messages == [f"You don't have access to Report: {report}"]
