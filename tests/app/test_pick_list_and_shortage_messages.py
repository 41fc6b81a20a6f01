"""The pick list and the messages around it: bin codes on the pick list, the missing-quantity
message, shortages listed once, wave lines counted once, the order named when a wave has nothing
to pick, and one shape for wave progress."""

from __future__ import annotations

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import (
	WAVE_DEFAULTS,
	new_wave,
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
	tasks_of,
)
from wms_module.api import picking as picking_api
from wms_module.api import waves as waves_api
from wms_module.services import picking, task_lists, waves
from wms_module.services.picking import ConfirmPick, confirm_pick


@pytest.fixture
def site():
	outbound_defaults(**WAVE_DEFAULTS)
	return outbound_floor("A-01", "B-05", "R-01")


def released_wave(site, orders):
	wave = waves.plan_wave(wave_name=new_wave(site, orders).name)
	return waves.release_wave(wave_name=wave.name, operators=["Administrator"])


def test_my_tasks_rows_carry_the_bin_codes_the_handheld_shows(site, query_counter):
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	released_wave(site, [so.name])
	with query_counter() as q:
		rows = task_lists.my_tasks(user="Administrator")
	# Administrator may hold other released waves (site mode: committed by other tests): this order's
	(row,) = [r for r in rows if r["reference_name"] == so.name]
	assert (row["source_bin_code"], row["destination_bin_code"]) == ("A-01", "STAGE")
	assert row["source_bin"] == site.bin("A-01")  # the full name is still there
	assert q.count <= 4, q.queries  # the tasks, the codes of all bins, the items, the order lines


def test_bin_codes_cost_one_query_for_any_number_of_rows(site, query_counter):
	items = [factories.make_item() for _ in range(6)]
	for k, item in enumerate(items):
		put_stock(site, item, ("A-01", "B-05", "R-01")[k % 3], 5)
	so = factories.make_sales_order(items=so_lines(site, *[(i, 1) for i in items]))
	released_wave(site, [so.name])
	with query_counter() as q:
		rows = task_lists.my_tasks(user="Administrator")
	rows = [r for r in rows if r["reference_name"] == so.name]
	assert len(rows) == 6 and {r["source_bin_code"] for r in rows} == {"A-01", "B-05", "R-01"}
	assert q.count <= 4, q.queries


def test_a_line_sold_in_boxes_is_offered_in_boxes(site):
	"""The task counts stock units (12 Nos); the operator takes boxes off the shelf (2 Box of 6)."""
	boxed = factories.make_item(uoms=[{"uom": "Box", "conversion_factor": 6}])
	loose = factories.make_item()
	put_stock(site, boxed, "A-01", 20)
	put_stock(site, loose, "B-05", 20)
	so = factories.make_sales_order(
		items=[
			{"item_code": boxed, "qty": 2, "uom": "Box", "warehouse": site.warehouse},
			{"item_code": loose, "qty": 3, "warehouse": site.warehouse},
		]
	)
	released_wave(site, [so.name])
	rows = {
		r["item_code"]: r for r in task_lists.my_tasks(user="Administrator") if r["reference_name"] == so.name
	}
	assert (rows[boxed]["qty"], rows[boxed]["uom"]) == (12, "Nos")
	assert (rows[boxed]["pick_uom"], rows[boxed]["pick_factor"]) == ("Box", 6)
	assert (rows[loose]["pick_uom"], rows[loose]["pick_factor"]) == ("Nos", 1)


def test_confirm_without_qty_and_a_scan_without_count_says_so(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	(t,) = tasks_of(so.name, task_type="Pick")
	with pytest.raises(frappe.ValidationError) as e:
		confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item))
	assert "no quantity given and the scan carries no count" in str(e.value)
	assert "got 0" not in str(e.value)
	with pytest.raises(frappe.ValidationError, match="no quantity given"):
		picking_api.confirm(task=t.name, bin_scan="A-01", item_scan=item)
	# a qty of 0 that was sent is still the old message: it was given, and it is not > 0
	with pytest.raises(frappe.ValidationError, match="must be > 0, got 0"):
		confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=0))
	assert confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=2)).status == "Done"


