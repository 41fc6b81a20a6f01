"""Counts on the handheld: operators see the bins to count (blind), count them with scans, and a
supervisor approves or orders a recount of what is outside the variance tolerance.

Short pick -> Count task -> the operator's list shows bin and item, never the book qty -> the
operator scans bin and item and sends the count -> within tolerance it posts at once, outside it
nothing moves until a supervisor approves (or reopens it for a recount); a pick confirmed between
the count and the approval stays picked. After each path the bins still add up to ERPNext.
"""

from __future__ import annotations

import frappe
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import factories
from tests.app.outbound_fixtures import (
	balance,
	make_bin,
	outbound_defaults,
	outbound_floor,
	put_stock,
	set_settings,
	so_lines,
	tasks_of,
)
from tests.app.test_bin_denial_count import assert_ledgers_agree
from tests.app.test_my_tasks import here, make_operator
from wms_module.api import counts as counts_api
from wms_module.api import picking as picking_api
from wms_module.exceptions import ScanMismatchError
from wms_module.services import picking, task_lists
from wms_module.services.counts import CountTolerance
from wms_module.services.picking import ConfirmPick, confirm_pick
from wms_module.services.storage import storage_bin_name


@pytest.fixture
def site():
	outbound_defaults(count_variance_tolerance_qty=0, count_variance_tolerance_percent=0)
	return outbound_floor("A-01", "B-05", "R-01")


@pytest.fixture
def operator():
	return make_operator("cora")


class acting_as:
	"""``with acting_as(user):`` runs the block as ``user``, then Administrator again."""

	def __init__(self, user):
		self.user = user

	def __enter__(self):
		frappe.set_user(self.user)

	def __exit__(self, *exc):
		frappe.set_user("Administrator")


def denial(site, item, code, *, stock, ordered, found) -> str:
	"""Put ``stock`` of ``item`` in bin ``code``, order ``ordered``, short-pick ``found``: the Count task."""
	put_stock(site, item, code, stock)
	so = factories.make_sales_order(items=so_lines(site, (item, ordered)))
	(t,) = tasks_of(so.name, task_type="Pick", source_bin=site.bin(code))
	out = confirm_pick(ConfirmPick(task=t.name, bin_scan=code, item_scan=item, qty=found, short=True))
	assert out.count_task
	return out.count_task


def task(name) -> frappe._dict:
	return frappe.get_all("Warehouse Task", filters={"name": name}, fields=["*"])[0]


def count_ledger_rows(name) -> list:
	return frappe.get_all("Bin Ledger Entry", filters={"warehouse_task": name}, fields=["storage_bin", "qty"])


def test_the_operator_sees_counts_blind_by_priority_then_walking_order(site, operator, query_counter):
	for code, seq in (("A-01", 30), ("B-05", 10), ("R-01", 20)):
		frappe.db.set_value("Storage Bin", site.bin(code), "pick_sequence", seq)
	items = [factories.make_item() for _ in range(4)]
	make_bin(site, "C-07", "PICK", aisle=2, bay=7)
	a01 = denial(site, items[0], "A-01", stock=17, ordered=5, found=4)  # books 13
	b05 = denial(site, items[1], "B-05", stock=17, ordered=5, found=4)
	r01 = denial(site, items[2], "R-01", stock=17, ordered=5, found=4)
	theirs = denial(site, items[3], "C-07", stock=17, ordered=5, found=4)
	frappe.db.set_value("Warehouse Task", r01, "priority", 2)  # Urgent: counted first
	frappe.db.set_value(
		"Warehouse Task", theirs, {"assigned_to": make_operator("otto"), "status": "Assigned"}
	)
	assert task(a01).qty == 13 and "13" in task(a01).exception_reason  # the books, on the task

	# (a real site may hold other warehouses' open counts, which every operator is offered too)
	with acting_as(operator):
		every = picking_api.my_tasks(task_type="Count")
		rows = here(every, site)
		assert here(picking_api.my_tasks(), site) == rows  # no released wave: the whole list is the counts
		assert here(picking_api.my_tasks(task_type="Pick"), site) == []
	with query_counter() as q:
		assert task_lists.my_tasks(user=operator, task_type="Count") == every
	assert q.count <= 3, (
		q.queries
	)  # the tasks, their bins' codes, their items' barcodes (whatever their number)
	# urgent first, then the walk (B-05 before A-01); another operator's count is not offered
	assert [(r["name"], r["source_bin_code"], r["item_code"]) for r in rows] == [
		(r01, "R-01", items[2]),
		(b05, "B-05", items[1]),
		(a01, "A-01", items[0]),
	]
	for row in rows:
		assert row["task_type"] == "Count" and row["qty"] is None and row["exception_reason"] is None
		assert 13 not in row.values() and not any("books" in str(v) for v in row.values())
	with pytest.raises(frappe.ValidationError, match="task_type must be Pick, Putaway or Count"):
		task_lists.my_tasks(user=operator, task_type="Move")


