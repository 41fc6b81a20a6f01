"""Two waves planned at the same time over overlapping orders never both take a task.

Two threads, each with its own ``frappe.connect()`` on a committed site. The first
plans its wave and holds its transaction open; the second starts planning a wave
that shares an order while the first has not committed. The second must wait for
the first's locks (``plan_wave`` locks the wave, then the tasks it takes, with
``for_update``), then find the shared order's tasks already waved and take only the
rest. In benchless the first locking read takes SQLite's single write lock, so the
second waits at its first lock; on MariaDB it waits on the task rows themselves.
"""

from __future__ import annotations

import pytest


def setup_overlapping_waves():
	import frappe

	from tests import factories
	from tests.app.outbound_fixtures import new_wave, outbound_defaults, outbound_floor, put_stock, so_lines

	outbound_defaults(picker_capacity_items=100)
	site = outbound_floor("A-01", "B-05")
	items = [factories.make_item() for _ in range(3)]
	for item in items:
		put_stock(site, item, "A-01", 10)
		put_stock(site, item, "B-05", 10)
	orders = [
		factories.make_sales_order(items=so_lines(site, (items[k], 2), (items[(k + 1) % 3], 12))).name
		for k in range(3)
	]

	def wave(*sos):
		return new_wave(site, sos, mode="Cluster").name

	tasks = {
		so: frappe.get_all(
			"Warehouse Task",
			filters={"reference_doctype": "Sales Order", "reference_name": so, "status": "Open"},
			pluck="name",
		)
		for so in orders
	}
	return {
		"orders": orders,
		"tasks": tasks,
		"first": wave(orders[0], orders[1]),
		"second": wave(orders[1], orders[2]),
		"only_shared": wave(orders[1]),
	}


def plan_concurrently(committed_site, first: str, second: str) -> dict[str, object]:
	"""Plan ``first`` and hold it uncommitted; plan ``second`` meanwhile; return each outcome
	(the wave's status or the error) and whether the second waited."""
	from tests.app.outbound_fixtures import race

	def plan(wave):
		from wms_module.services.waves import plan_wave

		return plan_wave(wave_name=wave).status

	return race(committed_site, plan, first, second, wait=10)


def waves_state(orders):
	import frappe

	tasks = frappe.get_all(
		"Warehouse Task",
		filters={"reference_doctype": "Sales Order", "reference_name": ["in", orders]},
		fields=["name", "reference_name", "reference_detail", "pick_wave", "tour", "tote", "status"],
	)
	wave_names = sorted({t.pick_wave for t in tasks if t.pick_wave})
	return {
		"tasks": tasks,
		"waves": {
			w: {
				"status": frappe.db.get_value("Pick Wave", w, "status"),
				"total_lines": frappe.db.get_value("Pick Wave", w, "total_lines"),
				"order_lines": len({t.reference_detail for t in tasks if t.pick_wave == w}),
				"tour_tasks": sum(
					frappe.get_all(
						"Pick Wave Tour", filters={"parenttype": "Pick Wave", "parent": w}, pluck="tasks"
					)
				),
			}
			for w in wave_names
		},
	}


def test_two_waves_planned_at_once_never_share_a_task(committed_site):
	from tests.harness import run_in_site

	data = run_in_site(committed_site, setup_overlapping_waves)
	so1, so2, so3 = data["orders"]
	outcomes = plan_concurrently(committed_site, data["first"], data["second"])

	assert outcomes["second_waited"], "the second wave did not wait for the first's locks"
	assert outcomes["first"] == "Planned"
	assert outcomes["second"] == "Planned"

	state = run_in_site(committed_site, waves_state, data["orders"], commit=False)
	wave_of = {t.name: t.pick_wave for t in state["tasks"]}
	assert {wave_of[t] for t in data["tasks"][so1] + data["tasks"][so2]} == {data["first"]}
	assert {wave_of[t] for t in data["tasks"][so3]} == {data["second"]}, (
		"the second wave takes the tasks no other wave has"
	)
	first, second = state["waves"][data["first"]], state["waves"][data["second"]]
	assert first["tour_tasks"] == len(data["tasks"][so1] + data["tasks"][so2])
	assert second["tour_tasks"] == len(data["tasks"][so3])
	# a wave's lines are order lines, each once (a line of 12 is picked from two bins: two tasks)
	assert (first["total_lines"], first["order_lines"]) == (4, 4)
	assert (second["total_lines"], second["order_lines"]) == (2, 2)


def test_a_wave_whose_orders_the_other_took_is_refused_and_stays_draft(committed_site):
	import frappe

	from tests.harness import run_in_site

	data = run_in_site(committed_site, setup_overlapping_waves)
	outcomes = plan_concurrently(committed_site, data["first"], data["only_shared"])

	assert outcomes["second_waited"]
	assert outcomes["first"] == "Planned"
	assert isinstance(outcomes["second"], frappe.ValidationError)
	assert "not on another wave" in str(outcomes["second"])

	def status(wave):
		import frappe

		return frappe.db.get_value("Pick Wave", wave, "status")

	assert run_in_site(committed_site, status, data["only_shared"], commit=False) == "Draft"
	state = run_in_site(committed_site, waves_state, data["orders"], commit=False)
	assert {t.pick_wave for t in state["tasks"] if t.reference_name == data["orders"][1]} == {data["first"]}
