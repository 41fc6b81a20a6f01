"""The QC desk (issue 14, point 4): the QC Supplier Quality report (lots decided per supplier and
item, rejection rate, units, open checks, the current inspection state; summary cards; a chart of
the rejection rate per supplier), the QC Check and WMS Inspection State lists' indicators, and the
WMS workspace's Quality card and "QC Checks Open" shortcut.

QC Checks and inspection states are made as their services make them (``flags.wms_service``,
tests/factories.py); every check of a test is in a warehouse of its own and the report is asked for
that warehouse, so a real site's other checks never show."""

from __future__ import annotations

import json
import shutil
import subprocess

import frappe
import pytest
from frappe.utils import add_days, add_to_date, now_datetime, nowdate

from tests import factories
from tests.app.app_files import MODULE_DIR, load
from tests.app.http_fixtures import login_session, make_users, serve_seeded
from tests.app.test_count_tasks import acting_as
from tests.app.test_hot_query_indexes import full_scans
from tests.app.test_my_tasks import make_operator
from tests.query_plans import QueryRecorder, is_read_or_write
from wms_module.reports import qc_supplier_quality as report

REPORT = "QC Supplier Quality"
WORKSPACE = load(MODULE_DIR / "workspace" / "wms" / "wms.json")


def decided(days_ago: float = 1):
	return add_to_date(now_datetime(), days=-days_ago)


def lot(warehouse, supplier, item, decision=None, lot_size=10, rejected=0, **values):
	"""A QC Check of ``lot_size`` units, decided ``decision`` a day ago unless ``values`` say
	otherwise (undecided when no decision)."""
	status = {None: "Open", "Accepted": "Closed", "Rejected": "Closed"}[decision]
	base = {
		"item_code": item,
		"supplier": supplier,
		"warehouse": warehouse,
		"lot_size": lot_size,
		"status": status,
	}
	if decision:
		base.update(
			decision=decision,
			decided_on=decided(),
			accepted_qty=lot_size - rejected,
			rejected_qty=rejected,
		)
	return factories.make_qc_check(**{**base, **values})


@pytest.fixture
def qc_floor():
	"""Two suppliers: A delivers item i1 (3 lots decided, one not accepted and awaiting its
	disposition, one lot waiting for inspection) and has i2 discontinued; B delivers i1 (on
	tightened: 2 lots, both not accepted) and i2 (1 lot accepted, switching score 12)."""
	wh = factories.make_warehouse()
	a = factories.make_supplier(factories.unique("QCS-A"))
	b = factories.make_supplier(factories.unique("QCS-B"))
	i1, i2 = factories.make_item(item_name="Bolt M8"), factories.make_item()
	pr_a = factories.make_purchase_receipt(
		items=[{"item_code": i1, "qty": 230, "warehouse": wh}], supplier=a
	).name
	pr_b = factories.make_purchase_receipt(
		items=[{"item_code": i1, "qty": 80, "warehouse": wh}], supplier=b
	).name

	lot(wh, a, i1, "Accepted", 100, purchase_receipt=pr_a)
	lot(wh, a, i1, "Accepted", 50, purchase_receipt=pr_a)
	rejected = lot(
		wh, a, i1, "Rejected", 80, rejected=80, status="Awaiting Disposition", purchase_receipt=pr_a
	)
	lot(wh, a, i1, None, 30, purchase_receipt=pr_a)
	# not counted: decided before the period, a cancelled check, a reworked lot inspected again
	lot(wh, a, i1, "Rejected", 60, rejected=60, decided_on=decided(200))
	lot(wh, a, i1, "Accepted", 70, status="Cancelled")
	lot(wh, a, i1, "Accepted", 80, resubmitted_from=rejected.name)
	lot(wh, a, i2, None, 5, status="Open")
	factories.make_inspection_state(a, i2, severity="Discontinued", lots_inspected=9, lots_rejected=5)

	lot(wh, b, i1, "Rejected", 40, rejected=40, purchase_receipt=pr_b)
	lot(wh, b, i1, "Rejected", 40, rejected=10, purchase_receipt=pr_b)
	factories.make_inspection_state(b, i1, severity="Tightened", lots_inspected=7, lots_rejected=3)
	lot(wh, b, i2, "Accepted", 10)
	factories.make_inspection_state(b, i2, severity="Normal", switching_score=12, lots_inspected=4)
	return frappe._dict(warehouse=wh, a=a, b=b, i1=i1, i2=i2)


def by_pair(rows):
	return {(r["supplier"], r["item_code"]): r for r in rows}


FIGURES = (
	"lots",
	"lots_accepted",
	"lots_rejected",
	"rejection_rate",
	"units_received",
	"units_rejected",
	"open_checks",
	"severity",
	"switching_score",
)


