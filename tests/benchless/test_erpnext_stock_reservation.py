"""Stock Reservation Entries in the ERPNext stand-in (v15 behaviour): a Sales Order with
reserve_stock reserves what is available per line on submit, its cancel cancels them, a
Delivery Note consumes them (and its cancel gives them back), Bin.reserved_stock follows,
and another order cannot deliver reserved stock."""

import pytest

from tests import factories as f
from tests.benchless import erpnext_fixtures
from tests.benchless.erpnext_fixtures import bin_qty

erp_site_info = erpnext_fixtures.erp_site_info  # pytest fixtures
erp = erpnext_fixtures.erp

SRE_FIELDS = [
	"name",
	"voucher_detail_no",
	"reserved_qty",
	"delivered_qty",
	"status",
	"docstatus",
	"available_qty",
]


def enable(frappe, on=1, partial=1):
	frappe.db.set_single_value("Stock Settings", "enable_stock_reservation", on)
	frappe.db.set_single_value("Stock Settings", "allow_partial_reservation", partial)


def sres(frappe, sales_order):
	return frappe.get_all(
		"Stock Reservation Entry",
		filters={"voucher_type": "Sales Order", "voucher_no": sales_order},
		fields=SRE_FIELDS,
		order_by="creation asc",
	)


def stocked(frappe, qty):
	wh = f.make_warehouse()
	item = f.make_item()
	f.receive_stock(item, wh, qty)
	return item, wh


def order(item, wh, qty, reserve=1, submit=True):
	return f.make_sales_order(
		items=[{"item_code": item, "qty": qty, "warehouse": wh}], reserve_stock=reserve, submit=submit
	)


def test_submit_reserves_each_line_and_bin_keeps_the_reserved_stock(erp):
	frappe = erp
	enable(frappe)
	item, wh = stocked(frappe, 10)
	other, _ = f.make_item(), None
	f.receive_stock(other, wh, 2)
	so = f.make_sales_order(
		items=[
			{"item_code": item, "qty": 8, "warehouse": wh},
			{"item_code": other, "qty": 5, "warehouse": wh},
		],
		reserve_stock=1,
	)
	rows = {r.voucher_detail_no: r for r in sres(frappe, so.name)}
	first, second = so.items
	assert (rows[first.name].reserved_qty, rows[first.name].status, rows[first.name].docstatus) == (
		8,
		"Reserved",
		1,
	)
	# only 2 on hand: a partial reservation (allow_partial_reservation is on by default)
	assert (rows[second.name].reserved_qty, rows[second.name].status) == (2, "Partially Reserved")
	assert rows[first.name].available_qty == 10
	assert bin_qty(frappe, item, wh, "reserved_stock") == 8
	assert bin_qty(frappe, other, wh, "reserved_stock") == 2
	so.reload()
	assert [d.stock_reserved_qty for d in so.items] == [8, 2]


def test_a_second_order_reserves_only_what_the_first_left(erp):
	frappe = erp
	enable(frappe)
	item, wh = stocked(frappe, 10)
	a = order(item, wh, 8)
	b = order(item, wh, 5)
	assert [r.reserved_qty for r in sres(frappe, a.name)] == [8]
	assert [(r.reserved_qty, r.available_qty, r.status) for r in sres(frappe, b.name)] == [
		(2, 2, "Partially Reserved")
	]
	assert bin_qty(frappe, item, wh, "reserved_stock") == 10
	c = order(item, wh, 1)
	assert sres(frappe, c.name) == []  # nothing left to reserve: no entry, the order still submits
	assert c.docstatus == 1


def test_no_partial_reservation_when_not_allowed(erp):
	frappe = erp
	enable(frappe, partial=0)
	item, wh = stocked(frappe, 3)
	so = order(item, wh, 5)
	assert sres(frappe, so.name) == []
	assert bin_qty(frappe, item, wh, "reserved_stock") == 0


def test_nothing_is_reserved_when_reservation_is_disabled_or_not_asked_for(erp):
	frappe = erp
	item, wh = stocked(frappe, 10)
	so = order(item, wh, 4, reserve=0)
	so.reload()
	assert so.items[0].reserve_stock == 0  # validate_reserved_stock clears the row flag (default 1)
	# asking for a reservation while Stock Settings has it off: v15 refuses the submit
	draft = order(item, wh, 4, submit=False)
	with pytest.raises(frappe.ValidationError, match="Please enable <strong>Stock Reservation"):
		draft.submit()
	enable(frappe)
	assert sres(frappe, order(item, wh, 4, reserve=0).name) == []
	assert bin_qty(frappe, item, wh, "reserved_stock") == 0


