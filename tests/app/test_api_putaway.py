"""The putaway endpoints over HTTP, as the handheld calls them (api.putaway.confirm,
api.putaway.check_destination, api.picking.my_tasks?task_type=Putaway): answers, refusals with
their HTTP status and exc_type, idempotent replays, and the ledgers unchanged after each refusal."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.app.http_fixtures import login_session, make_users

PASSWORD = "putaway-pass-123"
OPERATOR = "putaway-operator@wms.example"
OTHER = "putaway-other@wms.example"
NOBODY = "putaway-nobody@wms.example"
API = "/api/method/wms_module.api"
ADMIN_PASSWORD = os.environ.get("WMS_ADMIN_PW", "admin")


def _seed():
	import frappe

	from tests import factories
	from tests.app.outbound_fixtures import outbound_defaults, outbound_floor, put_stock
	from wms_module.services import tasks as task_service

	make_users(((OPERATOR, ["WMS Operator"]), (OTHER, ["WMS Operator"]), (NOBODY, [])), PASSWORD, "Putaway")
	outbound_defaults()
	site = outbound_floor("A-01", "A-02", "A-08", "B-05", "C-03", "C-07", "R-01")
	frappe.db.set_value("Storage Bin", site.bins["B-05"], "max_qty", 5)
	frappe.db.set_value("Storage Bin", site.bins["C-03"], "mix_policy", "Single Item")
	frappe.db.set_value("Storage Bin", site.bins["C-07"], "status", "Blocked")
	item, other = factories.make_item(), factories.make_item()
	gtin = factories.unique_gtin13()
	batched = factories.make_item(barcode=gtin, barcode_type="EAN", has_batch_no=1)
	batch = factories.make_batch(batched, batch_id=factories.unique("B"))
	put_stock(site, other, "B-05", 2)
	put_stock(site, other, "C-03", 1)
	pr = factories.receive_stock(item, site.warehouse, 20)
	batch_pr = factories.receive_stock(batched, site.warehouse, 8, batch_no=batch)

	def task(qty, to, receipt=pr, **values):
		line = receipt.items[0]
		return task_service.NewTask(
			task_type="Putaway",
			warehouse=site.warehouse,
			item_code=line.item_code,
			batch_no=line.batch_no or None,
			qty=qty,
			source_bin=site.receiving,
			destination_bin=site.bins[to],
			suggested_bin=site.bins[to],
			putaway_rule="Fixed pick face",
			reference_doctype="Purchase Receipt",
			reference_name=receipt.name,
			reference_detail=line.name,
			**values,
		)

	main, spare, theirs, batch_first, batch_second = task_service.insert_tasks(
		[
			task(10, "R-01", sscc="012345678901234560", assigned_to=OPERATOR),
			task(6, "A-01"),
			task(4, "A-02", assigned_to=OTHER),
			task(5, "R-01", receipt=batch_pr),
			task(3, "A-08", receipt=batch_pr),
		]
	)
	return frappe._dict(
		warehouse=site.warehouse,
		item=item,
		main=main,
		spare=spare,
		theirs=theirs,
		receipt=pr.name,
		batched=batched,
		batch=batch,
		gtin=gtin,
		batch_receipt=batch_pr.name,
		batch_first=batch_first,
		batch_second=batch_second,
		bins=site.bins,
		r01_barcode=frappe.db.get_value("Storage Bin", site.bins["R-01"], "barcode"),
	)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
	from tests.conftest import SITE_MODE, available_apps
	from tests.harness import real_site_info, run_in_site, serve

	if SITE_MODE:
		info = real_site_info()
	else:
		from benchless.site import create_site

		info = create_site(tmp_path_factory.mktemp("sites") / "putaway_site", apps=available_apps())
	data = run_in_site(info, _seed)
	with serve(info) as server:
		yield info, server, data


def ledgers(info, warehouse):
	"""Bin Stock and Bin Ledger Entry rows of the warehouse, and its drift (read on the site)."""
	from tests.harness import run_in_site

	def read():
		import frappe

		from wms_module.services.reconciliation import find_drift

		stock = frappe.get_all(
			"Bin Stock",
			filters={"warehouse": warehouse},
			fields=["name", "storage_bin", "item_code", "on_hand_qty", "allocated_qty"],
			order_by="name",
		)
		entries = frappe.get_all(
			"Bin Ledger Entry", filters={"warehouse": warehouse}, pluck="name", order_by="name"
		)
		return stock, entries, find_drift(warehouse)

	return run_in_site(info, read, commit=False)


def on_hand(info, warehouse, bin_name, item):
	stock, _entries, _drift = ledgers(info, warehouse)
	return sum(r.on_hand_qty for r in stock if r.storage_bin == bin_name and r.item_code == item)


def test_the_operator_confirms_putaways_over_http_and_every_refusal_changes_nothing(served):
	info, server, d = served
	s = login_session(server, OPERATOR, PASSWORD)

	def confirm(**form):
		body = {
			"task": d.main,
			"source_scan": "DOCK",
			"item_scan": d.item,
			"qty": 4,
			"destination_scan": "R-01",
		}
		return s.post(f"{server.url}{API}.putaway.confirm", data={**body, **form}, timeout=30)

	before = ledgers(info, d.warehouse)
	refusals = [
		({"destination_scan": "A-02"}, 417, "OverrideReasonMissingError", "not the suggested bin R-01"),
		({"source_scan": "A-01"}, 417, "ScanMismatchError", "takes the stock from bin DOCK"),
		({"item_scan": "NOT-AN-ITEM"}, 417, "ScanMismatchError", "Wrong item"),
		({"qty": 11}, 417, "WMSValidationError", "left to put away; 11 is more"),
		({"qty": 0}, 417, "WMSValidationError", "above 0"),
		({"destination_scan": "B-05", "reason": "nearer"}, 417, "BinCapacityError", "holds at most 5 units"),
		({"destination_scan": "Z-99-99", "reason": "x"}, 417, "ScanMismatchError", "no Storage Bin"),
		({"destination_scan": "C-07", "reason": "x"}, 417, "BinNotUsableError", "'C-07' is blocked"),
		({"destination_scan": "C-03", "reason": "x"}, 417, "BinMixPolicyError", "takes a single item"),
		({"task": d.theirs}, 403, "TaskAssignedToOtherError", f"assigned to {OTHER}"),
	]
	for form, status, exc_type, words in refusals:
		r = confirm(**form)
		assert (r.status_code, r.json().get("exc_type")) == (status, exc_type), (form, r.text)
		assert words in r.text, (form, r.text)
	assert ledgers(info, d.warehouse) == before

	key = str(uuid.uuid4())
	first = confirm(idempotency_key=key)
	again = confirm(idempotency_key=key)
	assert (first.status_code, again.status_code) == (200, 200), (first.text, again.text)
	body, replayed = first.json()["message"], again.json()["message"]
	assert (body["replayed"], replayed["replayed"]) == (False, True)
	assert {**replayed, "replayed": False} == body
	assert (body["task"], body["status"], body["put_qty"], body["override"]) == (d.main, "Done", 4, False)
	assert (body["destination_bin"], body["suggested_bin"], body["remaining_qty"]) == (
		d.bins["R-01"],
	) * 2 + (6,)
	assert on_hand(info, d.warehouse, d.bins["R-01"], d.item) == 4  # the replay moved nothing

	rest = body["remaining_task"]
	r = confirm(task=rest, qty=6, item_scan="(00)012345678901234560", destination_scan=d.r01_barcode)
	assert r.status_code == 200, r.text
	assert r.json()["message"]["remaining_task"] is None
	twice = confirm(task=rest, qty=6)
	assert (twice.status_code, twice.json()["exc_type"]) == (417, "TaskNotAvailableError")
	assert f"Warehouse Task {rest} is Done" in twice.text

	r = confirm(task=d.spare, qty=6, destination_scan="A-02", reason="pick face A-01 blocked by a pallet")
	assert r.status_code == 200, r.text
	answer = r.json()["message"]
	assert (answer["override"], answer["destination_bin_code"], answer["suggested_bin"]) == (
		True,
		"A-02",
		d.bins["A-01"],
	)
	stock, _entries, drift = ledgers(info, d.warehouse)
	assert drift == []
	assert on_hand(info, d.warehouse, d.bins["R-01"], d.item) == 10
	assert on_hand(info, d.warehouse, d.bins["A-02"], d.item) == 6


def test_the_handheld_lists_putaways_and_asks_about_a_destination_first(served):
	info, server, d = served
	s = login_session(server, OTHER, PASSWORD)
	r = s.get(f"{server.url}{API}.picking.my_tasks", params={"task_type": "Putaway"}, timeout=30)
	assert r.status_code == 200, r.text
	rows = [row for row in r.json()["message"] if row["reference_name"] == d.receipt]
	assert [row["name"] for row in rows][0] == d.theirs  # the operator's own first
	mine = rows[0]
	assert (mine["source_bin_code"], mine["destination_bin_code"], mine["suggested_bin_code"]) == (
		"DOCK",
		"A-02",
		"A-02",
	)
	assert mine["suggested_bin_barcode"] and mine["putaway_rule"] == "Fixed pick face"
	everything = s.get(f"{server.url}{API}.picking.my_tasks", timeout=30).json()["message"]
	assert "Putaway" not in {row["task_type"] for row in everything}  # the pick screen's list

	def ask(scan):
		r = s.get(
			f"{server.url}{API}.putaway.check_destination",
			params={"task": d.theirs, "destination_scan": scan},
			timeout=30,
		)
		assert r.status_code == 200, r.text
		return r.json()["message"]

	before = ledgers(info, d.warehouse)
	assert {k: ask("A-02")[k] for k in ("is_suggested", "acceptable", "needs_reason")} == {
		"is_suggested": True,
		"acceptable": True,
		"needs_reason": False,
	}
	full = ask("B-05")
	assert (full["needs_reason"], full["acceptable"]) == (True, False) and "at most 5 units" in full["reason"]
	assert ask("nowhere")["destination_bin"] is None
	assert ledgers(info, d.warehouse) == before


def test_putaway_endpoints_refuse_guests_users_without_a_wms_role_and_a_get_confirm(served):
	_info, server, d = served
	import requests

	form = {
		"task": d.theirs,
		"source_scan": "DOCK",
		"item_scan": d.item,
		"qty": 1,
		"destination_scan": "A-02",
	}
	guest = requests.post(f"{server.url}{API}.putaway.confirm", data=form, timeout=30)
	assert guest.status_code == 403, guest.text
	nobody = login_session(server, NOBODY, PASSWORD)
	for r in (
		nobody.post(f"{server.url}{API}.putaway.confirm", data=form, timeout=30),
		nobody.get(
			f"{server.url}{API}.putaway.check_destination",
			params={"task": d.theirs, "destination_scan": "A-02"},
			timeout=30,
		),
	):
		assert (r.status_code, r.json()["exc_type"]) == (403, "PermissionError"), r.text
	other = login_session(server, OTHER, PASSWORD)
	r = other.get(f"{server.url}{API}.putaway.confirm", params=form, timeout=30)
	assert r.status_code != 200, r.text  # a write is POST only


def test_a_batch_putaway_then_its_receipt_cancelled_over_http(served):
	info, server, d = served
	s = login_session(server, OPERATOR, PASSWORD)
	url = f"{server.url}{API}.putaway.confirm"
	form = {"task": d.batch_first, "source_scan": "DOCK", "qty": 2, "destination_scan": "R-01"}
	before = ledgers(info, d.warehouse)
	wrong = s.post(url, data={**form, "item_scan": f"(01)0{d.gtin}(10)NOT-{d.batch}"}, timeout=30)
	assert (wrong.status_code, wrong.json()["exc_type"]) == (417, "ScanMismatchError"), wrong.text
	assert "Wrong batch" in wrong.text and ledgers(info, d.warehouse) == before

	r = s.post(url, data={**form, "item_scan": f"(01)0{d.gtin}(10){d.batch}(17)301231"}, timeout=30)
	assert r.status_code == 200, r.text
	rest = r.json()["message"]["remaining_task"]
	assert on_hand(info, d.warehouse, d.bins["R-01"], d.batched) == 2

	admin = login_session(server, "Administrator", ADMIN_PASSWORD)
	cancel = admin.post(
		f"{server.url}/api/method/frappe.client.cancel",
		data={"doctype": "Purchase Receipt", "name": d.batch_receipt},
		timeout=60,
	)
	assert cancel.status_code == 200, cancel.text

	late = s.post(url, data={**form, "task": rest, "item_scan": d.batched}, timeout=30)
	assert (late.status_code, late.json()["exc_type"]) == (417, "TaskNotAvailableError"), late.text
	assert f"{rest} is Cancelled" in late.text
	stock, _entries, drift = ledgers(info, d.warehouse)
	assert drift == []
	assert sum(r.on_hand_qty for r in stock if r.item_code == d.batched) == 0  # dock and R-01 alike
