"""Pick waves: gathering orders, batch / cluster / zone tours, routing, release, progress."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, nowdate

from tests import factories
from tests.app.outbound_fixtures import (
	WAVE_DEFAULTS,
	confirm_all,
	new_wave,
	outbound_defaults,
	outbound_floor,
	put_stock,
	set_settings,
	so_lines,
	tasks_of,
)
from wms_module.services import waves


@pytest.fixture
def site():
	outbound_defaults(**WAVE_DEFAULTS, delivery_note_action="Create Draft", totes_per_cart=2)
	return outbound_floor("A-02", "A-08", "C-03", "D-09", n_aisles=4, bays=10)


def stocked_items(site, n=4):
	items = [factories.make_item() for _ in range(n)]
	for item, code in zip(items, ("D-09", "A-02", "C-03", "A-08"), strict=False):
		put_stock(site, item, code, 50)
	return items


def test_cluster_wave_one_tote_per_order_and_tours_limited_by_cart(site):
	items = stocked_items(site)
	orders = [
		factories.make_sales_order(items=so_lines(site, (items[i % 4], 1), (items[(i + 1) % 4], 2))).name
		for i in range(3)
	]
	wave = waves.plan_wave(wave_name=new_wave(site, orders).name)

	assert wave.status == "Planned"
	assert len(wave.tours) == 2  # 3 orders, carts of 2 totes
	assert sorted(t.orders for t in wave.tours) == [1, 2]
	totes = {}
	for so in orders:
		so_tasks = tasks_of(so)
		assert len({t.tote for t in so_tasks}) == 1  # one tote per order
		assert len({t.tour for t in so_tasks}) == 1
		totes[so] = so_tasks[0].tote
	assert len(set(totes.values())) == 3
	assert wave.total_lines == 6 and wave.percent_lines == 0
	assert {r.tote for r in wave.orders} == set(totes.values())


def test_tour_sequence_follows_the_route(site):
	items = stocked_items(site)
	so = factories.make_sales_order(items=so_lines(site, *[(i, 1) for i in items]))
	waves.plan_wave(wave_name=new_wave(site, [so.name], mode="Batch").name)
	tasks = sorted(tasks_of(so.name), key=lambda t: t.sequence)
	# optimal one-block route from depot at aisle 0: up aisle 0 (bays 2, 8) ... aisle 2, aisle 3
	visited = [frappe.db.get_value("Storage Bin", t.source_bin, "bin_code") for t in tasks]
	assert visited[:2] == ["A-02", "A-08"]
	assert set(visited[2:]) == {"C-03", "D-09"}
	assert [t.sequence for t in tasks] == [1, 2, 3, 4]


def test_zone_picking_splits_tours_by_zone(site):
	items = stocked_items(site)
	orders = [
		factories.make_sales_order(items=so_lines(site, *[(i, 1) for i in items])).name for _ in range(2)
	]
	wave = waves.plan_wave(wave_name=new_wave(site, orders, mode="Zone").name)
	zones = {t.zone for t in wave.tours}
	assert zones == {site.zones["PICK"], site.zones["PICK2"]}
	for tour in wave.tours:
		tasks = frappe.get_all(
			"Warehouse Task", filters={"pick_wave": wave.name, "tour": tour.tour}, fields=["zone"]
		)
		assert {t.zone for t in tasks} == {tour.zone}


def test_wave_by_delivery_date_cutoff_takes_due_orders_within_limits(site):
	set_settings(max_orders_per_wave=2)
	items = stocked_items(site)
	soon = [
		factories.make_sales_order(
			items=so_lines(site, (items[0], 1)), delivery_date=add_days(nowdate(), d)
		).name
		for d in (1, 2, 3)
	]
	later = factories.make_sales_order(
		items=so_lines(site, (items[1], 1)), delivery_date=add_days(nowdate(), 30)
	).name
	wave = new_wave(site, release_method="By Delivery Date", delivery_date_cutoff=add_days(nowdate(), 5))
	wave = waves.plan_wave(wave_name=wave.name)
	assert [r.sales_order for r in wave.orders] == soon[:2]
	assert not tasks_of(later)[0].pick_wave


def test_manual_wave_over_the_order_limit_is_refused(site):
	set_settings(max_orders_per_wave=1)
	items = stocked_items(site)
	orders = [factories.make_sales_order(items=so_lines(site, (items[0], 1))).name for _ in range(2)]
	with pytest.raises(frappe.ValidationError, match="at most 1 per wave"):
		waves.plan_wave(wave_name=new_wave(site, orders).name)


def test_release_assigns_tours_round_robin_or_queues_them(site):
	items = stocked_items(site)
	orders = [factories.make_sales_order(items=so_lines(site, (items[i], 1))).name for i in range(3)]
	wave = waves.plan_wave(wave_name=new_wave(site, orders).name)
	wave = waves.release_wave(wave_name=wave.name, operators=["Administrator"])
	assert wave.status == "Released"
	assert {t.operator for t in wave.tours} == {"Administrator"}
	assert {t.status for t in tasks_of(orders[0])} == {"Assigned"}

	queued = waves.plan_wave(
		wave_name=new_wave(site, [factories.make_sales_order(items=so_lines(site, (items[0], 1))).name]).name
	)
	queued = waves.release_wave(wave_name=queued.name)
	assert {t.status for t in queued.tours} == {"Queued"}


def test_progress_and_completion(site):
	items = stocked_items(site)
	orders = [factories.make_sales_order(items=so_lines(site, (items[i], 2))).name for i in range(2)]
	wave = waves.release_wave(wave_name=waves.plan_wave(wave_name=new_wave(site, orders).name).name)
	confirm_all(orders[0])
	wave.reload()
	assert (wave.status, wave.percent_lines, wave.percent_units) == ("In Progress", 50, 50)
	confirm_all(orders[1])
	wave.reload()
	assert (wave.status, wave.percent_lines) == ("Completed", 100)


def test_cancelled_order_mid_wave_leaves_the_wave_consistent(site):
	items = stocked_items(site)
	orders = [factories.make_sales_order(items=so_lines(site, (items[i], 2))).name for i in range(2)]
	wave = waves.release_wave(wave_name=waves.plan_wave(wave_name=new_wave(site, orders).name).name)
	confirm_all(orders[0])
	so = frappe.get_doc("Sales Order", orders[1])
	so.cancel()
	wave.reload()
	assert wave.status == "Completed"
	assert wave.total_lines == 1 and wave.percent_lines == 100
