"""frappe.desk.query_report.run on the stand-in: the desk's Script Report runner, in process
and over /api/method, with the tiny app ``benchless_report_testapp`` (a doctype and two
standard Script Reports whose JSON the site build records in tabReport)."""

import json
import os
import sys

import pytest
import requests

from tests.benchless.http_fixtures import server_messages

APPS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "apps")
TEST_APP = "benchless_report_testapp"
REPORT = "BL Stock Rows"
PWD = "rep-Secret-1"
READER = "rep-reader@example.com"  # BL Report Reader: in the report's roles, report right on the doctype
DOC_READER = "rep-doc@example.com"  # BL Doc Reader: in the report's roles, read but no report right
OUTSIDER = "rep-outsider@example.com"  # BL Outsider: not in the report's roles

pytestmark = pytest.mark.benchless_only


def _populate():
	import frappe

	for role in ("BL Report Reader", "BL Doc Reader", "BL Outsider"):
		# installing the test app made the roles its doctype's permissions name (make_module_and_roles)
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role}).insert(ignore_permissions=True)
	for email, role in (
		(READER, "BL Report Reader"),
		(DOC_READER, "BL Doc Reader"),
		(OUTSIDER, "BL Outsider"),
	):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": role,
				"user_type": "System User",
				"new_password": PWD,
				"roles": [{"role": role}],
			}
		).insert(ignore_permissions=True)
	names = {}
	for item, zone, qty in (("B-2", "Z1", 3.5), ("A-1", "Z1", 2.0), ("C-3", "Z2", 4.0)):
		names[item] = (
			frappe.get_doc({"doctype": "BL Stock Row", "item": item, "zone": zone, "qty": qty}).insert().name
		)
	return names


@pytest.fixture(scope="module")
def report_site(tmp_path_factory):
	if APPS_DIR not in sys.path:
		sys.path.insert(0, APPS_DIR)
	import benchless

	benchless.activate()
	from benchless.site import create_site, run_in_site

	info = create_site(tmp_path_factory.mktemp("sites") / "report.test", apps=["frappe", TEST_APP])
	info.rows = run_in_site(info, _populate)
	return info


@pytest.fixture(scope="module")
def server(report_site):
	from benchless.serve import run_in_thread

	with run_in_thread(report_site.sites_path, report_site.site) as srv:
		yield srv


def _login(server, usr):
	s = requests.Session()
	r = s.post(f"{server.url}/api/method/login", data={"usr": usr, "pwd": PWD}, timeout=30)
	assert r.status_code == 200, r.text
	return s


def _run_url(server):
	return f"{server.url}/api/method/frappe.desk.query_report.run"


def _as(site, user, fn, *args, **kwargs):
	from benchless.site import run_in_site

	return run_in_site(site, fn, *args, user=user, commit=False, **kwargs)


def _run(*args, **kwargs):
	from frappe.desk.query_report import run

	return run(*args, **kwargs)


def test_site_build_records_the_app_reports_with_roles_and_filters(report_site):
	def read():
		import frappe

		doc = frappe.get_doc("Report", REPORT)
		return (
			doc.is_standard,
			doc.report_type,
			doc.module,
			doc.ref_doctype,
			doc.add_total_row,
			sorted(r.role for r in doc.roles),
			[(f.fieldname, f.fieldtype, f.options) for f in doc.filters],
			frappe.db.exists("Report", "BL Failing Report"),
		)

	assert _as(report_site, "Administrator", read) == (
		"Yes",
		"Script Report",
		"BL Reports",
		"BL Stock Row",
		1,
		["BL Doc Reader", "BL Report Reader"],
		[("row", "Link", "BL Stock Row")],
		"BL Failing Report",
	)


def test_run_in_process_normalises_columns_rows_and_adds_the_total_row(report_site):
	out = _as(report_site, READER, _run, REPORT, filters=json.dumps({"zone": "Z1"}))
	assert set(out) == {
		"result",
		"columns",
		"message",
		"chart",
		"report_summary",
		"skip_total_row",
		"status",
		"execution_time",
		"add_total_row",
	}
	# "Label:Fieldtype:width" strings become dicts (fieldname = scrub(label), width stays a str)
	assert out["columns"] == [
		{"fieldtype": "Data", "width": "140", "label": "Item", "fieldname": "item"},
		{"fieldtype": "Data", "width": "100", "label": "Zone", "fieldname": "zone"},
		{"label": "Qty", "fieldname": "qty", "fieldtype": "Float"},
	]
	# list rows become dicts by column fieldname; the total row stays a list (as in v15)
	assert out["result"] == [
		{"item": "A-1", "zone": "Z1", "qty": 2.0},
		{"item": "B-2", "zone": "Z1", "qty": 3.5},
		["Total", "", 5.5],
	]
	assert out["message"] == "2 rows"
	assert out["chart"]["type"] == "bar" and out["chart"]["data"]["labels"] == ["A-1", "B-2"]
	assert out["report_summary"] == [{"label": "Rows", "value": 2, "datatype": "Int"}]
	assert out["add_total_row"] is True and out["skip_total_row"] == 0 and out["status"] is None
	assert out["execution_time"] > 0


