"""Query budgets: allocating a 100-line order; confirming one pick in a small and a large wave."""

from __future__ import annotations

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import (
	make_bin,
	make_outbound_site,
	new_wave,
	outbound_floor,
	set_settings,
	so_lines,
	tasks_of,
)
from wms_module.api import picking as picking_api
from wms_module.services import moves, waves
from wms_module.services.picking import ConfirmPick, confirm_pick


def stock_many(site, items, bin_code, qty):
	factories.make_purchase_receipt(
		items=[{"item_code": i, "qty": qty, "warehouse": site.warehouse} for i in items]
	)
	for i in items:
		moves.move_stock(
			moves.MoveStock(item_code=i, qty=qty, from_bin=site.receiving, to_bin=site.bins[bin_code])
		)


def test_allocating_a_100_line_order_costs_at_most_3_queries_per_line(query_counter):
	set_settings(pick_task_creation="On Demand", default_removal_strategy="FIFO")
	site = make_outbound_site()
	make_bin(site, "A-01", "PICK", aisle=0, bay=1)
	make_bin(site, "R-01", "RES", aisle=1, bay=1)
	items = [factories.make_item() for _ in range(100)]
	stock_many(site, items, "A-01", 3)
	stock_many(site, items[:50], "R-01", 5)
	so = factories.make_sales_order(items=so_lines(site, *[(i, 4) for i in items]))
	assert tasks_of(so.name) == []
	set_settings(pick_task_creation="On Sales Order Submit")

	from wms_module.events.sales_order import on_submit

	with query_counter() as q:
		on_submit(so)
	tasks = tasks_of(so.name)
	assert len([t for t in tasks if t.status == "Open"]) == 150  # 100 from A-01, 50 from R-01
	assert len([t for t in tasks if t.status == "Exception"]) == 50
	print(f"allocation of 100 lines: {q.count} queries")
	assert q.count <= 3 * 100 + 10, q.queries[:20]  # the budget
	assert q.count <= 12, q.queries  # what it is: reads, one Bin Stock UPDATE, one task INSERT


WAVE_BUDGET_SETTINGS = {
	"pick_task_creation": "On Sales Order Submit",
	"default_removal_strategy": "FIFO",
	"picker_capacity_items": 1000,
	"batching_method": "fcfs",
	"max_orders_per_wave": 100,
}
"""One tour may take every order of the wave (no split by picker capacity or wave size)."""


def wave_of(site, n_orders, item_pool):
	orders = []
	for k in range(n_orders):
		orders.append(
			factories.make_sales_order(
				items=so_lines(
					site, (item_pool[k % len(item_pool)], 1), (item_pool[(k + 1) % len(item_pool)], 1)
				)
			).name
		)
	wave = new_wave(site, orders, mode="Batch")
	waves.release_wave(wave_name=waves.plan_wave(wave_name=wave.name).name)
	return orders


@pytest.mark.parametrize(
	"idempotency_key", [None, "5f0c6a52-3c1e-4b8e-9d43-0a6f1f2e7b11"], ids=["service", "api with key"]
)
@pytest.mark.parametrize("n_orders", [2, 20])
def test_confirming_one_pick_costs_at_most_18_queries_whatever_the_wave_size(
	query_counter, n_orders, idempotency_key
):
	"""Through the service, and through the endpoint with an idempotency key (+2: its INSERT and UPDATE)."""
	set_settings(**WAVE_BUDGET_SETTINGS)
	site = outbound_floor("A-01")
	items = [factories.make_item(barcode=None) for _ in range(4)]
	stock_many(site, items, "A-01", 100)
	orders = wave_of(site, n_orders, items)
	t = tasks_of(orders[0])[0]  # the order keeps a second open task: no Delivery Note yet
	# warm caches first, as a running site has them (the first keyed request of a process loads the
	# WMS Request Log meta): one pick of another order, the same way
	warm = tasks_of(orders[1])[0]
	warm_key = {"idempotency_key": f"warm-{idempotency_key}"} if idempotency_key else {}
	warm_scans = {"task": warm.name, "bin_scan": "A-01", "item_scan": warm.item_code, "qty": 1}
	if idempotency_key:
		picking_api.confirm(**warm_scans, **warm_key)
	else:
		confirm_pick(ConfirmPick(**warm_scans))
	with query_counter() as q:
		if idempotency_key:
			out = frappe._dict(
				picking_api.confirm(
					task=t.name,
					bin_scan="A-01",
					item_scan=t.item_code,
					qty=1,
					idempotency_key=idempotency_key,
				)
			)
		else:
			out = confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=t.item_code, qty=1))
	assert out.status == "Done" and not out.delivery_note_queued
	print(
		f"confirm one pick in a wave of {n_orders} orders ({'key' if idempotency_key else 'service'}): {q.count} queries"
	)
	# 18 = 15 before the labour log + its 3 (services.labor.record_pick): the labour settings, the
	# labour context (Employee, previous stop, positions, layout in one SELECT) and the log's INSERT
	assert q.count <= 18, q.queries


def test_planning_and_releasing_a_wave_costs_the_same_for_4_or_24_orders(query_counter):
	set_settings(**WAVE_BUDGET_SETTINGS)
	site = outbound_floor("A-01", "C-07")
	items = [factories.make_item(barcode=None) for _ in range(4)]
	stock_many(site, items[:2], "A-01", 100)
	stock_many(site, items[2:], "C-07", 100)
	counts = {}
	for n in (4, 24):
		orders = [
			factories.make_sales_order(items=so_lines(site, (items[k % 4], 1), (items[(k + 1) % 4], 1))).name
			for k in range(n)
		]
		wave = new_wave(site, orders, mode="Cluster")
		with query_counter() as q:
			planned = waves.plan_wave(wave_name=wave.name)
			plan_queries = q.count
		with query_counter() as q:
			waves.release_wave(wave_name=wave.name, operators=["Administrator"])
		counts[n] = (plan_queries, q.count, len(planned.tours))
		assert {t.pick_wave for so in orders for t in tasks_of(so)} == {wave.name}
		assert len(tasks_of(orders[0])) == 2
	print(f"plan / release a wave of 4 and 24 orders (queries, queries, tours): {counts}")
	# The ORM writes the wave's own child rows (one per order, one per tour) one by one;
	# the 2 tasks per order are written in one statement: 40 more tasks add no query.
	(p4, r4, t4), (p24, r24, t24) = counts[4], counts[24]
	child_rows = (24 - 4) + (t24 - t4)
	assert p24 - p4 <= child_rows + 1, counts
	assert r24 - r4 <= child_rows + (t24 - t4) + 1, counts  # + one task UPDATE per tour
