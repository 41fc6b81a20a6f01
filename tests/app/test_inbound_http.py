"""Inbound end to end over HTTP, as the people doing it would: a purchase clerk enters the draft
Purchase Receipt over REST; an operator receives it on the handheld's endpoints (a GTIN with a
quantity, a GS1 label with batch, expiry and count, a pallet's SSCC in one scan) and finishes it,
which submits it; directed putaway makes the Putaway tasks on submit; the operator puts each away
to the bin it suggests; then every unit is in a storage bin, none on the dock, the receipt is 100 %
put away and the bins add up to ERPNext for every item and batch (the supervisor's drift check).
"""

from __future__ import annotations

import os
import uuid

import pytest

from tests.app.http_fixtures import login_session, make_users, serve_seeded

PASSWORD = "inbound-pass-123"
OPERATOR = "inbound-operator@wms.example"
SUPERVISOR = "inbound-supervisor@wms.example"
ADMIN_PASSWORD = os.environ.get("WMS_ADMIN_PW", "admin")
API = "/api/method/wms_module.api"


def _seed():
	import frappe

	from tests import factories
	from tests.app.outbound_fixtures import outbound_defaults, outbound_floor
	from tests.app.test_receiving import new_sscc

	make_users(((OPERATOR, ["WMS Operator"]), (SUPERVISOR, ["WMS Supervisor"])), PASSWORD, "Inbound")
	outbound_defaults()
	before = frappe.db.get_single_value("WMS Settings", "putaway_task_creation")
	# a fresh install's default; the suite's own is On Demand (put back by _restore_settings)
	frappe.db.set_single_value("WMS Settings", "putaway_task_creation", "On Receipt Submit")
	site = outbound_floor("A-01", "A-02", "B-05", "C-03", "R-01")
	plain_gtin, batch_gtin = factories.unique_gtin13(), factories.unique_gtin13()
	return frappe._dict(
		settings_before=before,
		warehouse=site.warehouse,
		company=frappe.db.get_value("Warehouse", site.warehouse, "company"),
		supplier=factories.make_supplier(),
		dock=frappe.db.get_value("Storage Bin", site.receiving, "bin_code"),
		plain=factories.make_item(barcode=plain_gtin, barcode_type="EAN"),
		plain_gtin=plain_gtin,
		batched=factories.make_item(barcode=batch_gtin, barcode_type="EAN", has_batch_no=1),
		batch_gtin=batch_gtin,
		palletised=factories.make_item(),
		sscc=new_sscc(),
		batch=factories.unique("LOT")[:12],
	)


def _restore_settings(data):
	import frappe

	frappe.db.set_single_value("WMS Settings", "putaway_task_creation", data.settings_before)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
	yield from serve_seeded(tmp_path_factory, "inbound_http", _seed, cleanup=_restore_settings)


def call(session, server, method: str, *, get: bool = False, **args):
	url = f"{server.url}{API}.{method}"
	r = session.get(url, params=args, timeout=60) if get else session.post(url, json=args, timeout=60)
	assert r.status_code == 200, f"{method}: {r.status_code} {r.text[:600]}"
	return r.json()["message"]


def draft_receipt_over_rest(server, d) -> str:
	"""The purchase clerk's draft: three lines, the pallet's line carrying its SSCC."""
	clerk = login_session(server, "Administrator", ADMIN_PASSWORD)
	row = {"warehouse": d.warehouse, "rate": 4}
	doc = {
		"doctype": "Purchase Receipt",
		"supplier": d.supplier,
		"company": d.company,
		"items": [
			{**row, "item_code": d.plain, "qty": 7, "received_qty": 7},
			{**row, "item_code": d.batched, "qty": 4, "received_qty": 4, "use_serial_batch_fields": 1},
			{**row, "item_code": d.palletised, "qty": 6, "received_qty": 6, "wms_sscc": d.sscc},
		],
	}
	r = clerk.post(f"{server.url}/api/resource/Purchase Receipt", json=doc, timeout=60)
	assert r.status_code == 200, r.text[:600]
	assert r.json()["data"]["docstatus"] == 0
	return r.json()["data"]["name"]


def receive_on_the_handheld(operator, server, d, receipt: str) -> dict:
	waiting = call(operator, server, "receiving.waiting", get=True)
	assert receipt in [w["name"] for w in waiting]
	scans = [
		(d.plain_gtin, 7),  # a GTIN, the quantity typed
		(f"(01)0{d.batch_gtin}(17)301231(30)4(10){d.batch}", None),  # the label's count
		(f"(00){d.sscc}", None),  # the whole pallet line at once
	]
	for scan, qty in scans:
		args = {"receipt": receipt, "scan": scan, "idempotency_key": str(uuid.uuid4())}
		if qty:
			args["qty"] = qty
		call(operator, server, "receiving.scan", **args)
	return call(operator, server, "receiving.finish", receipt=receipt, idempotency_key=str(uuid.uuid4()))


def test_a_receipt_from_rest_to_its_storage_bins_with_bins_equal_to_erpnext(seeded):
	server, d = seeded
	receipt = draft_receipt_over_rest(server, d)
	operator = login_session(server, OPERATOR, PASSWORD)
	finished = receive_on_the_handheld(operator, server, d, receipt)
	assert finished["docstatus"] == 1
	items = {d.plain: 7, d.batched: 4, d.palletised: 6}

	# directed putaway made the tasks on submit: the operator's putaway list has them
	rows = call(operator, server, "picking.my_tasks", get=True, task_type="Putaway", limit=500)
	tasks = [t for t in rows if t["item_code"] in items]
	assert sorted((t["item_code"], t["qty"]) for t in tasks) == sorted(items.items())
	assert all(t["source_bin_code"] == d.dock and t["suggested_bin_code"] for t in tasks)
	assert [t["sscc"] for t in tasks if t["item_code"] == d.palletised] == [d.sscc]

	for t in tasks:
		item_scan = {
			d.plain: d.plain_gtin,
			d.batched: f"(01)0{d.batch_gtin}(10){d.batch}",
			d.palletised: f"(00){d.sscc}",
		}[t["item_code"]]
		done = call(
			operator,
			server,
			"putaway.confirm",
			task=t["name"],
			source_scan=d.dock,
			item_scan=item_scan,
			qty=t["qty"],
			destination_scan=t["suggested_bin_code"],
			idempotency_key=str(uuid.uuid4()),
		)
		assert done["status"] == "Done" and not done["override"] and done["remaining_task"] is None

	# every unit is in the bin its task named, none is left on the dock
	for t in tasks:
		held = call(
			operator,
			server,
			"bins.contents",
			get=True,
			storage_bin=t["suggested_bin_code"],
			warehouse=d.warehouse,
		)
		assert sum(r["on_hand"] for r in held if r["item_code"] == t["item_code"]) >= t["qty"]
	dock = call(operator, server, "bins.contents", get=True, storage_bin=d.dock, warehouse=d.warehouse)
	assert not [r for r in dock if r["item_code"] in items and r["on_hand"]]

	supervisor = login_session(server, SUPERVISOR, PASSWORD)
	progress = call(supervisor, server, "putaway_planning.progress", get=True, purchase_receipt=receipt)
	assert (progress["received"], progress["put_away"], progress["percent"]) == (17, 17, 100.0)
	assert call(supervisor, server, "reconciliation.drift", get=True, warehouse=d.warehouse) == []