def test_a_wrong_bin_or_item_scan_is_refused_and_nothing_is_recorded(site, operator):
	item, other = factories.make_item(), factories.make_item()
	put_stock(site, other, "B-05", 1)
	count = denial(site, item, "A-01", stock=6, ordered=4, found=2)
	with acting_as(operator):
		with pytest.raises(ScanMismatchError, match=f"scanned B-05, but task {count} counts bin A-01"):
			counts_api.submit(task=count, bin_scan="B-05", item_scan=item, counted_qty=4)
		with pytest.raises(ScanMismatchError, match=f"Wrong item: scanned {other}.* counts item {item}"):
			counts_api.submit(task=count, bin_scan="A-01", item_scan=other, counted_qty=4)
		with pytest.raises(frappe.ValidationError, match="counted_qty is missing"):
			counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=None)
	t = task(count)
	assert (t.status, t.counted_by, t.counted_on, t.counted_qty) == ("Open", None, None, 0)
	assert count_ledger_rows(count) == []
	# a count assigned to someone else is theirs
	frappe.db.set_value("Warehouse Task", count, {"assigned_to": make_operator("otto"), "status": "Assigned"})
	with acting_as(operator), pytest.raises(frappe.PermissionError, match="assigned to"):
		counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=4)


def test_a_count_within_tolerance_posts_at_once_and_frees_the_bin(site, operator, query_counter):
	set_settings(count_variance_tolerance_qty=1)
	item = factories.make_item()
	count = denial(site, item, "A-01", stock=6, ordered=4, found=2)  # books 4
	a01, unlocated = site.bin("A-01"), storage_bin_name("UNLOCATED", site.warehouse)
	with acting_as(operator), query_counter() as q:
		answer = counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=3)
	print(f"operator count within tolerance: {q.count} queries")
	assert (answer["status"], answer["posted"], answer["needs_approval"]) == ("Done", True, False)
	assert "book_qty" not in answer and "difference" not in answer  # blind, also after the count
	t = task(count)
	assert (t.status, t.counted_qty, t.counted_by, t.confirmed_by, t.book_qty_at_count) == (
		"Done",
		3,
		operator,
		operator,
		4,
	)
	assert t.counted_on and t.completed_on
	assert frappe.db.get_value("Storage Bin", a01, "status") == "Active"
	assert balance(a01, item).on_hand == 3 and balance(unlocated, item).on_hand == 1
	assert sorted((r.storage_bin, r.qty) for r in count_ledger_rows(count)) == sorted(
		[(a01, -1), (unlocated, 1)]
	)
	assert_ledgers_agree(site.warehouse)
	# 19 = 16 + the labour log's 3 (services.labor.record_count): the labour settings, the labour
	# context (Employee, last row, task creation in one SELECT) and the log's INSERT
	assert q.count <= 19, q.queries


def test_tolerance_is_the_larger_of_units_and_percent_of_the_books(site, operator):
	set_settings(count_variance_tolerance_qty=1, count_variance_tolerance_percent=50)
	item = factories.make_item()
	count = denial(site, item, "A-01", stock=6, ordered=4, found=2)  # books 4: 50% is 2 units
	with acting_as(operator):
		assert (
			counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=1)["posted"] is False
		)
	counts_api.recount(task=count)
	with acting_as(operator):
		assert counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=2)["posted"] is True
	assert balance(site.bin("A-01"), item).on_hand == 2
	assert_ledgers_agree(site.warehouse)


@given(
	variance=st.floats(-1000, 1000, allow_nan=False),
	book=st.floats(0, 1000, allow_nan=False),
	qty=st.floats(0, 100, allow_nan=False),
	percent=st.floats(0, 100, allow_nan=False),
)
def test_tolerance_is_symmetric_and_zero_means_exact(variance, book, qty, percent):
	tolerance = CountTolerance(qty=qty, percent=percent)
	assert tolerance.allows(variance, book) == tolerance.allows(-variance, book)
	assert tolerance.allows(0, book)
	assert CountTolerance().allows(variance, book) == (abs(variance) <= 1e-9)
	if tolerance.allows(variance, book):  # a wider tolerance allows what a narrower one did
		assert CountTolerance(qty=qty + 1, percent=percent).allows(variance, book)


