"""Bin denial: a short pick puts the bin under count and out of allocation; the count puts the books right.

Short pick -> a Count task (High priority, naming the short pick, one per bin and item) and the
bin Counting -> new orders are allocated elsewhere, picks already allocated there still confirm
-> the count is confirmed -> the bin is Active again, the difference sits in the unlocated bin,
and the bins still add up to ERPNext.
"""

from __future__ import annotations

from collections import defaultdict

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import (
	balance,
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
	tasks_of,
)
from tests.app.test_my_tasks import make_operator
from wms_module.api import counts as counts_api
from wms_module.services import moves, reconciliation
from wms_module.services.picking import ConfirmPick, confirm_pick
from wms_module.services.storage import storage_bin_name


@pytest.fixture
def site():
	outbound_defaults()
	return outbound_floor("A-01", "B-05", "R-01")


def count_tasks(bin_name: str, **filters) -> list:
	return frappe.get_all(
		"Warehouse Task",
		filters={"task_type": "Count", "source_bin": bin_name, **filters},
		fields=["*"],
		order_by="creation asc",
	)


def bin_status(bin_name: str) -> str:
	return frappe.db.get_value("Storage Bin", bin_name, "status")


def pick_task(so, bin_name):
	(t,) = tasks_of(so.name, task_type="Pick", source_bin=bin_name)
	return t


def assert_ledgers_agree(warehouse: str) -> None:
	"""Every Bin Stock balance is the sum of its bin-ledger rows, and the bins add up to ERPNext."""
	posted = defaultdict(float)
	for r in frappe.get_all(
		"Bin Ledger Entry",
		filters={"warehouse": warehouse},
		fields=["storage_bin", "item_code", "batch_no", "qty"],
	):
		posted[(r.storage_bin, r.item_code, r.batch_no or None)] += r.qty
	balances = {
		(r.storage_bin, r.item_code, r.batch_no or None): r.on_hand_qty
		for r in frappe.get_all(
			"Bin Stock",
			filters={"warehouse": warehouse},
			fields=["storage_bin", "item_code", "batch_no", "on_hand_qty"],
		)
	}
	assert {k: v for k, v in posted.items() if abs(v) > 1e-9} == {
		k: v for k, v in balances.items() if abs(v) > 1e-9
	}
	assert reconciliation.find_drift(warehouse) == []


def test_short_pick_counts_the_bin_and_new_orders_go_elsewhere_until_the_count(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 6)  # first received: FIFO takes A-01 first
	put_stock(site, item, "B-05", 2)
	a01 = site.bin("A-01")
	first = factories.make_sales_order(items=so_lines(site, (item, 1)))
	second = factories.make_sales_order(items=so_lines(site, (item, 1)))
	big = factories.make_sales_order(items=so_lines(site, (item, 4)))
	assert balance(a01, item) == {"on_hand": 6, "allocated": 6}

	# the bin holds 1 of the 4: a bin denial
	short = pick_task(big, a01)
	out = confirm_pick(ConfirmPick(task=short.name, bin_scan="A-01", item_scan=item, qty=1, short=True))
	assert out.status == "Exception" and out.short_qty == 3
	(count,) = count_tasks(a01)
	assert out.count_task == count.name
	assert (count.status, count.item_code, count.batch_no, count.qty) == ("Open", item, None, 5)
	assert count.priority == 1  # High
	assert (count.reference_doctype, count.reference_name) == ("Warehouse Task", short.name)
	assert short.name in count.exception_reason and "Short pick" in count.exception_reason
	assert big.name in count.exception_reason
	assert bin_status(a01) == "Counting"

	# picks other orders already hold in the bin still confirm; a second denial makes no second count
	assert (
		confirm_pick(
			ConfirmPick(task=pick_task(first, a01).name, bin_scan="A-01", item_scan=item, qty=1)
		).status
		== "Done"
	)
	again = confirm_pick(
		ConfirmPick(task=pick_task(second, a01).name, bin_scan="A-01", item_scan=item, qty=0, short=True)
	)
	assert again.count_task == count.name and len(count_tasks(a01)) == 1
	assert balance(a01, item) == {"on_hand": 4, "allocated": 0}  # the books still say 4

	# a new order is not sent to the bin the books call full: other bins, else short
	put_stock(site, item, "R-01", 2)
	late = factories.make_sales_order(items=so_lines(site, (item, 3)))
	late_tasks = tasks_of(late.name, task_type="Pick")
	assert a01 not in {t.source_bin for t in late_tasks}
	assert sorted((t.source_bin or "", t.status, t.qty) for t in late_tasks) == [
		("", "Exception", 1),
		(site.bin("R-01"), "Open", 2),
	]
	assert balance(a01, item).allocated == 0

	# the count finds the bin empty: the 4 go to the unlocated bin, the bin is Active again
	answer = counts_api.confirm(task=count.name, counted_qty=0)
	unlocated = storage_bin_name("UNLOCATED", site.warehouse)
	assert (answer["book_qty"], answer["counted_qty"], answer["difference"]) == (4, 0, -4)
	assert (answer["moved_to_unlocated"], answer["not_posted"], answer["bin_status"]) == (4, 0, "Active")
	done = frappe.get_doc("Warehouse Task", count.name)
	assert (done.status, done.counted_qty, done.confirmed_by) == ("Done", 0, "Administrator")
	assert "moved to the unlocated bin" in done.exception_reason
	assert bin_status(a01) == "Active"
	assert balance(a01, item).on_hand == 0 and balance(unlocated, item).on_hand == 4
	rows = frappe.get_all(
		"Bin Ledger Entry",
		filters={"warehouse_task": count.name},
		fields=["storage_bin", "qty", "movement_type", "voucher_type", "voucher_no"],
	)
	assert sorted((r.storage_bin, r.qty) for r in rows) == sorted([(a01, -4), (unlocated, 4)])
	assert {(r.movement_type, r.voucher_type, r.voucher_no) for r in rows} == {
		("Correction", "Warehouse Task", count.name)
	}
	assert_ledgers_agree(site.warehouse)
	with pytest.raises(frappe.ValidationError, match="nothing left to count"):
		counts_api.confirm(task=count.name, counted_qty=0)


