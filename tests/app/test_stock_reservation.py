"""ERPNext Stock Reservation Entries and WMS allocation: stock another order has reserved,
and no WMS task holds yet, is not free; an order's own reservation never limits it."""

from __future__ import annotations

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import (
	balance,
	outbound_defaults,
	outbound_floor,
	put_stock,
	set_settings,
	so_lines,
	tasks_of,
)
from wms_module import erp
from wms_module.services.allocation import allocate_sales_order


@pytest.fixture
def site():
	outbound_defaults(pick_task_creation="On Demand", delivery_note_action="Create Draft")
	frappe.db.set_single_value("Stock Settings", "enable_stock_reservation", 1)
	# ERPNext's default (1); a benchless site stores no Stock Settings defaults
	frappe.db.set_single_value("Stock Settings", "allow_partial_reservation", 1)
	return outbound_floor("A-01", "R-01")


def order(site, item, qty, reserve=0):
	return factories.make_sales_order(items=so_lines(site, (item, qty)), reserve_stock=reserve)


def allocate(so):
	return allocate_sales_order(sales_order=frappe.get_doc("Sales Order", so.name))


def open_qty(so) -> float:
	return sum(t.qty for t in tasks_of(so.name, status="Open"))


def shortage(so):
	rows = tasks_of(so.name, status="Exception")
	assert len(rows) <= 1, rows
	return rows[0] if rows else None


def reserved(so) -> list[float]:
	return [
		r.reserved_qty
		for r in frappe.get_all(
			"Stock Reservation Entry",
			filters={"voucher_no": so.name, "docstatus": 1},
			fields=["reserved_qty"],
		)
	]


def test_stock_reserved_for_another_order_is_not_allocated(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	a = order(site, item, 8, reserve=1)
	assert reserved(a) == [8]
	b = order(site, item, 5)

	summary = allocate(b)
	assert open_qty(b) == 2
	short = shortage(b)
	assert short.qty == 3
	assert short.exception_reason == (
		f"Order line {b.items[0].name!r}: 3 of 5 x {item} could not be allocated: "
		f"8 reserved for Sales Order {a.name} (ERPNext Stock Reservation Entries)"
	)
	assert summary.shortages == [short.exception_reason]

	# A's own reservation never limits A: it gets all 8
	allocate(a)
	assert open_qty(a) == 8 and shortage(a) is None
	assert balance(site.bin("A-01"), item).allocated == 10

	# once A's tasks hold the reserved units, B still cannot take them (now: allocated to A)
	allocate(b)
	assert open_qty(b) == 2
	assert "allocated to other orders" in shortage(b).exception_reason
	assert "reserved for" not in shortage(b).exception_reason


def test_reservation_backed_by_the_reserving_orders_tasks_leaves_the_rest_free(site):
	set_settings(pick_task_creation="On Sales Order Submit")
	item = factories.make_item()
	put_stock(site, item, "A-01", 6)
	put_stock(site, item, "R-01", 4)
	a = order(site, item, 8, reserve=1)  # ERPNext reserves 8, then the WMS allocates them
	assert reserved(a) == [8] and open_qty(a) == 8
	b = order(site, item, 5)
	assert open_qty(b) == 2
	assert "allocated to other orders" in shortage(b).exception_reason


def test_with_reservation_disabled_the_other_order_gets_everything_it_asks_for(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	a = order(site, item, 8, reserve=1)
	assert reserved(a) == [8]
	frappe.db.set_single_value("Stock Settings", "enable_stock_reservation", 0)
	assert erp.get_open_reservations({(item, site.warehouse)}) == {}
	b = order(site, item, 5)
	allocate(b)
	assert open_qty(b) == 5 and shortage(b) is None


def test_own_reservation_never_blocks_and_others_reserve_only_their_share(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 7)
	put_stock(site, item, "R-01", 3)
	a = order(site, item, 8, reserve=1)
	b = order(site, item, 4, reserve=1)  # only 2 left to reserve
	assert reserved(a) == [8] and reserved(b) == [2]
	allocate(a)
	assert open_qty(a) == 8 and shortage(a) is None
	allocate(b)
	assert open_qty(b) == 2
	assert "allocated to other orders" in shortage(b).exception_reason


def test_reservations_of_several_orders_are_named_and_summed(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	a = order(site, item, 3, reserve=1)
	b = order(site, item, 4, reserve=1)
	c = order(site, item, 6)
	allocate(c)
	assert open_qty(c) == 3
	reason = shortage(c).exception_reason
	assert f"7 reserved for Sales Orders {', '.join(sorted([a.name, b.name]))}" in reason


def test_reservation_shortage_merges_with_the_cores_own_reasons(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 4)
	# in the receiving bin: ERPNext counts it, the WMS cannot pick it
	factories.receive_stock(item, site.warehouse, 6)
	a = order(site, item, 3, reserve=1)
	b = order(site, item, 5)
	allocate(b)
	assert open_qty(b) == 1
	short = shortage(b)
	assert short.qty == 4
	assert short.exception_reason.startswith(
		f"Order line {b.items[0].name!r}: 4 of 5 x {item} could not be allocated: "
	)
	assert short.exception_reason.endswith(
		f"3 reserved for Sales Order {a.name} (ERPNext Stock Reservation Entries)"
	)


def test_a_delivered_reservation_no_longer_holds_stock_back(site):
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note

	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	a = order(site, item, 8, reserve=1)
	dn = make_delivery_note(a.name)
	dn.items[0].qty = dn.items[0].stock_qty = 5  # ERPNext delivers 5 of the reserved 8 (not from WMS picks)
	dn.insert()
	dn.submit()
	b = order(site, item, 5)
	allocate(b)
	# 5 left on hand, 3 still reserved for A: B gets 2
	assert open_qty(b) == 2
	assert f"3 reserved for Sales Order {a.name}" in shortage(b).exception_reason


def test_allocating_100_lines_against_other_orders_reservations_stays_within_the_query_budget(
	site, query_counter
):
	items = [factories.make_item() for _ in range(100)]
	for i in items:
		put_stock(site, i, "A-01", 3)
	factories.make_sales_order(items=so_lines(site, *[(i, 1) for i in items]), reserve_stock=1)
	b = factories.make_sales_order(items=so_lines(site, *[(i, 4) for i in items]))
	doc = frappe.get_doc("Sales Order", b.name)
	with query_counter() as q:
		allocate_sales_order(sales_order=doc)
	print(f"allocation of 100 lines with reservations of another order: {q.count} queries")
	assert open_qty(b) == 200
	assert len(tasks_of(b.name, status="Exception")) == 100
	assert q.count <= 12, q.queries
