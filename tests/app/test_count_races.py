"""A bin under count never stays Counting with no count left (services.counts, "Bin status and locks").

Two approvals of counts of different items in one bin at the same time: each must see the other's
outcome, so the last one sets the bin Active. On MariaDB, before the Storage Bin row was locked and
the bin's counts read with a locking read, each approval could read the other's count as still
open from its REPEATABLE READ snapshot, and the bin stayed Counting for good.

What benchless can show: its single database write lock serializes two writing transactions whole,
and a read after waiting for it sees what the first committed; so the outcome test below passes
with or without the fix here (it shows the second approval waits and the bin ends Active). The
lock-order test is the one that pins the fix: the status decisions lock the Storage Bin row before
any other row, and read the bin's counts with a locking read (what makes InnoDB return the latest
committed rows under REPEATABLE READ).
"""

from __future__ import annotations

import pytest


def two_counts_awaiting_approval():
	"""Bin A-01 holds X and Y; a short pick of each opened a count; each count was submitted
	outside tolerance (awaiting approval). Returns the two Count tasks and the bin."""
	import frappe

	from tests import factories
	from tests.app.outbound_fixtures import outbound_defaults, outbound_floor, put_stock, so_lines, tasks_of
	from wms_module.services.counts import submit_count
	from wms_module.services.picking import ConfirmPick, confirm_pick

	outbound_defaults(count_variance_tolerance_qty=0, count_variance_tolerance_percent=0)
	site = outbound_floor("A-01")
	counts = []
	items = [factories.make_item(), factories.make_item()]
	for item in items:  # stock first: puts into a Counting bin are refused
		put_stock(site, item, "A-01", 10)
	picks = []
	for item in items:  # both orders first: a Counting bin is not allocated
		so = factories.make_sales_order(items=so_lines(site, (item, 5)))
		picks.append(tasks_of(so.name, task_type="Pick", source_bin=site.bins["A-01"])[0])
	for item, t in zip(items, picks, strict=True):
		count = confirm_pick(
			ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=4, short=True)
		).count_task
		out = submit_count(task=count, bin_scan="A-01", item_scan=item, counted_qty=5)  # books 6
		assert out["needs_approval"]
		counts.append(count)
	assert frappe.db.get_value("Storage Bin", site.bins["A-01"], "status") == "Counting"
	return {"counts": counts, "bin": site.bins["A-01"]}


def test_two_approvals_in_one_bin_at_once_leave_it_active(committed_site):
	import frappe

	from tests.app.outbound_fixtures import race
	from tests.harness import run_in_site

	data = run_in_site(committed_site, two_counts_awaiting_approval)

	def approve(task):
		from wms_module.services.counts import approve_count

		return approve_count(task=task)["bin_status"]

	first, second = data["counts"]
	outcomes = race(committed_site, approve, first, second)
	assert outcomes["second_waited"], "the second approval did not wait for the first's locks"
	assert outcomes["first"] == "Counting"  # the other count still held the bin
	assert outcomes["second"] == "Active", outcomes["second"]

	def state():
		return {
			"bin": frappe.db.get_value("Storage Bin", data["bin"], "status"),
			"tasks": frappe.get_all(
				"Warehouse Task", filters={"name": ["in", data["counts"]]}, pluck="status"
			),
		}

	after = run_in_site(committed_site, state, commit=False)
	assert after == {"bin": "Active", "tasks": ["Done", "Done"]}


class recorded_sql:
	"""``with recorded_sql() as queries:`` every statement sent to frappe.db.sql, lower-cased."""

	def __enter__(self):
		import frappe

		self.queries: list[str] = []
		db = frappe.db
		self.original = db.sql

		def sql(query, *args, **kwargs):
			self.queries.append(" ".join(str(query).split()).lower())
			return self.original(query, *args, **kwargs)

		db.sql = sql
		self.db = db
		return self.queries

	def __exit__(self, *exc):
		del self.db.sql  # the instance attribute; the class's method shows again


def locking(queries):
	return [q for q in queries if q.endswith(("for update", "lock in share mode"))]


def test_status_decisions_lock_the_storage_bin_first_and_read_counts_locking(frappe_site):
	import frappe

	from tests import factories
	from tests.app.outbound_fixtures import outbound_defaults, outbound_floor, put_stock, so_lines, tasks_of
	from wms_module.services.counts import approve_count, submit_count
	from wms_module.services.picking import ConfirmPick, confirm_pick

	outbound_defaults(count_variance_tolerance_qty=0, count_variance_tolerance_percent=0)
	site = outbound_floor("A-01")
	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	so = factories.make_sales_order(items=so_lines(site, (item, 5)))
	(t,) = tasks_of(so.name, task_type="Pick", source_bin=site.bins["A-01"])

	def check(queries):
		locks = locking(queries)
		assert locks and "from `tabstorage bin`" in locks[0], locks  # the Storage Bin row first
		reads_of_counts = [q for q in queries if "from `tabwarehouse task`" in q and "source_bin=%s" in q]
		assert reads_of_counts and all(q.endswith("lock in share mode") for q in reads_of_counts), (
			reads_of_counts
		)

	with recorded_sql() as queries:
		count = confirm_pick(
			ConfirmPick(task=t.name, bin_scan="A-01", item_scan=item, qty=4, short=True)
		).count_task
	check(queries)
	submit_count(task=count, bin_scan="A-01", item_scan=item, counted_qty=5)
	with recorded_sql() as queries:
		assert approve_count(task=count)["bin_status"] == "Active"
	check(queries)
	assert frappe.db.get_value("Warehouse Task", count, "status") == "Done"
