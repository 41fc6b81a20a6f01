"""A short pick's remainder, re-allocated to another bin, joins the operator's tour where the walk
grows least (it used to be put at the end of the route), and the answer names the new bin.

The floor (tests/app/outbound_fixtures.FLOOR_BINS): aisles A..D side by side, bay 1 at the front
by the depot in aisle A. The tour walks A-01 -> A-02 -> C-03; the item short at A-01 also lies
in B-05, which is on the way from A-02 to C-03: not before A-02 (a walk back), not after C-03.
"""

from __future__ import annotations

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import (
	new_wave,
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
	tasks_of,
)
from tests.app.test_my_tasks import make_operator
from wms_module.services import task_lists, waves
from wms_module.services.picking import ConfirmPick, confirm_pick


@pytest.fixture
def tour():
	outbound_defaults(default_removal_strategy="FIFO")
	site = outbound_floor("A-01", "A-02", "B-05", "C-03")
	short_item, second, third = (factories.make_item(barcode=None) for _ in range(3))
	put_stock(site, short_item, "A-01", 4)  # received first: FIFO takes it from A-01
	put_stock(site, short_item, "B-05", 4)
	put_stock(site, second, "A-02", 4)
	put_stock(site, third, "C-03", 4)
	so = factories.make_sales_order(items=so_lines(site, (short_item, 3), (second, 1), (third, 1)))
	operator = make_operator("walker")
	wave = new_wave(site, [so.name], mode="Batch")
	waves.release_wave(wave_name=waves.plan_wave(wave_name=wave.name).name, operators=[operator])
	return site, so, short_item, operator


def walk(operator: str) -> list[str]:
	"""The operator's picks as the handheld lists them: bin codes in order."""
	return [t["source_bin_code"] for t in task_lists.my_tasks(user=operator) if t["task_type"] == "Pick"]


def confirm_as(operator: str, command: ConfirmPick):
	frappe.set_user(operator)
	try:
		return confirm_pick(command)
	finally:
		frappe.set_user("Administrator")


def test_the_remainder_of_a_short_pick_joins_the_route_where_it_is_on_the_way(tour):
	site, so, short_item, operator = tour
	assert walk(operator) == ["A-01", "A-02", "C-03"]
	(first,) = tasks_of(so.name, source_bin=site.bins["A-01"])

	out = confirm_as(
		operator, ConfirmPick(task=first.name, bin_scan="A-01", item_scan=short_item, qty=1, short=True)
	)

	assert walk(operator) == ["A-02", "B-05", "C-03"]
	(new,) = out.reallocated
	assert (new["bin_code"], new["qty"]) == ("B-05", 2)
	assert new["task"] in out.reallocated_tasks
	assert out.count_task and out.unallocated_qty == 0
	# the walk is numbered on from the short pick's stop, after the stops already walked
	sequences = {
		r.source_bin: r.sequence
		for r in frappe.get_all(
			"Warehouse Task",
			filters={"reference_name": so.name, "task_type": "Pick"},
			fields=["source_bin", "sequence"],
		)
	}
	after = first.sequence
	assert [sequences[site.bins[c]] for c in ("A-02", "B-05", "C-03")] == [after + 1, after + 2, after + 3]


def test_what_no_bin_holds_is_named_in_the_answer(tour):
	site, so, short_item, operator = tour
	(first,) = tasks_of(so.name, source_bin=site.bins["A-01"])
	assert tasks_of(so.name, source_bin=site.bins["B-05"]) == []  # not on the order yet

	out = confirm_as(
		operator, ConfirmPick(task=first.name, bin_scan="A-01", item_scan=short_item, qty=0, short=True)
	)
	again = out.reallocated[0]
	assert again["qty"] == 3 and again["bin_code"] == "B-05"
	(new_task,) = tasks_of(so.name, name=again["task"])
	out = confirm_as(
		operator, ConfirmPick(task=new_task.name, bin_scan="B-05", item_scan=short_item, qty=1, short=True)
	)
	assert out.reallocated == [] and out.unallocated_qty == 2