def test_cancelling_the_order_cancels_its_reservations(erp):
	frappe = erp
	enable(frappe)
	item, wh = stocked(frappe, 10)
	so = order(item, wh, 6)
	so.reload()
	so.cancel()
	assert [(r.docstatus, r.status) for r in sres(frappe, so.name)] == [(2, "Cancelled")]
	assert bin_qty(frappe, item, wh, "reserved_stock") == 0
	so.reload()
	assert so.items[0].stock_reserved_qty == 0


def test_delivery_consumes_the_reservation_and_cancel_gives_it_back(erp):
	frappe = erp
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note

	enable(frappe)
	item, wh = stocked(frappe, 10)
	so = order(item, wh, 8)
	dn = make_delivery_note(so.name)
	dn.items[0].qty = 3
	dn.items[0].stock_qty = 3
	dn.insert()
	dn.submit()
	[sre] = sres(frappe, so.name)
	assert (sre.delivered_qty, sre.status) == (3, "Partially Delivered")
	assert bin_qty(frappe, item, wh, "reserved_stock") == 5
	assert bin_qty(frappe, item, wh) == 7

	rest = make_delivery_note(so.name)
	rest.insert()
	rest.submit()
	[sre] = sres(frappe, so.name)
	assert (sre.delivered_qty, sre.status) == (8, "Delivered")
	assert bin_qty(frappe, item, wh, "reserved_stock") == 0

	rest.reload()
	rest.cancel()
	[sre] = sres(frappe, so.name)
	assert (sre.delivered_qty, sre.status) == (3, "Partially Delivered")
	assert bin_qty(frappe, item, wh, "reserved_stock") == 5


def test_another_order_cannot_deliver_reserved_stock(erp):
	frappe = erp
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note

	enable(frappe)
	item, wh = stocked(frappe, 10)
	a = order(item, wh, 8)
	b = order(item, wh, 5, reserve=0)
	first = make_delivery_note(b.name)
	first.items[0].qty = 2
	first.items[0].stock_qty = 2
	first.insert()
	first.submit()  # the 2 unreserved units may go
	assert bin_qty(frappe, item, wh) == 8
	more = make_delivery_note(b.name)
	assert more.items[0].qty == 3
	more.insert()
	with pytest.raises(frappe.ValidationError, match="3.0 units of .* needed in"):
		more.submit()
	assert bin_qty(frappe, item, wh) == 8  # nothing posted
	assert [r.status for r in sres(frappe, a.name)] == ["Reserved"]
	# the reserving order itself delivers: its own reservation is consumed first
	own = make_delivery_note(a.name)
	own.insert()
	own.submit()
	assert bin_qty(frappe, item, wh) == 0
	assert [r.status for r in sres(frappe, a.name)] == ["Delivered"]


def test_a_delivery_note_must_use_the_reserved_warehouse(erp):
	frappe = erp
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note

	enable(frappe)
	item, wh = stocked(frappe, 10)
	elsewhere = f.make_warehouse()
	f.receive_stock(item, elsewhere, 10)
	so = order(item, wh, 4)
	dn = make_delivery_note(so.name)
	dn.items[0].warehouse = elsewhere
	with pytest.raises(frappe.ValidationError, match="Stock is reserved for item"):
		dn.insert()


def test_an_entry_cannot_reserve_more_than_is_available(erp):
	frappe = erp
	enable(frappe)
	item, wh = stocked(frappe, 10)
	order(item, wh, 7)  # 3 left to reserve
	so = order(item, wh, 9, reserve=0)
	row = so.items[0]
	sre = frappe.get_doc(
		{
			"doctype": "Stock Reservation Entry",
			"item_code": item,
			"warehouse": wh,
			"voucher_type": "Sales Order",
			"voucher_no": so.name,
			"voucher_detail_no": row.name,
			"available_qty": 10,
			"voucher_qty": 9,
			"reserved_qty": 4,
			"stock_uom": row.stock_uom,
			"company": so.company,
		}
	).insert()
	with pytest.raises(frappe.ValidationError, match="Cannot reserve more than Allowed Qty"):
		sre.submit()
	sre.reload()
	sre.reserved_qty = 3
	sre.save()
	sre.submit()
	assert frappe.db.get_value("Stock Reservation Entry", sre.name, "status") == "Partially Reserved"
	assert bin_qty(frappe, item, wh, "reserved_stock") == 10


def test_reservation_must_be_enabled_to_reserve_by_hand(erp):
	frappe = erp
	item, wh = stocked(frappe, 10)
	so = order(item, wh, 2, reserve=0)
	with pytest.raises(frappe.ValidationError, match="Please enable"):
		so.create_stock_reservation_entries()
