"""A Purchase Return the WMS makes (QC's "Return to Supplier") is ERPNext's own: mapped by
erpnext.stock.doctype.purchase_receipt.purchase_receipt.make_purchase_return (controllers/
sales_and_purchase_return.py make_return_doc), so a line bought in boxes goes back in boxes at the
box price, against the line it returns; ERPNext counts the return on that line (returned_qty in
stock units, the receipt's per_returned), as its billing and reports read it. Units that are no
whole box are refused before anything is written."""

from __future__ import annotations

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import balance, outbound_floor
from wms_module import erp
from wms_module.exceptions import WMSValidationError
from wms_module.services import reconciliation

PR = "Purchase Receipt"


def boxed_receipt(site, *, boxes=2, per_box=12, rate=120.0, uom="Box", batched=False):
	"""``boxes`` of ``per_box`` units at ``rate`` a box, received into the dock bin."""
	factories.make_uom(uom, 1)
	item = factories.make_item(uoms=[{"uom": uom, "conversion_factor": per_box}], has_batch_no=int(batched))
	row = {
		"item_code": item,
		"qty": boxes,
		"uom": uom,
		"conversion_factor": per_box,
		"rate": rate,
		"warehouse": site.warehouse,
	}
	if batched:
		row["batch_no"] = factories.make_batch(item)
	receipt = factories.make_purchase_receipt(items=[row])
	return item, receipt


def send_back(receipt, units, from_bin):
	line = receipt.items[0]
	name = erp.make_purchase_return(
		receipt.name, line.name, [erp.ReturnRow(from_bin, units)], remarks="QC test", flags={}
	)
	return frappe.get_doc(PR, name)


def test_units_go_back_in_the_lines_uom_at_its_rate_against_its_row():
	site = outbound_floor("A-01")
	item, receipt = boxed_receipt(site)
	line = receipt.items[0]
	assert balance(site.receiving, item).on_hand == 24

	ret = send_back(receipt, 12, site.receiving)

	assert (ret.docstatus, ret.is_return, ret.return_against, ret.supplier) == (
		1,
		1,
		receipt.name,
		receipt.supplier,
	)
	assert (ret.currency, ret.conversion_rate) == (receipt.currency, receipt.conversion_rate)
	assert ret.remarks == "QC test"
	(row,) = ret.items
	assert (row.item_code, row.uom, row.conversion_factor) == (item, "Box", 12)
	assert (row.qty, row.received_qty, row.stock_qty) == (-1, -1, -12)
	assert row.rate == line.rate == 120  # a box's price for a box, not for a unit
	assert (row.purchase_receipt_item, row.wms_storage_bin, row.warehouse) == (
		line.name,
		site.receiving,
		site.warehouse,
	)
	# ERPNext's status_updater of a return: the line's returned_qty in stock units, per_returned
	assert frappe.db.get_value("Purchase Receipt Item", line.name, "returned_qty") == 12
	assert frappe.db.get_value(PR, receipt.name, "per_returned") == 50
	assert balance(site.receiving, item).on_hand == 12
	assert frappe.db.get_value("Bin", {"item_code": item, "warehouse": site.warehouse}, "actual_qty") == 12
	assert reconciliation.find_drift(site.warehouse) == []


def test_the_rest_going_back_in_two_bins_returns_the_whole_line():
	site = outbound_floor("A-01")
	item, receipt = boxed_receipt(site, boxes=3)
	line = receipt.items[0]
	send_back(receipt, 12, site.receiving)
	from wms_module.services import moves

	moves.move_stock(moves.MoveStock(item, 12, site.receiving, site.bin("A-01")))

	ret = send_back_split(receipt, [(site.receiving, 12), (site.bin("A-01"), 12)])

	assert [(r.qty, r.stock_qty, r.wms_storage_bin) for r in ret.items] == [
		(-1, -12, site.receiving),
		(-1, -12, site.bin("A-01")),
	]
	assert {r.purchase_receipt_item for r in ret.items} == {line.name}
	assert frappe.db.get_value("Purchase Receipt Item", line.name, "returned_qty") == 36
	assert frappe.db.get_value(PR, receipt.name, ["per_returned", "status"]) == (100, "Return Issued")
	assert balance(site.receiving, item).on_hand == 0 and balance(site.bin("A-01"), item).on_hand == 0
	assert reconciliation.find_drift(site.warehouse) == []


def send_back_split(receipt, taken):
	line = receipt.items[0]
	name = erp.make_purchase_return(
		receipt.name, line.name, [erp.ReturnRow(b, q) for b, q in taken], remarks="QC test", flags={}
	)
	return frappe.get_doc(PR, name)


def test_a_batch_goes_back_on_the_row_as_v15_maps_a_row_batch():
	"""The receipt's row carries its batch with use_serial_batch_fields (no bundle of its own before
	submit): make_return_doc keeps both, and v15 makes the return's outward bundle on submit."""
	site = outbound_floor("A-01")
	item, receipt = boxed_receipt(site, batched=True)
	batch = receipt.items[0].batch_no

	(row,) = send_back(receipt, 12, site.receiving).items

	assert (row.batch_no, row.use_serial_batch_fields, row.qty, row.stock_qty) == (batch, 1, -1, -12)
	assert balance(site.receiving, item, batch).on_hand == 12
	assert reconciliation.find_drift(site.warehouse) == []


def test_returning_more_than_the_line_left_is_refused_by_erpnext():
	site = outbound_floor("A-01")
	item, receipt = boxed_receipt(site)
	send_back(receipt, 12, site.receiving)
	factories.make_purchase_receipt(
		items=[{"item_code": item, "qty": 24, "warehouse": site.warehouse}], supplier=receipt.supplier
	)
	with pytest.raises(frappe.ValidationError, match="Cannot return more than"):
		send_back(receipt, 24, site.receiving)
	assert frappe.db.get_value("Purchase Receipt Item", receipt.items[0].name, "returned_qty") == 12


def test_units_that_are_no_whole_box_are_refused_and_nothing_is_written():
	site = outbound_floor("A-01")
	case = factories.unique("Case")
	item, receipt = boxed_receipt(site, uom=case)
	returns_before = frappe.db.count(PR, {"is_return": 1, "return_against": receipt.name})

	with pytest.raises(WMSValidationError) as refused:
		send_back(receipt, 5, site.receiving)

	message = str(refused.value)
	assert receipt.name in message and "row 1" in message and item in message
	assert (
		case in message and "5 Nos" in message and "whole number" in message and "multiple of 12" in message
	)
	assert frappe.db.count(PR, {"is_return": 1, "return_against": receipt.name}) == returns_before
	assert balance(site.receiving, item).on_hand == 24
	assert not frappe.db.get_value("Purchase Receipt Item", receipt.items[0].name, "returned_qty")
