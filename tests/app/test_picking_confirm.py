"""Pick confirmation: scans, quantities, operators, short picks, ledgers, completion."""

from __future__ import annotations

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import (
	balance,
	confirm_all,
	deliver,
	outbound_defaults,
	outbound_floor,
	put_stock,
	set_settings,
	so_lines,
	tasks_of,
)
from wms_module.services.picking import ConfirmPick, confirm_pick


@pytest.fixture
def site():
	outbound_defaults(delivery_note_action="Create Draft")
	return outbound_floor("A-01", "B-05", "R-01")


def only_task(so):
	(t,) = tasks_of(so.name, task_type="Pick")
	return t


def test_confirm_moves_stock_to_staging_and_releases_the_allocation(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 3)))
	t = only_task(so)
	out = confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=3))
	assert out.status == "Done" and out.picked_qty == 3
	assert balance(site.bin("A-01"), item) == {"on_hand": 2, "allocated": 0}
	assert balance(site.staging, item).on_hand == 3
	rows = frappe.get_all(
		"Bin Ledger Entry", filters={"warehouse_task": t.name}, fields=["storage_bin", "qty", "movement_type"]
	)
	assert sorted((r.storage_bin, r.qty) for r in rows) == sorted([(site.bin("A-01"), -3), (site.staging, 3)])
	assert {r.movement_type for r in rows} == {"Move"}
	done = frappe.get_doc("Warehouse Task", t.name)
	assert done.confirmed_by == "Administrator" and done.completed_on and done.started_on


def test_bin_barcode_with_check_character_is_accepted(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 1)))
	barcode = frappe.db.get_value("Storage Bin", site.bin("A-01"), "barcode")
	assert (
		confirm_pick(ConfirmPick(task=only_task(so).name, bin_scan=barcode, item_scan=item, qty=1)).status
		== "Done"
	)


def test_wrong_bin_is_refused_naming_scan_and_expected(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 1)))
	with pytest.raises(frappe.ValidationError) as e:
		confirm_pick(ConfirmPick(task=only_task(so).name, bin_scan="B-05", item_scan=item, qty=1))
	assert "B-05" in str(e.value) and "A-01" in str(e.value)
	assert type(e.value).__name__ == "ScanMismatchError"
	assert balance(site.bin("A-01"), item) == {"on_hand": 5, "allocated": 1}


def test_wrong_item_and_gtin_barcode(site):
	gtin, other_gtin = factories.unique_gtin13(), factories.unique_gtin13()
	item = factories.make_item(barcode=gtin, barcode_type="EAN")
	other = factories.make_item(barcode=other_gtin, barcode_type="EAN")
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	t = only_task(so)
	with pytest.raises(frappe.ValidationError, match=f"item {other}"):
		confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=other_gtin, qty=1))
	assert confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=gtin, qty=2)).status == "Done"


def test_gs1_scan_with_wrong_batch_is_refused(site):
	# stored as a GTIN-13 of type EAN, as ERPNext accepts it (its barcodenumber check refuses a
	# GTIN-14 "09501101530003" as type GTIN); the GS1 scan carries it as the 14-digit (01)
	gtin = factories.unique_gtin13()
	item = factories.make_item(barcode=gtin, barcode_type="EAN", has_batch_no=1)
	batch = factories.make_batch(item, batch_id=factories.unique("B"))
	put_stock(site, item, "A-01", 5, batch_no=batch)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	t = only_task(so)
	assert t.batch_no == batch
	with pytest.raises(frappe.ValidationError, match="Wrong batch: scanned batch OTHER1"):
		confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=f"(01)0{gtin}(10)OTHER1", qty=2))
	ok = confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=f"(01)0{gtin}(10){batch}", qty=2))
	assert ok.status == "Done"


def test_over_pick_is_refused_and_partial_pick_keeps_the_task_open(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 3)))
	t = only_task(so)
	with pytest.raises(frappe.ValidationError, match="over-pick"):
		confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=4))
	assert (
		confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=1)).status == "In Progress"
	)
	with pytest.raises(frappe.ValidationError, match="2 left to pick; 3 is an over-pick"):
		confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=3))
	assert confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=2)).status == "Done"
	with pytest.raises(frappe.ValidationError, match="is Done"):
		confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=1))