def figures(row):
	return tuple(row[k] for k in FIGURES)


def test_a_row_per_supplier_and_item_with_its_rejection_rate_and_inspection_state(qc_floor):
	f = qc_floor
	columns, rows, _message, _chart, _summary = report.execute({"warehouse": f.warehouse})
	assert [c["fieldname"] for c in columns] == [
		"supplier",
		"item_code",
		"item_name",
		*FIGURES[:-2],
		"severity",
		"switching_score",
	]
	rows = by_pair(rows)
	assert set(rows) == {(f.a, f.i1), (f.a, f.i2), (f.b, f.i1), (f.b, f.i2)}
	# A/i1: 3 first inspections in the period, 1 not accepted; 2 checks open (one waits for its
	# inspection, the rejected lot for its disposition); no inspection state yet: Normal
	assert figures(rows[f.a, f.i1]) == (3, 2, 1, 33.3, 230, 80, 2, "Normal", 0)
	assert rows[f.a, f.i1]["item_name"] == "Bolt M8"
	# A/i2: nothing decided in the period, one lot waiting, inspection discontinued
	assert figures(rows[f.a, f.i2]) == (0, 0, 0, None, 0, 0, 1, "Discontinued", 0)
	assert figures(rows[f.b, f.i1]) == (2, 0, 2, 100.0, 80, 50, 0, "Tightened", 0)
	assert figures(rows[f.b, f.i2]) == (1, 1, 0, 0.0, 10, 0, 0, "Normal", 12)


def test_the_filters_narrow_the_rows(qc_floor):
	f = qc_floor
	elsewhere = factories.make_warehouse()
	lot(elsewhere, f.b, f.i2, "Rejected", 20, rejected=20)

	def pairs(**filters):
		_c, rows, *_ = report.execute(filters)
		return {(r["supplier"], r["item_code"]): (r["lots"], r["open_checks"]) for r in rows}

	assert pairs(warehouse=f.warehouse, supplier=f.b) == {(f.b, f.i1): (2, 0), (f.b, f.i2): (1, 0)}
	assert pairs(warehouse=f.warehouse, item_code=f.i2) == {(f.a, f.i2): (0, 1), (f.b, f.i2): (1, 0)}
	# the other warehouse's lot counts only there, or with no warehouse filter
	assert pairs(warehouse=elsewhere) == {(f.b, f.i2): (1, 0)}
	assert pairs(supplier=f.b, item_code=f.i2) == {(f.b, f.i2): (2, 0)}
	# the period: 300 days back finds A's lot decided 200 days ago; open checks show whatever the period
	old = pairs(warehouse=f.warehouse, supplier=f.a, from_date=add_days(nowdate(), -300))
	assert old[f.a, f.i1] == (4, 2)
	assert pairs(
		warehouse=f.warehouse,
		supplier=f.a,
		from_date=add_days(nowdate(), -300),
		to_date=add_days(nowdate(), -100),
	) == {
		(f.a, f.i1): (1, 2),
		(f.a, f.i2): (0, 1),
	}


def test_the_chart_ranks_suppliers_by_rejection_rate_and_the_cards_sum_up(qc_floor):
	f = qc_floor
	_c, _rows, _m, chart, summary = report.execute({"warehouse": f.warehouse})
	# B: 2 of 3 lots not accepted; A: 1 of 3 (A/i2 has no lot decided); worst first
	assert chart["type"] == "bar"
	assert chart["data"]["labels"] == [f.b, f.a]
	assert chart["data"]["datasets"][0]["values"] == [66.7, 33.3]
	cards = {c["label"]: c["value"] for c in summary}
	assert cards == {
		"Lots Decided": 6,
		"Rejection Rate %": 50.0,
		"Suppliers on Tightened": 1,
		"Suppliers Discontinued": 1,
	}


def test_the_chart_shows_the_ten_suppliers_with_the_most_lots():
	rows = [
		{"supplier": f"S{n:02}", "lots": n, "lots_rejected": 1 if n == 1 else 0}
		for n in range(1, 13)  # S01 fails its only lot but delivered least
	]
	chart = report.chart(rows)
	assert sorted(chart["data"]["labels"]) == [f"S{n:02}" for n in range(3, 13)]
	assert report.chart([{"supplier": "S", "lots": 0, "lots_rejected": 0}]) is None


def test_no_lot_no_chart_and_nothing_to_rate():
	wh = factories.make_warehouse()
	columns, rows, _m, chart, summary = report.execute({"warehouse": wh})
	assert rows == [] and chart is None
	assert {c["label"]: c["value"] for c in summary}["Rejection Rate %"] == 0.0