def test_outside_tolerance_nothing_is_posted_until_a_supervisor_approves(site, operator, query_counter):
	item = factories.make_item()
	count = denial(site, item, "A-01", stock=6, ordered=4, found=2)  # books 4
	a01, unlocated = site.bin("A-01"), storage_bin_name("UNLOCATED", site.warehouse)
	with acting_as(operator):
		with query_counter() as q:
			answer = counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=1)
		print(f"operator count outside tolerance: {q.count} queries")
		assert (answer["status"], answer["posted"], answer["needs_approval"]) == (
			"Awaiting Approval",
			False,
			True,
		)
		assert "book_qty" not in answer
		t = task(count)
		assert t.exception_reason.startswith("Variance -3, needs supervisor approval")
		assert (t.counted_qty, t.counted_by, t.book_qty_at_count) == (1, operator, 4)
		# nothing moved, the bin is still out of allocation
		assert count_ledger_rows(count) == [] and balance(a01, item).on_hand == 4
		assert frappe.db.get_value("Storage Bin", a01, "status") == "Counting"
		assert balance(unlocated, item).on_hand == 0
		assert_ledgers_agree(site.warehouse)
		# the operator can neither approve nor count it again nor see it in the list
		for action in (counts_api.approve, counts_api.recount):
			with pytest.raises(frappe.PermissionError) as e:
				action(task=count)
			assert e.value.http_status_code == 403
		with pytest.raises(frappe.ValidationError, match="awaits a supervisor"):
			counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=4)
		assert here(picking_api.my_tasks(task_type="Count"), site) == []
	assert task(count).status == "Awaiting Approval" and count_ledger_rows(count) == []

	with query_counter() as q:
		approved = counts_api.approve(task=count)
	print(f"supervisor approval: {q.count} queries")
	assert (approved["book_qty_at_count"], approved["counted_qty"], approved["difference"]) == (4, 1, -3)
	assert (approved["moved_to_unlocated"], approved["moved_since_count"], approved["bin_status"]) == (
		3,
		0,
		"Active",
	)
	assert (approved["counted_by"], approved["approved_by"]) == (operator, "Administrator")
	t = task(count)
	assert (t.status, t.counted_by, t.confirmed_by) == ("Done", operator, "Administrator")
	assert balance(a01, item).on_hand == 1 and balance(unlocated, item).on_hand == 3
	assert_ledgers_agree(site.warehouse)
	with pytest.raises(frappe.ValidationError, match="is Done; there is nothing left to count"):
		counts_api.approve(task=count)
	assert q.count <= 16, q.queries


def test_a_recount_reopens_the_count_blind_and_posts_nothing(site, operator):
	item = factories.make_item()
	count = denial(site, item, "A-01", stock=6, ordered=4, found=2)  # books 4
	a01 = site.bin("A-01")
	with pytest.raises(frappe.ValidationError, match="no count awaits approval"):
		counts_api.recount(task=count)
	with acting_as(operator):
		counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=0)
	answer = counts_api.recount(task=count)
	assert (answer["status"], answer["rejected_count"], answer["rejected_counted_by"]) == (
		"Open",
		0,
		operator,
	)
	assert answer["bin_status"] == "Counting"
	t = task(count)
	assert (t.status, t.counted_qty, t.counted_by, t.counted_on, t.book_qty_at_count) == (
		"Open",
		0,
		None,
		None,
		0,
	)
	assert t.exception_reason.startswith("Recount ordered by Administrator")
	assert count_ledger_rows(count) == [] and balance(a01, item).on_hand == 4
	# back on the list, still blind; the recount matches the books: nothing to move, the bin is free
	recounter = make_operator("rita")
	with acting_as(recounter):
		(row,) = here(picking_api.my_tasks(task_type="Count"), site)
		assert row["name"] == count and row["qty"] is None and row["exception_reason"] is None
		answer = counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=4)
	assert (answer["status"], answer["posted"]) == ("Done", True)
	assert count_ledger_rows(count) == [] and balance(a01, item).on_hand == 4
	assert frappe.db.get_value("Storage Bin", a01, "status") == "Active"
	assert task(count).counted_by == recounter
	assert_ledgers_agree(site.warehouse)


