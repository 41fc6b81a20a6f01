"""A pick confirmation the database picks as a deadlock victim is run again, never a 500.

Found by the scale check (tools/realbench/scale_check.sh, 60 scanners on MariaDB): two
confirmations of neighbouring items into the same staging bin each lock the index gap where their
new Bin Stock row goes, then wait for each other's gap; MariaDB rolls one back (error 1213) and
Frappe answered it with HTTP 500. ``services.deadlocks.retry_on_deadlock`` now runs the victim
again from a rolled-back transaction.

- The retry itself, in both modes: the first run of a confirmation writes its ledger rows, then
  fails as a deadlock victim; the answer is the second run's, and the ledger holds one pick.
- The deadlock itself, on the real site: two threads stop after their locking read of the bins,
  then both insert their staging rows; MariaDB deadlocks them, one is retried, both picks are Done.
  The stand-in (SQLite) cannot deadlock: its locking read takes the database's write lock, so the
  second thread waits for the first to commit (stricter, never easier); there the test checks that
  both picks are Done and the second waited.
"""

from __future__ import annotations

import threading

from tests.conftest import SITE_MODE


def two_picks_into_one_staging_bin():
	"""Two items whose codes sit next to each other in every index, each with a Pick task from one
	order, and no stock of either in the staging bin yet."""
	import frappe

	from tests import factories
	from tests.app.outbound_fixtures import outbound_defaults, outbound_floor, put_stock, so_lines, tasks_of

	outbound_defaults()
	site = outbound_floor("A-01", "B-05")
	stem = f"DL-{frappe.generate_hash(length=6).upper()}"
	first, second = factories.make_item(f"{stem}-A"), factories.make_item(f"{stem}-B")
	put_stock(site, first, "A-01", 3)
	put_stock(site, second, "B-05", 3)
	so = factories.make_sales_order(items=so_lines(site, (first, 1), (second, 1)))
	tasks = {t.item_code: t.name for t in tasks_of(so.name)}
	return {
		"tasks": [(tasks[first], "A-01", first), (tasks[second], "B-05", second)],
		"staging": site.staging,
	}


def confirm_over_the_endpoint(task: str, bin_code: str, item: str) -> dict:
	from wms_module.api import picking as picking_api

	return picking_api.confirm(task=task, bin_scan=bin_code, item_scan=item, qty=1)


def ledger_of(tasks: list[str]) -> dict:
	import frappe

	return {
		"moves": sorted(
			frappe.get_all("Bin Ledger Entry", filters={"warehouse_task": ["in", tasks]}, pluck="qty")
		),
		"status": sorted(frappe.get_all("Warehouse Task", filters={"name": ["in", tasks]}, pluck="status")),
	}


def deadlock_after_writing(monkeypatch, *, times: int | None) -> list:
	"""Make services.bin_ledger.write_balances write, then raise MariaDB's deadlock error, the first
	``times`` calls (None: every call). Returns the list of the calls that raised."""
	import frappe

	from wms_module.services import bin_ledger

	write_balances = bin_ledger.write_balances
	raised = []

	def write_then_deadlock(*args, **kwargs):
		write_balances(*args, **kwargs)
		if times is None or len(raised) < times:
			raised.append(True)
			raise frappe.QueryDeadlockError("(1213, 'Deadlock found when trying to get lock')")

	monkeypatch.setattr(bin_ledger, "write_balances", write_then_deadlock)
	return raised


def test_a_confirmation_rolled_back_as_a_deadlock_victim_is_run_again_and_picks_once(
	committed_site, monkeypatch
):
	import frappe

	from tests.harness import run_in_site
	from wms_module.services import bin_ledger, deadlocks

	data = run_in_site(committed_site, two_picks_into_one_staging_bin)
	(task, bin_code, item), _other = data["tasks"]
	# the first run writes its ledger rows and balances, then is the deadlock victim...
	failed = deadlock_after_writing(monkeypatch, times=1)
	before = deadlocks.retried

	def confirm_and_commit():
		answer = confirm_over_the_endpoint(task, bin_code, item)
		frappe.db.commit()
		return answer

	answer = run_in_site(committed_site, confirm_and_commit)
	assert failed, "the confirmation never reached its balances: the test did not run the fault"
	assert answer["status"] == "Done", answer
	assert deadlocks.retried == before + 1
	# ...and none of them outlived the rollback: one move out of the bin, one into staging
	assert run_in_site(committed_site, lambda: ledger_of([task])) == {
		"moves": [-1.0, 1.0],
		"status": ["Done"],
	}