def test_wave_of_an_order_with_nothing_to_pick_names_the_order_and_why(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	picked = factories.make_sales_order(items=so_lines(site, (item, 1)))
	(t,) = tasks_of(picked.name, task_type="Pick")
	confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=1))
	waved = factories.make_sales_order(items=so_lines(site, (item, 1)))
	first = waves_api.create(warehouse=site.warehouse, sales_orders=[waved.name])
	with pytest.raises(frappe.ValidationError) as e:
		waves_api.create(warehouse=site.warehouse, sales_orders=[picked.name, waved.name])
	message = str(e.value)
	assert f"Sales Order {picked.name}: no open pick tasks" in message
	assert f"Sales Order {waved.name}: its open pick tasks are on Pick Wave {first['name']}" in message


def test_shortages_list_each_missing_unit_once_with_the_short_pick_as_reason(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 2)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	(t,) = tasks_of(so.name, task_type="Pick")
	out = confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=1, short=True))
	assert out.reallocated_tasks == []  # no other bin: the line stays short by 1
	rows = picking_api.shortages(sales_order=so.name)
	assert [(r["item_code"], r["qty"]) for r in rows] == [(item, 1)]
	(row,) = rows
	assert "Short pick: bin A-01 held 1 of 2" in row["reason"]
	assert "could not be allocated" in row["reason"]
	assert row["short_picks"] == [t.name] and row["so_detail"] == t.reference_detail


def test_short_pick_covered_from_another_bin_leaves_no_shortage(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 2)
	put_stock(site, item, "B-05", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	(t,) = tasks_of(so.name, task_type="Pick")
	confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=1, short=True))
	assert picking_api.shortages(sales_order=so.name) == []


PROGRESS_KEYS = {
	"wave",
	"status",
	"total_lines",
	"done_lines",
	"open_lines",
	"total_qty",
	"picked_qty",
	"percent_lines",
	"percent_units",
}


def test_wave_counts_order_lines_once_and_progress_has_one_shape(site):
	items = [factories.make_item() for _ in range(4)]
	for item in items:
		put_stock(site, item, "A-01", 3)
	put_stock(site, items[0], "B-05", 3)
	so = factories.make_sales_order(items=so_lines(site, *[(i, 1) for i in items]))
	wave = released_wave(site, [so.name])
	assert wave.total_lines == 4 and wave.orders[0].lines == 4
	tasks = {t.item_code: t for t in tasks_of(so.name, task_type="Pick")}

	first = tasks[items[0]]
	out = confirm_pick(
		ConfirmPick(task=first.name, bin_scan="A-01", item_scan=items[0], qty=0, short=True, tote=first.tote)
	)
	(reissued,) = out.reallocated_tasks
	progress = out.wave_progress
	assert set(progress) == PROGRESS_KEYS
	assert (progress["total_lines"], progress["done_lines"], progress["open_lines"]) == (4, 0, 4)
	assert all(type(progress[k]) is int for k in ("total_lines", "done_lines", "open_lines"))
	assert progress["wave"] == wave.name and progress["status"] == "Released"

	for item in items[1:]:
		t = tasks[item]
		out = confirm_pick(ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=1, tote=t.tote))
	assert (out.wave_progress["done_lines"], out.wave_progress["percent_lines"]) == (3, 75)
	api = waves_api.progress(wave=wave.name)
	assert api == dict(out.wave_progress)  # one shape, the same numbers
	assert frappe.db.get_value("Pick Wave", wave.name, ["total_lines", "done_lines"]) == (4, 3)

	last = confirm_pick(
		ConfirmPick(task=reissued, bin_scan="B-05", item_scan=items[0], qty=1, tote=first.tote)
	)
	assert (last.wave_progress["status"], last.wave_progress["percent_lines"]) == ("Completed", 100)
	assert (last.wave_progress["total_lines"], last.wave_progress["percent_units"]) == (4, 100)
	assert waves_api.progress(wave=wave.name)["status"] == "Completed"