def test_count_above_the_books_takes_from_the_unlocated_bin_and_reports_the_rest(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 5)
	a01 = site.bin("A-01")
	unlocated = storage_bin_name("UNLOCATED", site.warehouse)
	factories.receive_stock(item, site.warehouse, 1)
	moves.move_stock(moves.MoveStock(item_code=item, qty=1, from_bin=site.receiving, to_bin=unlocated))
	so = factories.make_sales_order(items=so_lines(site, (item, 5)))
	out = confirm_pick(
		ConfirmPick(task=pick_task(so, a01).name, bin_scan="A-01", item_scan=item, qty=2, short=True)
	)
	assert bin_status(a01) == "Counting" and balance(a01, item).on_hand == 3
	# the bin really holds 5 (the picker missed the back row): 1 known as unlocated, 1 unknown to ERPNext
	answer = counts_api.confirm(task=out.count_task, counted_qty=5)
	assert (answer["difference"], answer["taken_from_unlocated"], answer["not_posted"]) == (2, 1, 1)
	assert balance(a01, item).on_hand == 4 and balance(unlocated, item).on_hand == 0
	reason = frappe.db.get_value("Warehouse Task", out.count_task, "exception_reason")
	assert "1 more than ERPNext knows" in reason
	assert bin_status(a01) == "Active"
	assert_ledgers_agree(site.warehouse)


def test_count_confirm_is_for_supervisors_and_checks_its_input(site):
	item = factories.make_item()
	put_stock(site, item, "A-01", 3)
	so = factories.make_sales_order(items=so_lines(site, (item, 3)))
	pick = pick_task(so, site.bin("A-01"))
	out = confirm_pick(ConfirmPick(task=pick.name, bin_scan="A-01", item_scan=item, qty=1, short=True))
	with pytest.raises(frappe.ValidationError, match="counted_qty must be >= 0, got -1"):
		counts_api.confirm(task=out.count_task, counted_qty=-1)
	with pytest.raises(frappe.ValidationError, match="is a Pick task, not a count"):
		counts_api.confirm(task=pick.name, counted_qty=1)
	operator = make_operator("olga")
	frappe.set_user(operator)
	try:
		with pytest.raises(frappe.PermissionError):
			counts_api.confirm(task=out.count_task, counted_qty=2)
	finally:
		frappe.set_user("Administrator")
	assert bin_status(site.bin("A-01")) == "Counting"


def test_a_bin_stays_counting_while_another_item_is_counted_there(site):
	one, two = factories.make_item(), factories.make_item()
	put_stock(site, one, "A-01", 3)
	put_stock(site, two, "A-01", 3)
	a01 = site.bin("A-01")
	so = factories.make_sales_order(items=so_lines(site, (one, 2), (two, 2)))
	counts = [
		confirm_pick(
			ConfirmPick(task=pick_task_of(so, item).name, bin_scan="A-01", item_scan=item, qty=1, short=True)
		).count_task
		for item in (one, two)
	]
	assert len(set(counts)) == 2 and bin_status(a01) == "Counting"
	assert counts_api.confirm(task=counts[0], counted_qty=1)["bin_status"] == "Counting"
	assert counts_api.confirm(task=counts[1], counted_qty=2)["bin_status"] == "Active"
	assert_ledgers_agree(site.warehouse)


def pick_task_of(so, item):
	(t,) = tasks_of(so.name, task_type="Pick", item_code=item, status="Open")
	return t


def test_a_short_pick_costs_the_same_queries_whatever_the_wave_size(query_counter):
	from tests.app.outbound_fixtures import set_settings
	from tests.app.test_picking_queries import WAVE_BUDGET_SETTINGS, stock_many, wave_of

	counts = {}
	frappe.get_roles()  # warm the roles cache, as a running site has it (who may confirm what)
	for n_orders in (2, 20):
		set_settings(**WAVE_BUDGET_SETTINGS)
		site = outbound_floor("A-01", "B-05")
		items = [factories.make_item(barcode=None) for _ in range(4)]
		stock_many(site, items, "A-01", 100)
		stock_many(site, items, "B-05", 100)
		orders = wave_of(site, n_orders, items)
		t = tasks_of(orders[0])[0]
		with query_counter() as q:
			out = confirm_pick(
				ConfirmPick(task=t.name, bin_scan="A-01", item_scan=t.item_code, qty=0, short=True)
			)
		assert out.count_task and len(out.reallocated_tasks) == 1
		counts[n_orders] = q.count
	print(f"short pick (count task + re-allocation) in a wave of 2 / 20 orders: {counts} queries")
	assert counts[2] == counts[20], counts
	# 30: a normal confirm, the re-allocation, 3 for the count, 4 to place the new task in the tour's
	# walking order (services.tours.place_in_tour), 1 to name its bin in the answer and 3 for the
	# labour log (services.labor.record_pick: the labour settings, the labour context, the INSERT)
	assert counts[20] <= 30, counts
