"""A submitted Sales Order changes (Update Items, delivery date): its pick tasks follow.

ERPNext's Update Items (``update_child_qty_rate`` in erpnext/controllers/accounts_controller.py,
v15) deletes removed rows, sets the new qty / warehouse / delivery date on the rows, then
``parent.save()``s the submitted order, which runs ``on_update_after_submit``; the hook sees
the order as it now is. The tests below hand the hook such an order.
"""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from tests import factories
from tests.app.outbound_fixtures import (
	balance,
	deliver,
	new_wave,
	outbound_defaults,
	outbound_floor,
	put_stock,
	set_settings,
	so_lines,
	tasks_of,
)
from wms_module.events.sales_order import on_update_after_submit
from wms_module.services import waves


@pytest.fixture
def site():
	outbound_defaults(delivery_note_action="Create Draft", max_orders_per_wave=50, max_lines_per_wave=500)
	return outbound_floor("A-01", "B-05")


def active(so_name):
	return tasks_of(so_name, status=["in", ["Open", "Assigned", "In Progress"]])


def test_delivery_date_moved_after_submit_reprioritises_open_tasks(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	far = add_days(nowdate(), 30)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)), delivery_date=far)
	assert {getdate(t.delivery_date) for t in active(so.name)} == {getdate(far)}

	soon = add_days(nowdate(), 2)
	so.reload()
	so.delivery_date = soon
	so.items[0].delivery_date = soon
	so.save()  # a submitted order: on_update_after_submit

	assert {getdate(t.delivery_date) for t in active(so.name)} == {getdate(soon)}
	assert balance(site.bin("A-01"), item).allocated == 2  # nothing re-allocated
	wave = new_wave(
		site, mode="Batch", release_method="By Delivery Date", delivery_date_cutoff=add_days(nowdate(), 5)
	)
	assert [r.sales_order for r in waves.plan_wave(wave_name=wave.name).orders] == [so.name]


def test_removed_line_gives_back_its_allocation(site):
	keep, drop = factories.make_item(), factories.make_item()
	put_stock(site, keep, "A-01", 5)
	put_stock(site, drop, "B-05", 5)
	so = factories.make_sales_order(items=so_lines(site, (keep, 2), (drop, 3)))
	so.reload()
	so.set("items", [r for r in so.items if r.item_code == keep])
	on_update_after_submit(so)

	assert [(t.item_code, t.qty) for t in active(so.name)] == [(keep, 2)]
	assert {t.status for t in tasks_of(so.name, item_code=drop)} == {"Cancelled"}
	assert balance(site.bin("B-05"), drop).allocated == 0
	assert balance(site.bin("A-01"), keep).allocated == 2


def test_moving_a_submitted_line_to_another_warehouse_is_refused_and_its_tasks_stay(site):
	"""ERPNext v15 does not let a submitted Sales Order line change warehouse (Sales Order
	Item.warehouse is not allow_on_submit): the save is refused and the tasks stay as they were."""
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	other = outbound_floor("A-01")
	put_stock(other, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 4)))
	so.reload()
	so.items[0].warehouse = other.warehouse
	with pytest.raises(frappe.UpdateAfterSubmitError, match="Source Warehouse"):
		so.save()

	(t,) = active(so.name)
	assert (t.warehouse, t.source_bin, t.qty) == (site.warehouse, site.bin("A-01"), 4)
	assert balance(site.bin("A-01"), item).allocated == 4
	assert balance(other.bin("A-01"), item).allocated == 0


def test_qty_cut_to_what_is_in_stock_clears_the_shortage(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 3)
	so = factories.make_sales_order(items=so_lines(site, (item, 5)))
	assert [t.qty for t in tasks_of(so.name, status="Exception")] == [2]
	so.items[0].qty = so.items[0].stock_qty = 3
	on_update_after_submit(so)
	assert tasks_of(so.name, status="Exception") == []
	assert [t.qty for t in active(so.name)] == [3]


def test_rest_of_a_delivered_short_line_is_allocated_when_stock_arrives(site):
	from tests.app.outbound_fixtures import confirm_all

	set_settings(delivery_note_action="Create and Submit")
	item = factories.make_item()
	put_stock(site, item, "A-01", 3)
	so = factories.make_sales_order(items=so_lines(site, (item, 5)))
	(result,) = confirm_all(so.name)
	assert deliver(result)  # 3 delivered, 2 short
	so.reload()
	assert so.items[0].delivered_qty == 3

	put_stock(site, item, "B-05", 4)
	on_update_after_submit(so)
	(t,) = active(so.name)
	assert (t.source_bin, t.qty) == (site.bin("B-05"), 2)
	assert tasks_of(so.name, status="Exception") == []


def test_reducing_every_line_of_a_20_line_order_costs_a_constant_number_of_queries(site, query_counter):
	items = [factories.make_item() for _ in range(20)]
	for item in items:
		put_stock(site, item, "A-01", 2)
		put_stock(site, item, "B-05", 4)
	so = factories.make_sales_order(items=so_lines(site, *[(i, 5) for i in items]))  # 2 + 3 per line
	so.reload()
	for row in so.items[:10]:
		row.qty = row.stock_qty = 1  # B-05's task cancelled, A-01's lowered to 1
	for row in so.items[10:]:
		row.qty = row.stock_qty = 3  # B-05's task lowered to 1
	with query_counter() as q:
		on_update_after_submit(so)
	print(f"reducing 20 lines after submit: {q.count} queries")
	assert q.count <= 15, q.queries
	for row in so.items:
		assert sum(t.qty for t in active(so.name) if t.reference_detail == row.name) == row.qty
	assert balance(site.bin("B-05"), items[0]).allocated == 0
	assert balance(site.bin("A-01"), items[0]).allocated == 1
	assert balance(site.bin("B-05"), items[10]).allocated == 1