def _pairs_of_lots(warehouse: str, suppliers: int, items: int) -> None:
	supplier_names = [factories.make_supplier(factories.unique("QCS")) for _ in range(suppliers)]
	item_codes = [factories.make_item() for _ in range(items)]
	for s in supplier_names:
		for i in item_codes:
			lot(warehouse, s, i, "Accepted")
			lot(warehouse, s, i, "Rejected", rejected=3, status="Awaiting Disposition")
			lot(warehouse, s, i, None)
			factories.make_inspection_state(s, i, severity="Tightened")


@pytest.mark.parametrize(("suppliers", "items"), [(1, 1), (3, 4)])
def test_two_queries_whatever_the_number_of_rows(query_counter, suppliers, items):
	wh = factories.make_warehouse()
	_pairs_of_lots(wh, suppliers, items)
	with query_counter() as q:
		_c, rows, *_ = report.execute({"warehouse": wh})
	assert len(rows) == suppliers * items
	assert q.count == 2, q.queries


def test_the_reports_queries_find_their_rows_through_indexes(qc_floor):
	"""The decided lots through the decided_on index (qc_check.py), the open checks through status,
	the inspection state through its (supplier, item) key: no QC Check or state table read whole."""
	with QueryRecorder() as recorder:
		report.execute({"warehouse": qc_floor.warehouse})
		report.execute({})
	sent = [(q, v) for _p, q, v in recorder.sent if is_read_or_write(q)]
	assert len(sent) == 4
	for query, values in sent:
		assert not full_scans(query, values), query


# ---------------------------------------------------------------- who may run it


def test_an_operator_is_refused_and_a_quality_manager_runs_it(qc_floor):
	"""The Report's roles decide (frappe.desk.query_report.run, as the desk calls it). A Quality
	Manager also needs to read the rows' Supplier and Item: on ERPNext v15 Stock User (or Purchase
	User) gives that, Quality Manager alone does not (erpnext supplier.json permissions)."""
	from frappe.desk.query_report import run

	operator = make_operator("qcdesk")
	quality = make_operator("qa")
	quality_user = frappe.get_doc("User", quality)
	quality_user.set("roles", [])
	quality_user.append("roles", {"role": "Quality Manager"})
	quality_user.append("roles", {"role": "Stock User"})
	quality_user.save(ignore_permissions=True)
	filters = json.dumps({"warehouse": qc_floor.warehouse})
	with acting_as(operator), pytest.raises(frappe.PermissionError):
		run(REPORT, filters)
	with acting_as(quality):
		answer = run(REPORT, filters)
	assert len(answer["result"]) == 4 and answer["chart"]["type"] == "bar"


# ---------------------------------------------------------------- the lists and the workspace


def _select_options(folder: str, fieldname: str) -> list[str]:
	meta = load(MODULE_DIR / "doctype" / folder / f"{folder}.json")
	(field,) = [f for f in meta["fields"] if f["fieldname"] == fieldname]
	return [o for o in field["options"].split("\n") if o]


INDICATORS_JS = """
global.frappe = { listview_settings: {} };
global.__ = (s) => s;
require(process.argv[1]);
const [doctype, field, values] = [process.argv[2], process.argv[3], JSON.parse(process.argv[4])];
const settings = frappe.listview_settings[doctype];
console.log(JSON.stringify(values.map((v) => settings.get_indicator({ [field]: v }))));
"""


def indicators(folder: str, doctype: str, field: str) -> dict[str, list]:
	"""What the list's get_indicator answers for each option of ``field`` (run in node)."""
	values = _select_options(folder, field)
	script = MODULE_DIR / "doctype" / folder / f"{folder}_list.js"
	out = subprocess.run(
		["node", "-e", INDICATORS_JS, str(script), doctype, field, json.dumps(values)],
		capture_output=True,
		text=True,
		check=True,
	)
	return dict(zip(values, json.loads(out.stdout), strict=True))


needs_node = pytest.mark.skipif(not shutil.which("node"), reason="node missing")


@needs_node
def test_the_qc_check_list_shows_each_state_in_its_colour_and_filters_on_it():
	assert indicators("qc_check", "QC Check", "status") == {
		"Open": ["Open", "orange", "status,=,Open"],
		"Awaiting Disposition": ["Awaiting Disposition", "red", "status,=,Awaiting Disposition"],
		"Closed": ["Closed", "green", "status,=,Closed"],
		"Discontinued": ["Discontinued", "darkgrey", "status,=,Discontinued"],
		"Cancelled": ["Cancelled", "gray", "status,=,Cancelled"],
	}


@needs_node
def test_the_inspection_state_list_shows_each_severity_in_its_colour():
	assert indicators("wms_inspection_state", "WMS Inspection State", "severity") == {
		"Normal": ["Normal", "blue", "severity,=,Normal"],
		"Tightened": ["Tightened", "orange", "severity,=,Tightened"],
		"Reduced": ["Reduced", "green", "severity,=,Reduced"],
		"Discontinued": ["Discontinued", "red", "severity,=,Discontinued"],
	}


