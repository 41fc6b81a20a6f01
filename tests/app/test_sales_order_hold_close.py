"""A Sales Order put On Hold or Closed in ERPNext stops its picking; Resume / Re-open picks it again.

The orders change status the way the desk does it: ERPNext's whitelisted
``erpnext.selling.doctype.sales_order.sales_order.update_status(status, name)`` (Hold sends
"On Hold", Close "Closed", Resume and Re-open "Draft"), which reaches the app through the
Sales Order ``on_change`` doc_event (see wms_module/events/sales_order.py).
"""

from __future__ import annotations

import frappe
import pytest
from erpnext.selling.doctype.sales_order.sales_order import update_status
from frappe.utils import add_days, nowdate

from tests import factories
from tests.app.outbound_fixtures import (
	WAVE_DEFAULTS,
	balance,
	confirm_all,
	new_wave,
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
	tasks_of,
)
from wms_module.services import waves
from wms_module.services.picking import ConfirmPick, confirm_pick

ACTIVE = ["in", ["Open", "Assigned", "In Progress"]]


@pytest.fixture
def site():
	outbound_defaults(**WAVE_DEFAULTS)
	return outbound_floor("A-01", "B-05", "C-07")


def picks(so_name, **filters):
	return tasks_of(so_name, task_type="Pick", **filters)


def bin_code(bin_name):
	return frappe.db.get_value("Storage Bin", bin_name, "bin_code")


