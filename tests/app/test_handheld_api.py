"""What the demo walk-through over HTTP found: the endpoints as a handheld or a desk form calls them.

The API functions are called in-process; under tests Frappe's argument type validation runs
as in a request, so a JSON array sent as a form field arrives as the string it is over HTTP.
"""

from __future__ import annotations

import json

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import (
	WAVE_DEFAULTS,
	balance,
	new_wave,
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
	tasks_of,
)
from wms_module.api import bins as bins_api
from wms_module.api import waves as waves_api
from wms_module.services import waves
from wms_module.services.picking import ConfirmPick, confirm_pick


@pytest.fixture
def site():
	outbound_defaults(**WAVE_DEFAULTS)
	return outbound_floor("A-01", "B-05", "R-01")


def barcode_of(bin_name: str) -> str:
	return frappe.db.get_value("Storage Bin", bin_name, "barcode")


def test_wave_create_and_release_take_the_json_array_a_form_post_sends(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	wave = waves_api.create(warehouse=site.warehouse, sales_orders=json.dumps([so.name]))
	assert wave["status"] == "Planned" and [o["sales_order"] for o in wave["orders"]] == [so.name]
	released = waves_api.release(wave=wave["name"], operators=json.dumps(["Administrator"]))
	assert released["status"] == "Released"
	assert {t.assigned_to for t in tasks_of(so.name, task_type="Pick")} == {"Administrator"}
	with pytest.raises(frappe.ValidationError, match="operators must be a JSON list"):
		waves_api.release(wave=wave["name"], operators='["a", 1')


def test_bin_contents_and_move_take_the_bin_code_or_scanned_barcode(site):
	"""A code or barcode names a bin within a warehouse (a real site has an A-01 in many), so the
	handheld sends its warehouse with it; the bin's name stands alone."""
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	a01, here = site.bin("A-01"), site.warehouse
	expected = [{"item_code": item, "batch_no": None, "on_hand": 5.0, "allocated": 0.0}]
	assert bins_api.contents(storage_bin="A-01", warehouse=here) == expected
	assert bins_api.contents(storage_bin=barcode_of(a01), warehouse=here) == expected
	assert bins_api.contents(storage_bin=a01) == expected
	with pytest.raises(frappe.DoesNotExistError, match="no Storage Bin has this name, code or barcode"):
		bins_api.contents(storage_bin="A-01-99", warehouse=here)  # unknown: refused, not answered as empty

	moved = bins_api.move(item_code=item, qty=2, from_bin=barcode_of(a01), to_bin="b-05", warehouse=here)
	assert moved["moved"] == 2
	assert balance(a01, item).on_hand == 3 and balance(site.bin("B-05"), item).on_hand == 2
	with pytest.raises(frappe.DoesNotExistError, match="to_bin"):
		bins_api.move(item_code=item, qty=1, from_bin="A-01", to_bin="Z-99", warehouse=here)
	# an unknown warehouse is refused by name (it used to be ignored), and nothing moves
	for call in (
		lambda: bins_api.move(item_code=item, qty=1, from_bin=a01, to_bin="B-05", warehouse="Nowhere - X"),
		lambda: bins_api.contents(storage_bin=a01, warehouse="Nowhere - X"),
	):
		with pytest.raises(frappe.DoesNotExistError, match="Nowhere - X.* does not exist") as e:
			call()
		assert e.value.http_status_code == 404
	assert balance(a01, item).on_hand == 3


def test_a_bin_code_in_two_warehouses_needs_the_warehouse(site):
	other = outbound_floor("A-01")
	item = factories.make_item()
	put_stock(other, item, "A-01", 4)
	with pytest.raises(frappe.ValidationError, match="several warehouses"):
		bins_api.contents(storage_bin="A-01")
	rows = bins_api.contents(storage_bin="A-01", warehouse=other.warehouse)
	assert [(r["item_code"], r["on_hand"]) for r in rows] == [(item, 4.0)]
	assert bins_api.contents(storage_bin="A-01", warehouse=site.warehouse) == []


def test_moving_a_batch_item_without_batch_says_which_batches_the_bin_holds(site):
	item = factories.make_item(has_batch_no=1)
	batch = factories.make_batch(item)
	put_stock(site, item, "A-01", 3, batch_no=batch)
	where = {"from_bin": "A-01", "to_bin": "B-05", "warehouse": site.warehouse}
	with pytest.raises(frappe.ValidationError, match=f"batch-tracked: give batch_no .*{batch}"):
		bins_api.move(item_code=item, qty=1, **where)
	bins_api.move(item_code=item, qty=1, **where, batch_no=batch)
	assert balance(site.bin("B-05"), item, batch).on_hand == 1


def test_wave_units_count_a_short_pick_covered_from_another_bin_once(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 2)
	put_stock(site, item, "B-05", 6)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	wave = waves.plan_wave(wave_name=new_wave(site, [so.name]).name)
	waves.release_wave(wave_name=wave.name, operators=["Administrator"])
	(t,) = tasks_of(so.name, task_type="Pick")
	out = confirm_pick(
		ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=1, short=True, tote=t.tote)
	)
	(new,) = out.reallocated_tasks
	assert out.wave_progress["total_qty"] == 2  # the ordered qty, not 2 + the re-issued 1
	last = confirm_pick(ConfirmPick(task=new, bin_scan="B-05", item_scan=item, qty=1, tote=t.tote))
	assert last.wave_progress["status"] == "Completed"
	assert (last.wave_progress["picked_qty"], last.wave_progress["percent_units"]) == (2, 100)
	assert waves_api.progress(wave=wave.name)["percent_units"] == 100


def test_wave_units_keep_an_uncovered_shortage_and_progress_refuses_an_unknown_wave(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 2)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	wave = waves.plan_wave(wave_name=new_wave(site, [so.name]).name)
	waves.release_wave(wave_name=wave.name, operators=["Administrator"])
	(t,) = tasks_of(so.name, task_type="Pick")
	out = confirm_pick(
		ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=1, short=True, tote=t.tote)
	)
	assert out.reallocated_tasks == []
	assert (out.wave_progress["total_qty"], out.wave_progress["percent_units"]) == (2, 50)
	with pytest.raises(frappe.DoesNotExistError, match="WAVE-NOPE"):
		waves_api.progress(wave="WAVE-NOPE")
