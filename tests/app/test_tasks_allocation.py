"""Sales Order submit -> allocation -> Pick tasks; cancel and qty changes; bad input."""

from __future__ import annotations

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import (
	balance,
	make_outbound_site,
	outbound_defaults,
	outbound_floor,
	put_stock,
	set_settings,
	so_lines,
	tasks_of,
)


@pytest.fixture
def site():
	outbound_defaults(delivery_note_action="Create Draft")
	return outbound_floor("A-01", "B-05", "R-01")


def test_submit_allocates_pick_faces_before_reserve_and_raises_allocated_qty(site):
	item = factories.make_item()
	put_stock(site, item, "R-01", 20)  # oldest, but reserve
	put_stock(site, item, "A-01", 3)
	put_stock(site, item, "B-05", 4)
	so = factories.make_sales_order(items=so_lines(site, (item, 9)))

	tasks = tasks_of(so.name)
	picked_from = [(t.source_bin, t.qty, t.status) for t in tasks]
	assert picked_from == [
		(site.bin("A-01"), 3, "Open"),
		(site.bin("B-05"), 4, "Open"),
		(site.bin("R-01"), 2, "Open"),
	]
	assert {t.destination_bin for t in tasks} == {site.staging}
	assert {t.reference_detail for t in tasks} == {so.items[0].name}
	assert balance(site.bin("A-01"), item).allocated == 3
	assert balance(site.bin("R-01"), item) == {"on_hand": 20, "allocated": 2}


def test_shortage_is_recorded_with_its_reason(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 2)
	other = factories.make_sales_order(items=so_lines(site, (item, 1)))
	so = factories.make_sales_order(items=so_lines(site, (item, 5)))

	short = tasks_of(so.name, status="Exception")
	assert len(short) == 1
	assert short[0].qty == 4 and short[0].short_qty == 4 and not short[0].source_bin
	assert "1 allocated to other orders" in short[0].exception_reason
	assert "3 not in stock" in short[0].exception_reason
	assert [t.qty for t in tasks_of(other.name)] == [1]


def test_item_with_no_bins_is_a_shortage_not_a_crash(site):
	item = factories.make_item()
	factories.receive_stock(item, site.warehouse, 5)  # in the receiving bin: not allocatable
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	(t,) = tasks_of(so.name)
	assert t.status == "Exception"
	assert "receiving" in t.exception_reason


def test_an_order_for_a_warehouse_the_wms_does_not_manage_is_left_to_erpnext(query_counter):
	"""No Warehouse Layout (or one not active): the order submits as if the app were not there,
	and the WMS's look at it costs one query (tests/app/test_going_live.py: the rest of going live)."""
	from wms_module.events.sales_order import on_submit

	set_settings(pick_task_creation="On Sales Order Submit")
	s = make_outbound_site(layout=False)
	item = factories.make_item()
	so = factories.make_sales_order(items=so_lines(s, (item, 1)))
	assert so.docstatus == 1 and tasks_of(so.name) == []
	with query_counter() as q:
		on_submit(so)
	assert q.count <= 1, q.queries


def test_on_demand_creates_nothing_until_asked(site):
	from wms_module.api.picking import create_pick_tasks

	set_settings(pick_task_creation="On Demand")
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	assert tasks_of(so.name) == []
	out = create_pick_tasks(so.name)
	assert len(out["tasks"]) == 1
	# asking again allocates nothing more
	assert create_pick_tasks(so.name)["tasks"] == []
	assert balance(site.bin("A-01"), item).allocated == 2


def test_cancel_releases_allocations_and_cancels_tasks(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 4)))
	assert balance(site.bin("A-01"), item).allocated == 4
	so.reload()
	so.cancel()
	assert {t.status for t in tasks_of(so.name)} == {"Cancelled"}
	assert balance(site.bin("A-01"), item) == {"on_hand": 5, "allocated": 0}


def test_qty_change_after_submit_allocates_only_the_difference(site):
	from wms_module.events.sales_order import on_update_after_submit

	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	so = factories.make_sales_order(items=so_lines(site, (item, 4)))
	so.items[0].qty = 7
	so.items[0].stock_qty = 7
	on_update_after_submit(so)
	assert sorted(t.qty for t in tasks_of(so.name, status="Open")) == [3, 4]
	assert balance(site.bin("A-01"), item).allocated == 7
	so.items[0].qty = 2
	so.items[0].stock_qty = 2
	on_update_after_submit(so)
	assert sum(t.qty for t in tasks_of(so.name, status="Open")) == 2
	assert balance(site.bin("A-01"), item).allocated == 2


def test_fefo_from_layout_uses_batch_expiry(site):
	frappe.db.set_value("Warehouse Layout", site.warehouse, "removal_strategy", "FEFO")
	item = factories.make_item(has_batch_no=1, has_expiry_date=1, shelf_life_in_days=100)
	late = factories.make_batch(item, expiry_date=frappe.utils.add_days(frappe.utils.nowdate(), 90))
	early = factories.make_batch(item, expiry_date=frappe.utils.add_days(frappe.utils.nowdate(), 10))
	put_stock(site, item, "A-01", 5, batch_no=late)
	put_stock(site, item, "B-05", 5, batch_no=early)
	so = factories.make_sales_order(items=so_lines(site, (item, 6)))
	assert [(t.batch_no, t.qty) for t in tasks_of(so.name)] == [(early, 5), (late, 1)]
