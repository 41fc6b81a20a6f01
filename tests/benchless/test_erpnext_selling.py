"""Sales Order -> Delivery Note in the ERPNext stand-in: mapping, delivered qty and
status roll-up, reserved qty, and the validations a user would hit."""

import pytest

from tests import factories as f
from tests.benchless import erpnext_fixtures
from tests.benchless.erpnext_fixtures import bin_qty

erp_site_info = erpnext_fixtures.erp_site_info  # pytest fixtures
erp = erpnext_fixtures.erp


def _order(frappe, lines=((5, 10), (3, 10)), **kw):
	"""A submitted SO; lines are (ordered qty, stock on hand) per item."""
	wh = f.make_warehouse()
	items = []
	for qty, stock in lines:
		item = f.make_item()
		if stock:
			f.receive_stock(item, wh, stock)
		items.append({"item_code": item, "qty": qty, "warehouse": wh})
	return f.make_sales_order(items=items, **kw), wh


def test_make_delivery_note_maps_the_open_lines(erp):
	frappe = erp
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note

	so, wh = _order(frappe)
	dn = make_delivery_note(so.name)
	assert dn.doctype == "Delivery Note" and dn.is_new()
	assert (dn.customer, dn.company) == (so.customer, so.company)
	mapped = [(d.item_code, d.qty, d.warehouse, d.against_sales_order, d.so_detail) for d in dn.items]
	assert mapped == [(s.item_code, s.qty, wh, so.name, s.name) for s in so.items]


def test_only_a_submitted_order_can_be_mapped(erp):
	frappe = erp
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note

	wh = f.make_warehouse()
	draft = f.make_sales_order(items=[{"item_code": f.make_item(), "qty": 1, "warehouse": wh}], submit=False)
	with pytest.raises(frappe.ValidationError, match="docstatus=1"):
		make_delivery_note(draft.name)


def test_partial_delivery_updates_delivered_qty_percent_and_status(erp):
	frappe = erp
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note

	so, wh = _order(frappe)
	first, second = so.items
	dn = make_delivery_note(so.name)
	dn.set("items", [d for d in dn.items if d.so_detail == first.name])
	dn.items[0].qty = 2
	dn.insert()
	dn.submit()

	so.reload()
	assert so.items[0].delivered_qty == 2 and so.items[1].delivered_qty == 0
	assert so.per_delivered == pytest.approx(25.0)
	assert so.delivery_status == "Partly Delivered"
	assert so.status == "To Deliver and Bill"

	rest = make_delivery_note(so.name)
	assert [(d.so_detail, d.qty) for d in rest.items] == [(first.name, 3), (second.name, 3)]
	rest.insert()
	rest.submit()
	so.reload()
	assert so.per_delivered == 100
	assert so.delivery_status == "Fully Delivered"
	assert so.status == "To Bill"
	assert make_delivery_note(so.name).items == []

	rest.reload()
	rest.cancel()
	so.reload()
	assert [d.delivered_qty for d in so.items] == [2, 0]
	assert so.delivery_status == "Partly Delivered"
	assert so.status == "To Deliver and Bill"


def test_over_delivery_is_refused(erp):
	frappe = erp
	from erpnext.controllers.status_updater import OverAllowanceError

	so, wh = _order(frappe, lines=((5, 10),))
	with pytest.raises(OverAllowanceError, match="over limit by"):
		f.make_delivery_note(so.name, items=[{"item_code": so.items[0].item_code, "qty": 6}])
	so.reload()
	assert so.items[0].delivered_qty == 0


def test_sales_order_reserves_stock_until_delivered(erp):
	frappe = erp
	so, wh = _order(frappe, lines=((5, 10),))
	item = so.items[0].item_code
	assert bin_qty(frappe, item, wh, "reserved_qty") == 5
	assert bin_qty(frappe, item, wh, "projected_qty") == 5

	f.make_delivery_note(so.name, items=[{"item_code": item, "qty": 2}])
	assert bin_qty(frappe, item, wh, "reserved_qty") == 3
	assert bin_qty(frappe, item, wh, "actual_qty") == 8
	assert bin_qty(frappe, item, wh, "projected_qty") == 5

	so.reload()
	so.update_status("Closed")
	assert frappe.db.get_value("Sales Order", so.name, "status") == "Closed"
	assert bin_qty(frappe, item, wh, "reserved_qty") == 0


