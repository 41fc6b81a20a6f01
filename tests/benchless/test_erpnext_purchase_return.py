"""The stand-in's Purchase Return, as ERPNext v15's: make_purchase_return maps a submitted receipt
through frappe.model.mapper.get_mapped_doc and controllers/sales_and_purchase_return.make_return_doc
(the rows not yet returned, negated, each naming the row it returns; the header's supplier,
currency and exchange rate); validate_return refuses what v15 refuses (more than the row has left,
another exchange rate, a draft to map); a submitted return counts on the row it returns
(returned_qty in stock units) and on the receipt (per_returned, status)."""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.benchless import erpnext_fixtures

erp_site_info = erpnext_fixtures.erp_site_info  # pytest fixtures
erp = erpnext_fixtures.erp

PR = "Purchase Receipt"


def boxed_receipt(frappe, boxes=2, submit=True):
	wh = f.make_warehouse()
	f.make_uom("Box", 1)
	item = f.make_item(uoms=[{"uom": "Box", "conversion_factor": 12}])
	pr = f.make_purchase_receipt(
		items=[
			{
				"item_code": item,
				"qty": boxes,
				"uom": "Box",
				"conversion_factor": 12,
				"rate": 120,
				"warehouse": wh,
			}
		],
		submit=submit,
	)
	return item, wh, pr


def submit_return(frappe, mapped):
	"""A mapped return saved as the desk saves it: a new document from its values."""
	doc = frappe.get_doc(mapped.as_dict())
	doc.insert()
	doc.submit()
	return doc


def test_the_mapper_negates_what_the_row_has_left_in_its_uom(erp):
	frappe = erp
	from erpnext.stock.doctype.purchase_receipt.purchase_receipt import make_purchase_return

	item, wh, pr = boxed_receipt(frappe)
	mapped = make_purchase_return(pr.name)
	assert mapped.is_new() and (mapped.is_return, mapped.return_against, mapped.supplier) == (
		1,
		pr.name,
		pr.supplier,
	)
	assert (mapped.currency, mapped.conversion_rate, mapped.set_warehouse) == ("USD", 1.0, "")
	(row,) = mapped.items
	assert (row.item_code, row.uom, row.conversion_factor, row.rate, row.warehouse) == (
		item,
		"Box",
		12,
		120,
		wh,
	)
	assert (row.qty, row.received_qty, row.rejected_qty, row.stock_qty, row.received_stock_qty) == (
		-2,
		-2,
		0,
		-24,
		-24,
	)
	assert row.purchase_receipt_item == pr.items[0].name

	first = frappe.get_doc(mapped.as_dict())
	first.items[0].update({"qty": -1, "received_qty": -1, "stock_qty": -12})
	first.insert()
	first.submit()
	assert frappe.db.get_value("Purchase Receipt Item", pr.items[0].name, "returned_qty") == 12
	assert frappe.db.get_value(PR, pr.name, "per_returned") == 50

	(rest,) = make_purchase_return(pr.name).items  # get_returned_qty_map_for_row: what is left
	assert (rest.qty, rest.received_qty, rest.stock_qty) == (-1, -1, -12)
	submit_return(frappe, make_purchase_return(pr.name))
	assert frappe.db.get_value(PR, pr.name, ["per_returned", "status"]) == (100, "Return Issued")
	assert f"{frappe.db.get_value('Bin', {'item_code': item, 'warehouse': wh}, 'actual_qty'):g}" == "0"


def test_the_mapped_object_itself_does_not_count_on_the_row_it_returns(erp):
	"""v15: PurchaseReceipt.__init__ adds the return's status_updater rows only when is_return is
	set at construction; get_mapped_doc builds the document first (frappe.new_doc) and sets
	is_return after, so inserting the mapped object as it is leaves returned_qty alone."""
	frappe = erp
	from erpnext.stock.doctype.purchase_receipt.purchase_receipt import make_purchase_return

	_item, _wh, pr = boxed_receipt(frappe)
	mapped = make_purchase_return(pr.name)
	mapped.insert()
	mapped.submit()
	assert frappe.db.get_value("Purchase Receipt Item", pr.items[0].name, "returned_qty") == 0


def test_a_draft_receipt_is_not_mapped(erp):
	frappe = erp
	from erpnext.stock.doctype.purchase_receipt.purchase_receipt import make_purchase_return

	_item, _wh, pr = boxed_receipt(frappe, submit=False)
	with pytest.raises(
		frappe.ValidationError, match="Cannot map because following condition fails: docstatus=1"
	):
		make_purchase_return(pr.name)


def test_more_than_the_row_has_left_and_another_exchange_rate_are_refused(erp):
	frappe = erp
	from erpnext.controllers.sales_and_purchase_return import StockOverReturnError
	from erpnext.stock.doctype.purchase_receipt.purchase_receipt import make_purchase_return

	_item, _wh, pr = boxed_receipt(frappe)
	submit_return(frappe, make_purchase_return(pr.name))
	again = frappe.get_doc(make_purchase_return(pr.name).as_dict())
	again.items[0].update({"qty": -1, "received_qty": -1, "stock_qty": -12, "received_stock_qty": -12})
	with pytest.raises(StockOverReturnError, match="Cannot return more than 0.0"):
		again.insert()

	_item, _wh, other = boxed_receipt(frappe)
	foreign = frappe.get_doc(make_purchase_return(other.name).as_dict())
	foreign.update({"currency": "EUR", "conversion_rate": 1.1})
	with pytest.raises(
		frappe.ValidationError, match=f"Exchange Rate must be same as Purchase Receipt {other.name}"
	):
		foreign.insert()