def test_second_operator_is_refused(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	t = only_task(so)
	frappe.db.set_value("Warehouse Task", t.name, {"assigned_to": "Administrator", "status": "Assigned"})
	frappe.set_user("Guest")
	try:
		with pytest.raises(frappe.PermissionError, match="assigned to Administrator"):
			confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=2))
	finally:
		frappe.set_user("Administrator")
	assert balance(site.bin("A-01"), item) == {"on_hand": 5, "allocated": 2}


def test_short_pick_reallocates_the_rest_from_another_bin(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 2)
	put_stock(site, item, "B-05", 6)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	t = only_task(so)
	assert t.source_bin == site.bin("A-01")
	out = confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=1, short=True))
	assert out.status == "Exception" and out.short_qty == 1
	assert "Short pick" in out.short_reason
	(new,) = out.reallocated_tasks
	new_task = frappe.get_doc("Warehouse Task", new)
	assert (new_task.source_bin, new_task.qty, new_task.status) == (site.bin("B-05"), 1, "Open")
	assert balance(site.bin("A-01"), item).allocated == 0
	assert balance(site.bin("B-05"), item).allocated == 1
	confirm_pick(ConfirmPick(task=new, bin_scan="B-05", item_scan=item, qty=1))


def test_short_pick_with_no_other_stock_marks_the_line_short_and_delivers_the_rest(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 2)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	out = confirm_pick(
		ConfirmPick(task=only_task(so).name, bin_scan="A-01", item_scan=item, qty=1, short=True)
	)
	assert out.reallocated_tasks == []
	shortage = [t for t in tasks_of(so.name) if t.status == "Exception"]
	assert len(shortage) == 2  # the short-picked task and the unallocatable rest
	dn = frappe.get_doc("Delivery Note", deliver(out))
	assert dn.docstatus == 0 and [(d.item_code, d.qty) for d in dn.items] == [(item, 1)]


def test_completion_creates_and_submits_delivery_note_from_staging(site):
	set_settings(delivery_note_action="Create and Submit")
	item = factories.make_item()
	put_stock(site, item, "A-01", 3)
	put_stock(site, item, "B-05", 3)
	put_stock(site, item, "R-01", 3)  # free stock the Delivery Note must NOT take
	so = factories.make_sales_order(items=so_lines(site, (item, 5)))
	results = confirm_all(so.name)
	assert not any(r.delivery_note_queued for r in results[:-1])
	dn_name = deliver(results[-1])
	assert dn_name
	dn = frappe.get_doc("Delivery Note", dn_name)
	assert dn.docstatus == 1 and sum(d.qty for d in dn.items) == 5
	assert balance(site.staging, item).on_hand == 0
	assert balance(site.bin("R-01"), item).on_hand == 3
	assert balance(site.bin("B-05"), item).on_hand == 1
	actual = frappe.db.get_value("Bin", {"item_code": item, "warehouse": site.warehouse}, "actual_qty")
	bins_total = sum(
		frappe.get_all(
			"Bin Stock", filters={"warehouse": site.warehouse, "item_code": item}, pluck="on_hand_qty"
		)
	)
	assert actual == bins_total == 4


def test_with_delivery_notes_left_to_people_a_complete_order_queues_none(site):
	"""WMS Settings' Delivery Note action "Do Nothing": the last pick neither queues a job nor tells
	the operator a Delivery Note is on the way."""
	set_settings(delivery_note_action="Do Nothing")
	item = factories.make_item()
	put_stock(site, item, "A-01", 3)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	out = confirm_pick(ConfirmPick(task=only_task(so).name, bin_scan="A-01", item_scan=item, qty=2))
	assert out.status == "Done" and out.delivery_note_queued is False


def test_draft_delivery_note_submitted_later_still_takes_from_staging(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 2)
	put_stock(site, item, "R-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	(r,) = confirm_all(so.name)
	dn = frappe.get_doc("Delivery Note", deliver(r))
	dn.submit()
	assert balance(site.staging, item).on_hand == 0
	assert balance(site.bin("R-01"), item).on_hand == 5


def test_cancelled_order_after_picking_sends_stock_back(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 4)
	so = factories.make_sales_order(items=so_lines(site, (item, 2), (item, 1)))
	first = tasks_of(so.name)[0]
	confirm_pick(ConfirmPick(task=first.name, bin_scan="A-01", item_scan=item, qty=first.qty))
	so.reload()
	so.cancel()
	statuses = sorted((t.task_type, t.status) for t in tasks_of(so.name))
	assert statuses == [("Pick", "Cancelled"), ("Pick", "Done"), ("Putaway", "Open")]
	assert balance(site.bin("A-01"), item).allocated == 0
	assert balance(site.staging, item).on_hand == first.qty