def two_orders_at_a01(site, item):
	"""A-01 holds 6; an order of 1 waits there, an order of 4 is short-picked (1 found): books 5."""
	put_stock(site, item, "A-01", 6)
	first = factories.make_sales_order(items=so_lines(site, (item, 1)))
	big = factories.make_sales_order(items=so_lines(site, (item, 4)))
	(short,) = tasks_of(big.name, task_type="Pick", source_bin=site.bin("A-01"))
	count = confirm_pick(
		ConfirmPick(task=short.name, bin_scan="A-01", item_scan=item, qty=1, short=True)
	).count_task
	(waiting,) = tasks_of(first.name, task_type="Pick", source_bin=site.bin("A-01"))
	return count, waiting


def test_a_pick_between_the_count_and_the_approval_stays_picked(site, operator):
	item = factories.make_item()
	count, waiting = two_orders_at_a01(site, item)
	a01, unlocated = site.bin("A-01"), storage_bin_name("UNLOCATED", site.warehouse)
	assert balance(a01, item).on_hand == 5
	with acting_as(operator):  # the bin really holds 3
		counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=3)
	# before the approval a picker takes 1 of those 3 for the order already allocated there
	assert (
		confirm_pick(ConfirmPick(task=waiting.name, bin_scan="A-01", item_scan=item, qty=1)).status == "Done"
	)
	assert balance(a01, item).on_hand == 4
	answer = counts_api.approve(task=count)
	# the bin holds what was counted less what was picked since: 3 - 1, not the count itself
	assert (answer["book_qty_at_count"], answer["book_qty"], answer["moved_since_count"]) == (5, 4, -1)
	assert (answer["difference"], answer["moved_to_unlocated"]) == (-2, 2)
	assert balance(a01, item).on_hand == 2 and balance(unlocated, item).on_hand == 2
	assert "4 now, -1 since" in task(count).exception_reason
	assert_ledgers_agree(site.warehouse)


def test_an_approval_the_picks_since_contradict_is_refused(site, operator):
	item = factories.make_item()
	count, waiting = two_orders_at_a01(site, item)
	a01 = site.bin("A-01")
	with acting_as(operator):  # counted nothing, yet the picker then finds one
		counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=0)
	assert (
		confirm_pick(ConfirmPick(task=waiting.name, bin_scan="A-01", item_scan=item, qty=1)).status == "Done"
	)
	with pytest.raises(frappe.ValidationError, match="more than the count found.*order a recount"):
		counts_api.approve(task=count)
	assert task(count).status == "Awaiting Approval" and count_ledger_rows(count) == []
	assert balance(a01, item).on_hand == 4
	assert counts_api.recount(task=count)["status"] == "Open"
	assert_ledgers_agree(site.warehouse)


def test_a_count_awaiting_approval_holds_the_bin_like_an_open_one(site, operator):
	item, other = factories.make_item(), factories.make_item()
	put_stock(site, other, "A-01", 3)
	other_order = factories.make_sales_order(items=so_lines(site, (other, 2)))
	count, waiting = two_orders_at_a01(site, item)
	a01 = site.bin("A-01")
	with acting_as(operator):
		counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=2)
	# another denial of the same bin and item finds the count awaiting approval: no second count
	out = confirm_pick(ConfirmPick(task=waiting.name, bin_scan="A-01", item_scan=item, qty=0, short=True))
	assert out.count_task == count
	assert len(frappe.get_all("Warehouse Task", filters={"task_type": "Count", "item_code": item})) == 1
	# another item's count closing does not free the bin while this one waits
	(other_pick,) = tasks_of(other_order.name, task_type="Pick", source_bin=a01)
	other_count = confirm_pick(
		ConfirmPick(task=other_pick.name, bin_scan="A-01", item_scan=other, qty=1, short=True)
	).count_task
	assert counts_api.confirm(task=other_count, counted_qty=2)["bin_status"] == "Counting"
	assert counts_api.approve(task=count)["bin_status"] == "Active"
	assert balance(a01, item).on_hand == 2
	assert_ledgers_agree(site.warehouse)


def test_a_count_stored_as_exception_before_awaiting_approval_existed_is_migrated_and_approvable(
	site, operator
):
	"""patches/v0_2/count_awaiting_approval: rows written before the status existed (a count awaiting
	a supervisor stored as Exception) become Awaiting Approval, and the supervisor's approve works."""
	from wms_module.patches.v0_2 import count_awaiting_approval

	item = factories.make_item()
	count = denial(site, item, "A-01", stock=6, ordered=4, found=2)  # books 4
	with acting_as(operator):
		counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=3)
	frappe.db.set_value("Warehouse Task", count, "status", "Exception", update_modified=False)  # old data
	count_awaiting_approval.execute()
	assert task(count).status == "Awaiting Approval"
	assert counts_api.approve(task=count)["counted_qty"] == 3
	assert task(count).status == "Done"