def test_hold_releases_the_bins_for_another_order_and_resume_picks_again(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	held = factories.make_sales_order(items=so_lines(site, (item, 5)))
	assert balance(site.bin("A-01"), item).allocated == 5

	update_status("On Hold", held.name)

	(task,) = picks(held.name)
	assert task.status == "Cancelled"
	assert task.exception_reason == f"Sales Order {held.name} was put On Hold"
	assert balance(site.bin("A-01"), item) == {"on_hand": 5, "allocated": 0}
	other = factories.make_sales_order(items=so_lines(site, (item, 3)))  # the freed units go to it
	assert [(t.source_bin, t.qty) for t in picks(other.name, status=ACTIVE)] == [(site.bin("A-01"), 3)]

	update_status("Draft", held.name)  # Resume

	assert frappe.db.get_value("Sales Order", held.name, "status") == "To Deliver and Bill"
	resumed = picks(held.name, status=["!=", "Cancelled"])
	assert [(t.status, t.qty) for t in resumed if t.source_bin] == [("Open", 2)]
	assert [(t.status, t.qty) for t in resumed if not t.source_bin] == [("Exception", 3)]  # the rest: short
	assert balance(site.bin("A-01"), item).allocated == 5


def test_hold_twice_or_a_status_change_on_another_path_does_nothing_more(site, query_counter):
	from wms_module.events.sales_order import on_change

	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	doc = frappe.get_doc("Sales Order", so.name)
	with query_counter() as q:
		on_change(doc)  # after any other save / db_set of an open order: no query
	assert q.count == 0, q.queries

	update_status("On Hold", so.name)
	update_status("On Hold", so.name)
	assert [t.status for t in picks(so.name)] == ["Cancelled"]
	assert balance(site.bin("A-01"), item).allocated == 0


def test_close_with_picks_made_returns_the_staged_stock_and_reopen_ships_it(site):
	item, other_item = factories.make_item(), factories.make_item()
	put_stock(site, item, "A-01", 5)
	put_stock(site, other_item, "B-05", 5)
	so = factories.make_sales_order(items=so_lines(site, (item, 4), (other_item, 2)))
	(picked,) = [t for t in picks(so.name) if t.item_code == item]
	confirm_pick(ConfirmPick(task=picked.name, bin_scan="A-01", item_scan=item, qty=4))
	assert balance(site.staging, item).on_hand == 4

	update_status("Closed", so.name)

	by_item = {t.item_code: t for t in picks(so.name)}
	assert by_item[item].status == "Done"  # picked stays picked
	assert by_item[other_item].status == "Cancelled"
	assert by_item[other_item].exception_reason == f"Sales Order {so.name} was Closed"
	assert balance(site.bin("B-05"), other_item).allocated == 0
	(back,) = tasks_of(so.name, task_type="Putaway")
	assert (back.status, back.item_code, back.qty) == ("Open", item, 4)
	assert (back.source_bin, back.destination_bin) == (site.staging, site.bin("A-01"))
	assert balance(site.staging, item).on_hand == 4  # waits in staging for the Putaway

	update_status("Draft", so.name)  # Re-open: the staged stock is the order's again

	assert tasks_of(so.name, task_type="Putaway")[0].status == "Cancelled"
	open_picks = picks(so.name, status=ACTIVE)
	assert [(t.item_code, t.qty) for t in open_picks] == [(other_item, 2)]  # not item: it is picked
	confirm_all(so.name)
	assert {t.status for t in picks(so.name, status=["!=", "Cancelled"])} == {"Done"}


def test_hold_stops_a_partly_picked_task_at_what_it_picked(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	so = factories.make_sales_order(items=so_lines(site, (item, 6)))
	(task,) = picks(so.name)
	confirm_pick(ConfirmPick(task=task.name, bin_scan="A-01", item_scan=item, qty=2))
	assert picks(so.name)[0].status == "In Progress"

	update_status("On Hold", so.name)

	(stopped,) = picks(so.name)
	assert (stopped.status, stopped.picked_qty, stopped.short_qty) == ("Exception", 2, 4)
	assert "stopped at 2 of 6 picked" in stopped.exception_reason
	assert balance(site.bin("A-01"), item) == {"on_hand": 8, "allocated": 0}
	assert tasks_of(so.name, task_type="Putaway") == []  # On Hold: the 2 wait in staging
	assert balance(site.staging, item).on_hand == 2
	with pytest.raises(frappe.ValidationError):
		confirm_pick(ConfirmPick(task=stopped.name, bin_scan="A-01", item_scan=item, qty=1))

	update_status("Draft", so.name)
	assert [t.qty for t in picks(so.name, status=ACTIVE)] == [4]


def test_a_held_order_leaves_its_planned_wave_which_is_planned_again(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	put_stock(site, item, "C-07", 10)
	held = factories.make_sales_order(items=so_lines(site, (item, 8)))
	kept = factories.make_sales_order(items=so_lines(site, (item, 6)))
	wave = new_wave(site, [held.name, kept.name])
	waves.plan_wave(wave_name=wave.name)
	assert frappe.db.get_value("Pick Wave", wave.name, "total_qty") == 14

	update_status("On Hold", held.name)

	wave = frappe.get_doc("Pick Wave", wave.name)
	assert wave.status == "Planned"
	assert [r.sales_order for r in wave.orders] == [kept.name]
	assert wave.orders[0].lines == 1
	assert (wave.total_lines, wave.total_qty, wave.percent_units) == (1, 6, 0)
	assert sum(t.tasks for t in wave.tours) == len(picks(kept.name, status=ACTIVE))
	assert all(t.pick_wave is None for t in picks(held.name))
	assert {t.pick_wave for t in picks(kept.name)} == {wave.name}
	# it can be released and picked as usual
	waves.release_wave(wave_name=wave.name)
	confirm_all(kept.name)
	assert frappe.db.get_value("Pick Wave", wave.name, ["status", "percent_units"]) == ("Completed", 100)


def test_a_wave_left_with_nothing_to_pick_goes_back_to_draft(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	so = factories.make_sales_order(items=so_lines(site, (item, 3)))
	wave = new_wave(site, [so.name])
	waves.plan_wave(wave_name=wave.name)

	update_status("Closed", so.name)

	wave = frappe.get_doc("Pick Wave", wave.name)
	assert (wave.status, wave.orders, wave.tours, wave.total_qty) == ("Draft", [], [], 0)
	assert balance(site.bin("A-01"), item).allocated == 0


def test_a_released_wave_keeps_the_order_row_and_completes_without_its_cancelled_tasks(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	held = factories.make_sales_order(items=so_lines(site, (item, 2)))
	kept = factories.make_sales_order(items=so_lines(site, (item, 3)))
	wave = new_wave(site, [held.name, kept.name])
	waves.release_wave(wave_name=wave.name)

	update_status("On Hold", held.name)

	assert [r.sales_order for r in frappe.get_doc("Pick Wave", wave.name).orders] == [held.name, kept.name]
	assert frappe.db.get_value("Pick Wave", wave.name, "total_qty") == 3
	confirm_all(kept.name)
	assert frappe.db.get_value("Pick Wave", wave.name, ["status", "percent_units"]) == ("Completed", 100)


def test_a_held_order_is_not_allocated_by_edits_on_demand_or_waves(site):
	from wms_module.api.picking import create_pick_tasks

	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	so = factories.make_sales_order(items=so_lines(site, (item, 2)))
	update_status("On Hold", so.name)

	doc = frappe.get_doc("Sales Order", so.name)
	doc.delivery_date = doc.items[0].delivery_date = add_days(nowdate(), 3)
	doc.save()  # update after submit of a held order
	assert picks(so.name, status=ACTIVE) == []
	with pytest.raises(frappe.ValidationError, match="is On Hold"):
		create_pick_tasks(so.name)
	with pytest.raises(frappe.ValidationError, match="is On Hold"):
		new_wave(site, [so.name])
	assert balance(site.bin("A-01"), item).allocated == 0


def test_the_list_bulk_close_and_reopen_and_one_document_object_held_then_resumed(site):
	import json

	from erpnext.selling.doctype.sales_order.sales_order import close_or_unclose_sales_orders

	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	first = factories.make_sales_order(items=so_lines(site, (item, 2)))
	second = factories.make_sales_order(items=so_lines(site, (item, 3)))
	close_or_unclose_sales_orders(json.dumps([first.name, second.name]), "Closed")
	assert balance(site.bin("A-01"), item).allocated == 0
	close_or_unclose_sales_orders(json.dumps([first.name, second.name]), "Re-open")
	assert balance(site.bin("A-01"), item).allocated == 5

	doc = frappe.get_doc("Sales Order", first.name)
	doc.update_status("On Hold")
	assert balance(site.bin("A-01"), item).allocated == 3
	doc.update_status("Draft")  # the same object: its doc_before_save is still the open order
	assert balance(site.bin("A-01"), item).allocated == 5
	assert [t.qty for t in picks(first.name, status=ACTIVE)] == [2]


def test_a_draft_wave_naming_the_order_loses_its_row(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	held = factories.make_sales_order(items=so_lines(site, (item, 2)))
	kept = factories.make_sales_order(items=so_lines(site, (item, 3)))
	wave = new_wave(site, [held.name, kept.name])

	update_status("On Hold", held.name)

	assert [r.sales_order for r in frappe.get_doc("Pick Wave", wave.name).orders] == [kept.name]
	planned = waves.plan_wave(wave_name=wave.name)
	assert (planned.total_lines, planned.total_qty) == (1, 3)