def test_filters_may_be_a_dict_or_json_or_missing(report_site):
	as_dict = _as(report_site, READER, _run, REPORT, filters={"zone": "Z2"})
	assert [r["item"] for r in as_dict["result"][:-1]] == ["C-3"]
	everything = _as(report_site, READER, _run, REPORT)
	assert [r["item"] for r in everything["result"][:-1]] == ["A-1", "B-2", "C-3"]
	assert everything["result"][-1] == ["Total", "", 9.5]


def test_refusals_in_process_raise_the_v15_exceptions(report_site):
	import frappe

	with pytest.raises(frappe.PermissionError, match="You don't have access to Report: BL Stock Rows"):
		_as(report_site, OUTSIDER, _run, REPORT)
	with pytest.raises(
		frappe.PermissionError, match="You don't have permission to get a report on: BL Stock Row"
	):
		_as(report_site, DOC_READER, _run, REPORT)
	with pytest.raises(frappe.DoesNotExistError):
		_as(report_site, READER, _run, "No Such Report")


def test_a_failing_report_is_logged_as_report_error_and_raised(report_site):
	import frappe

	def run_and_count():
		before = frappe.db.count("Error Log", {"method": "Report Error"})
		try:
			_run("BL Failing Report")
		except frappe.ValidationError as e:
			return str(e), frappe.db.count("Error Log", {"method": "Report Error"}) - before
		return None, 0

	message, logged = _as(report_site, "Administrator", run_and_count)
	assert message == "BL Failing Report always fails"
	assert logged == 1


def test_http_get_with_json_filters_answers_the_desk_shape(report_site, server):
	s = _login(server, READER)
	r = s.get(
		_run_url(server), params={"report_name": REPORT, "filters": json.dumps({"zone": "Z1"})}, timeout=30
	)
	assert r.status_code == 200, r.text
	msg = r.json()["message"]
	assert [c["fieldname"] for c in msg["columns"]] == ["item", "zone", "qty"]
	assert msg["result"] == [
		{"item": "A-1", "zone": "Z1", "qty": 2.0},
		{"item": "B-2", "zone": "Z1", "qty": 3.5},
		["Total", "", 5.5],
	]
	assert msg["message"] == "2 rows" and msg["add_total_row"] is True


def test_http_link_filter_is_checked_against_the_linked_document(report_site, server):
	s = _login(server, READER)
	ok = s.get(
		_run_url(server),
		params={"report_name": REPORT, "filters": json.dumps({"row": report_site.rows["C-3"]})},
		timeout=30,
	)
	assert ok.status_code == 200, ok.text
	assert [r["item"] for r in ok.json()["message"]["result"][:-1]] == ["C-3"]
	# v15 loads the Link filter's document to check permission on it: an unknown one is a 404
	missing = s.get(
		_run_url(server), params={"report_name": REPORT, "filters": json.dumps({"row": "nope"})}, timeout=30
	)
	assert missing.status_code == 404
	assert missing.json()["exc_type"] == "DoesNotExistError"


@pytest.mark.parametrize(
	("user", "message"),
	[
		(OUTSIDER, "You don't have access to Report: BL Stock Rows"),
		(DOC_READER, "You don't have permission to get a report on: BL Stock Row"),
	],
)
def test_http_refuses_users_without_the_reports_roles_or_report_right(report_site, server, user, message):
	s = _login(server, user)
	r = s.get(_run_url(server), params={"report_name": REPORT, "filters": "{}"}, timeout=30)
	assert r.status_code == 403, r.text
	body = r.json()
	assert body["exc_type"] == "PermissionError"
	assert [m["message"] for m in server_messages(body)] == [message]


def test_http_guest_is_refused(server):
	r = requests.get(_run_url(server), params={"report_name": REPORT}, timeout=30)
	assert r.status_code == 403
	assert r.json()["exc_type"] == "PermissionError"


def test_http_disabled_report_is_refused_with_417(report_site, server):
	from benchless.site import run_in_site

	def set_disabled(value):
		import frappe

		frappe.db.set_value("Report", REPORT, "disabled", value)

	run_in_site(report_site, set_disabled, 1)
	try:
		s = _login(server, READER)
		r = s.get(_run_url(server), params={"report_name": REPORT}, timeout=30)
		assert r.status_code == 417, r.text
		assert r.json()["exc_type"] == "ValidationError"
		assert [m["message"] for m in server_messages(r.json())] == ["Report BL Stock Rows is disabled"]
	finally:
		run_in_site(report_site, set_disabled, 0)


def test_get_script_answers_the_report_js(report_site, server):
	s = _login(server, READER)
	r = s.get(f"{server.url}/api/method/frappe.desk.query_report.get_script", params={"report_name": REPORT})
	assert r.status_code == 200, r.text
	msg = r.json()["message"]
	assert msg["script"].startswith('frappe.query_reports["BL Stock Rows"]')
	assert msg["script"].endswith("//# sourceURL=bl_stock_rows.js")
	assert [f["fieldname"] for f in msg["filters"]] == ["row"]
	assert msg["custom_report_name"] is None