def test_a_confirmation_that_deadlocks_every_time_is_refused_after_the_attempts_and_picks_nothing(
	committed_site, monkeypatch
):
	import frappe

	from tests.harness import run_in_site
	from wms_module.services import bin_ledger, deadlocks

	data = run_in_site(committed_site, two_picks_into_one_staging_bin)
	(task, bin_code, item), _other = data["tasks"]
	runs = deadlock_after_writing(monkeypatch, times=None)
	untouched = run_in_site(committed_site, lambda: ledger_of([task]))

	def confirm_and_rollback():
		try:
			confirm_over_the_endpoint(task, bin_code, item)
		except frappe.QueryDeadlockError as e:
			frappe.db.rollback()  # what Frappe does with a request that raised
			return e
		return None

	error = run_in_site(committed_site, confirm_and_rollback)
	assert isinstance(error, frappe.QueryDeadlockError)
	assert len(runs) == deadlocks.ATTEMPTS
	assert untouched["moves"] == []
	assert run_in_site(committed_site, lambda: ledger_of([task])) == untouched


ROUNDS = 40
"""Whether two such confirmations deadlock depends on where the new rows' random names fall next to
the items' existing rows in the item_code index: both must land in the gap the other locked, one
chance in four (seen here: the first deadlock in rounds 1, 2 and 10). Forty rounds all missing it
is about one chance in 100,000; a round takes a third of a second, and the loop stops at the first."""


def test_two_confirmations_that_deadlock_on_the_staging_bin_both_pick(committed_site, monkeypatch):
	import frappe

	from tests.harness import run_in_site
	from wms_module.services import bin_ledger, deadlocks

	load_balances = bin_ledger.load_balances
	stopped = threading.local()
	waited = []
	gate: dict[str, threading.Barrier] = {}

	def read_then_wait_for_the_other(bins, items, *args, for_update=False, **kwargs):
		balances = load_balances(bins, items, *args, for_update=for_update, **kwargs)
		if for_update and getattr(stopped, "racing", False):
			stopped.racing = False  # only the first run stops: a retried run goes straight on
			try:
				gate["both_read"].wait()
			except threading.BrokenBarrierError:
				waited.append(True)  # the other could not read: it waits for this one's lock
		return balances

	monkeypatch.setattr(bin_ledger, "load_balances", read_then_wait_for_the_other)

	def confirm(task, bin_code, item, answers):
		frappe.init(committed_site.site, sites_path=committed_site.sites_path, force=True)
		frappe.connect(set_admin_as_user=False)
		frappe.set_user("Administrator")
		stopped.racing = True
		try:
			answers[task] = confirm_over_the_endpoint(task, bin_code, item)["status"]
			frappe.db.commit()
		except Exception as e:
			frappe.db.rollback()
			answers[task] = e
		finally:
			frappe.destroy()

	before = deadlocks.retried
	for _round in range(ROUNDS if SITE_MODE else 1):
		data = run_in_site(committed_site, two_picks_into_one_staging_bin)
		gate["both_read"] = threading.Barrier(2, timeout=3)
		answers: dict[str, object] = {}
		threads = [threading.Thread(target=confirm, args=(*args, answers)) for args in data["tasks"]]
		for t in threads:
			t.start()
		for t in threads:
			t.join(30)
		tasks = [t for t, _b, _i in data["tasks"]]
		assert answers == {t: "Done" for t in tasks}, answers
		assert run_in_site(committed_site, lambda tasks=tasks: ledger_of(tasks)) == {
			"moves": [-1.0, -1.0, 1.0, 1.0],
			"status": ["Done", "Done"],
		}
		if deadlocks.retried > before:
			break  # reproduced
	if SITE_MODE:
		assert deadlocks.retried > before, (
			f"MariaDB deadlocked none of {ROUNDS} pairs of confirmations: the test no longer reproduces "
			"the scale check's deadlock"
		)
	else:
		assert waited, "the stand-in let both confirmations read under lock at once"