def test_closed_order_cannot_be_delivered(erp):
	frappe = erp
	from erpnext.selling.doctype.sales_order.sales_order import update_status

	so, wh = _order(frappe, lines=((5, 10),))
	update_status("Closed", so.name)
	with pytest.raises(frappe.ValidationError, match="is Closed"):
		f.make_delivery_note(so.name)


def test_delivery_date_and_warehouse_are_required(erp):
	frappe = erp
	from erpnext.selling.doctype.sales_order.sales_order import WarehouseRequired

	wh = f.make_warehouse()
	item = f.make_item()
	so = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"customer": f.make_customer(),
			"company": f.make_company(),
			"items": [{"item_code": item, "qty": 1, "warehouse": wh}],
		}
	)
	with pytest.raises(frappe.ValidationError, match="Please enter Delivery Date"):
		so.insert()
	with pytest.raises(WarehouseRequired, match=item):
		f.make_sales_order(items=[{"item_code": item, "qty": 1}])


def test_item_row_defaults_from_the_item(erp):
	item = f.make_item(stock_uom="Nos", uoms=[{"uom": "Box", "conversion_factor": 12}])
	wh = f.make_warehouse()
	so = f.make_sales_order(
		items=[{"item_code": item, "qty": 2, "uom": "Box", "warehouse": wh}], submit=False
	)
	row = so.items[0]
	assert (row.stock_uom, row.conversion_factor, row.stock_qty, row.item_name) == ("Nos", 12, 24, item)
	assert so.status == "Draft" and so.delivery_status == "Not Delivered"


def test_cancelled_delivery_note_frees_the_order_to_be_cancelled(erp):
	frappe = erp
	so, wh = _order(frappe, lines=((5, 10),))
	dn = f.make_delivery_note(so.name)
	dn.reload()
	dn.cancel()
	so.reload()
	so.cancel()
	assert frappe.db.get_value("Sales Order", so.name, "status") == "Cancelled"
	assert bin_qty(frappe, so.items[0].item_code, wh, "reserved_qty") == 0


def test_sales_order_names_a_shipping_rule_that_must_exist(erp):
	"""Sales Order.shipping_rule is a Link to Shipping Rule (erpnext v15 sales_order.json); Shipping
	Rule is named by its label (autoname field:label) and belongs to a company."""
	frappe = erp
	company = f.make_company(f.unique("Ship Co"), abbr=f.unique("S")[-6:])
	abbr = frappe.db.get_value("Company", company, "abbr")
	booked = {"account": f"Freight and Forwarding Charges - {abbr}", "cost_center": f"Main - {abbr}"}
	assert frappe.db.get_value("Company", company, "cost_center") == booked["cost_center"]
	rule = frappe.get_doc(
		{"doctype": "Shipping Rule", "label": "Next Day", "shipping_rule_type": "Selling", "company": company, **booked}
	).insert()
	assert rule.name == "Next Day" and rule.disabled == 0
	with pytest.raises(frappe.MandatoryError, match="company"):
		frappe.get_doc({"doctype": "Shipping Rule", "label": "Nowhere", **booked}).insert()
	# the account and cost center the charge is booked to are mandatory too (shipping_rule.json)
	with pytest.raises(frappe.MandatoryError, match="account, cost_center"):
		frappe.get_doc({"doctype": "Shipping Rule", "label": "Unbooked", "company": company}).insert()

	so, _wh = _order(frappe, lines=((1, 1),), shipping_rule="Next Day")
	assert frappe.db.get_value("Sales Order", so.name, "shipping_rule") == "Next Day"
	assert frappe.get_all("Sales Order", filters={"shipping_rule": "Next Day"}, pluck="name") == [so.name]
	with pytest.raises(frappe.LinkValidationError, match="Shipping Rule"):
		_order(frappe, lines=((1, 1),), shipping_rule="Carrier Pigeon")