@needs_node
@pytest.mark.parametrize(
	"path",
	[
		MODULE_DIR / "doctype" / "qc_check" / "qc_check_list.js",
		MODULE_DIR / "doctype" / "wms_inspection_state" / "wms_inspection_state_list.js",
		MODULE_DIR / "report" / "qc_supplier_quality" / "qc_supplier_quality.js",
	],
	ids=lambda p: p.name,
)
def test_the_desk_scripts_parse(path):
	subprocess.run(["node", "--check", str(path)], check=True)


def test_the_workspace_has_the_quality_card_and_the_open_checks_shortcut():
	links = WORKSPACE["links"]
	start = [i for i, link in enumerate(links) if link["type"] == "Card Break" and link["label"] == "Quality"]
	assert start, "no Quality card"
	card = links[start[0] + 1 : start[0] + 1 + links[start[0]]["link_count"]]
	assert [(link["link_type"], link["link_to"]) for link in card] == [
		("DocType", "QC Check"),
		("DocType", "WMS QC Plan"),
		("DocType", "WMS Inspection State"),
		("Report", REPORT),
	]
	blocks = json.loads(WORKSPACE["content"])
	assert {"card_name": "Quality", "col": 4} in [b["data"] for b in blocks if b["type"] == "card"]
	assert "QC Checks Open" in [b["data"]["shortcut_name"] for b in blocks if b["type"] == "shortcut"]


def test_the_open_checks_shortcut_counts_the_checks_the_report_calls_open(qc_floor):
	"""The shortcut's number is Frappe's count of QC Check with its stats_filter: the checks waiting
	for a decision or a disposition, the report's "Open Checks"."""
	(shortcut,) = [s for s in WORKSPACE["shortcuts"] if s["label"] == "QC Checks Open"]
	assert (shortcut["type"], shortcut["link_to"]) == ("DocType", "QC Check")
	stats_filter = json.loads(shortcut["stats_filter"])
	here = {**stats_filter, "warehouse": qc_floor.warehouse}
	_c, rows, *_ = report.execute({"warehouse": qc_floor.warehouse})
	assert frappe.db.count("QC Check", here) == sum(r["open_checks"] for r in rows) == 3


# ---------------------------------------------------------------- over HTTP, as the desk runs it

PASSWORD = "qc-report-pass-123"
QA = "qc-report-qa@wms.example"
OPERATOR = "qc-report-operator@wms.example"


def _seed():
	make_users(((QA, ["Quality Manager", "Stock User"]), (OPERATOR, ["WMS Operator"])), PASSWORD, "QC")
	wh = factories.make_warehouse()
	supplier = factories.make_supplier(factories.unique("QCS-HTTP"))
	item = factories.make_item()
	lot(wh, supplier, item, "Accepted", 20)
	lot(wh, supplier, item, "Rejected", 20, rejected=5, status="Awaiting Disposition")
	factories.make_inspection_state(supplier, item, severity="Tightened", switching_score=0)
	return {"warehouse": wh, "supplier": supplier, "item": item}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
	yield from serve_seeded(tmp_path_factory, "qc_report_site", _seed)


def _run(server, user, filters):
	return login_session(server, user, PASSWORD).get(
		f"{server.url}/api/method/frappe.desk.query_report.run",
		params={"report_name": REPORT, "filters": json.dumps(filters)},
		timeout=60,
	)


def test_a_quality_manager_gets_the_report_over_http(served):
	server, data = served
	r = _run(server, QA, {"warehouse": data["warehouse"]})
	assert r.status_code == 200, r.text
	msg = r.json()["message"]
	(row,) = msg["result"]
	assert (row["supplier"], row["item_code"], row["lots"], row["lots_rejected"], row["rejection_rate"]) == (
		data["supplier"],
		data["item"],
		2,
		1,
		50.0,
	)
	assert (row["units_received"], row["units_rejected"], row["open_checks"], row["severity"]) == (
		40,
		5,
		1,
		"Tightened",
	)
	assert msg["chart"]["data"] == {
		"labels": [data["supplier"]],
		"datasets": [{"name": "Rejection Rate %", "values": [50.0]}],
	}
	assert [s["label"] for s in msg["report_summary"]] == [
		"Lots Decided",
		"Rejection Rate %",
		"Suppliers on Tightened",
		"Suppliers Discontinued",
	]


def test_an_operator_gets_403_over_http(served):
	server, data = served
	r = _run(server, OPERATOR, {"warehouse": data["warehouse"]})
	assert r.status_code == 403, r.text
	messages = [json.loads(m)["message"] for m in json.loads(r.json()["_server_messages"])]
	assert messages == [f"You don't have access to Report: {REPORT}"]
