"""Bin denial and cycle counts: a short pick puts the bin under count; the count puts the books right.

A short pick (``services.picking.confirm_pick`` with ``short``) is a *bin denial*: the operator
found less than Bin Stock says. The books of that bin can no longer be trusted for that item, so

- ``open_count_after_denial`` creates a Count task (Warehouse Task type "Count") for the bin and
  the item / batch, High priority, its reason naming the short pick, at most one open Count
  task per (bin, item, batch), and sets the Storage Bin to status "Counting". Allocation takes
  only Active bins (``core.allocation``: ``status != active`` is never allocated; the services'
  ``allocatable_free`` likewise), so no new order is sent to the empty bin; moves out of a
  Counting bin are refused (``core.bins.plan_move``), puts into it too (``check_put``).
  Picks already allocated to the bin stay confirmable: those units were promised before the
  denial, the picker standing at the bin is the one who finds out what is there, and refusing
  would strand those orders (an open task's short pick re-allocates it as usual).
- Posting a count (``post_count``): the difference to the bin's books moves through the bin
  ledger (movement "Correction", voucher the Count task) between the bin and the warehouse's
  unlocated bin, inside one warehouse: ERPNext's stock is not touched, so the bins still add up
  to ERPNext (DESIGN.md section 3) and the unlocated bin shows the missing units for the Bin
  Stock Reconciliation report until someone finds them or books them off in ERPNext. A count
  above the books takes the surplus from the unlocated bin (stock whose place nobody knew);
  what the unlocated bin cannot give is not posted (ERPNext does not know those units: receive
  them in ERPNext first) and is reported as ``not_posted``. The Count task is closed and the bin
  set Active again when no other Count task holds it (open, or awaiting approval).

Three ways to a posted count:

- ``confirm_count`` (supervisor, ``api.counts.confirm``): the supervisor's own count; the book
  qty is read when it is confirmed, so a pick confirmed at the bin between the counting and the
  confirmation shifts the result by what it took.
- ``submit_count`` (operator on the handheld, ``api.counts.submit``): the bin and item scans are
  checked as for a pick (``services.scans.check_bin_scan`` / ``check_item_scan``), the count is
  recorded with who and when (``counted_by``, ``counted_on``) and the book qty of that moment
  (``book_qty_at_count``). The count is *blind*: the operator's task list never shows the book
  qty (``services.task_lists.my_tasks``) and the submit answer does not either. The variance
  (counted - book) is within tolerance when ``|variance| <= max(WMS Settings
  count_variance_tolerance_qty, count_variance_tolerance_percent % of the book qty)``; both are 0
  by default, so every variance needs a supervisor and only an exact count posts by itself.
  Within tolerance it posts at once; outside, NOTHING is posted, the task goes to "Awaiting
  Approval" ("Variance N, needs supervisor approval") and the bin stays Counting.
- ``approve_count`` (supervisor, ``api.counts.approve``) posts the operator's count; or
  ``recount_count`` (``api.counts.recount``) reopens the task with the count cleared.

Drift between submission and approval. Rule: approval applies ``counted - book_qty_at_count``
to the bin's *current* balance. Every change to a bin's on-hand qty goes through the bin ledger
(Bin Stock is the ledger's running sum), so ``current - book_qty_at_count`` is exactly what moved
in or out of the bin since the count (a pick confirmed there, in practice: moves and puts into a
Counting bin are refused), and the bin ends at ``counted + movements since the count``: what the
operator saw, less what was picked after. Example: books 5, counted 3, a pick of 1 confirmed
before the approval: the books are 4 at approval, the correction is -2, the bin ends at 2. An
approval that would take the bin below 0 (picks since the count took more than the count found:
the count was wrong) is refused; order a recount.

Count tasks Awaiting Approval hold the bin Counting like an open count, and a new denial of the bin
finds them instead of opening a second count. Every status change goes through
``services.tasks.change_status`` and the lifecycle of ``core.tasks`` (approve: Awaiting Approval
-> Done; recount: -> Open / Assigned).

Bin status and locks. Whether a bin is Counting is decided from the Count tasks that hold it, by
a short pick (``open_count_after_denial``) and by every path that posts a count (``release_bin``).
Two such decisions on one bin must not run side by side, or a bin can stay Counting with no count
left (two approvals of different items in one bin each still see the other's count open; a short
pick reusing a count an approval is just closing). So they serialize on the Storage Bin row, and
read the bin's Count tasks with a *locking* read: on MariaDB (InnoDB, REPEATABLE READ, Frappe's
default) a plain SELECT reads the snapshot taken at the transaction's first read, from before the
other decision committed; a locking read sees the latest committed rows.

One global lock order, so these paths cannot deadlock one another or a pick:

	Storage Bin row  ->  Warehouse Task row  ->  Bin Stock rows (``bin_ledger.load_balances``)

- a short pick (``services.picking.confirm_pick`` with ``short``) locks its source bin's Storage Bin
  row first (``lock_bin``), then its task, then the Bin Stock rows; a full pick never locks a
  Storage Bin row (it decides nothing about the bin's status): task -> Bin Stock, as before;
- ``confirm_count``, ``submit_count`` and ``approve_count`` lock the counted bin's Storage Bin row
  first, then the Count task, then the Bin Stock rows; the bin's Count tasks are read (locking,
  shared) only while the Storage Bin row is held. ``recount_count`` decides nothing about the bin
  (the bin stays Counting) and locks only the task.

Every writer of a Count task's status that could change the bin's status holds the Storage Bin
row, so the shared read under it waits for nobody who waits for us. What it cannot rule out on
InnoDB: the shared read takes next-key locks on the ``source_bin`` index range of the bin, so an
allocation inserting a new Pick task for that bin waits until we commit (and one that already
holds a Bin Stock row we need next is picked by InnoDB as a deadlock victim and fails: a retried
request, never a bin left Counting). The tests run on benchless's SQLite stand-in, whose single
database write lock serializes any two writing transactions whole: there the races below cannot
happen at all, so tests/app/test_count_races.py shows the outcome of two concurrent approvals and
checks the lock order and the locking reads this module issues, not InnoDB's row locking itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import flt, now_datetime

from wms_module.core.bins import EPSILON
from wms_module.core.tasks import TaskStatus
from wms_module.exceptions import CountNotAvailableError
from wms_module.services import labor, scans
from wms_module.services import tasks as task_service
from wms_module.services.bin_denial import bin_code_of, lock_bin_of_task, locked_bin_code
from wms_module.services.count_posting import CountFound, bin_balances, post_count
from wms_module.services.task_access import AWAITING_APPROVAL, check_counter, lock_count_task


@dataclass(frozen=True)
class CountTolerance:
	"""WMS Settings: how far an operator's count may differ from the books and still post at once."""

	qty: float = 0.0
	percent: float = 0.0

	def allows(self, variance: float, book: float) -> bool:
		"""``|variance| <= max(qty, percent % of |book|)``; with both 0 only an exact count."""
		return abs(variance) <= max(self.qty, self.percent / 100.0 * abs(book)) + EPSILON


def count_tolerance() -> CountTolerance:
	"""WMS Settings' count variance tolerance (0 for fields never saved). One query."""
	values = frappe.db.get_singles_dict("WMS Settings") or {}
	return CountTolerance(
		qty=max(0.0, flt(values.get("count_variance_tolerance_qty"))),
		percent=max(0.0, flt(values.get("count_variance_tolerance_percent"))),
	)


def counted(value, task: str) -> float:
	if value in (None, ""):
		frappe.throw(
			_("Count task {0}: counted_qty is missing; send what the bin holds (0 allowed)").format(task)
		)
	try:
		qty = float(value)
	except (TypeError, ValueError):
		frappe.throw(_("Count task {0}: counted_qty must be a number, got {1!r}").format(task, value))
	if qty < -EPSILON:
		frappe.throw(_("Count task {0}: counted_qty must be >= 0, got {1}").format(task, f"{qty:g}"))
	return max(qty, 0.0)


def confirm_count(*, task: str, counted_qty) -> dict:
	"""Close open Count task ``task`` with ``counted_qty`` found in its bin (item / batch), the
	supervisor's own count against the books of now (recorded with who, when and those books, as
	an operator's count is); see the module doc."""
	locked_bin = lock_bin_of_task(task)
	t = lock_count_task(task)
	qty = counted(counted_qty, t.name)
	books = bin_balances(t)
	book = books.on_hand
	user = frappe.session.user
	found = CountFound(qty=qty, difference=qty - book, book=book, counted_by=user)
	# recorded as an operator's count is, so accuracy (services.accuracy) reads every count alike
	recorded = {"counted_by": user, "counted_on": now_datetime(), "book_qty_at_count": book}
	return post_count(t, found, books, bin_code=locked_bin_code(locked_bin, t.source_bin), extra=recorded)


# many parameters: what the handheld sends (api.counts.submit), one per scan, count or time
def submit_count(
	*,
	task: str,
	bin_scan: str,
	item_scan: str,
	counted_qty,
	batch_no: str | None = None,
	started_at: str | None = None,
	confirmed_at: str | None = None,
) -> dict:
	"""An operator's blind count of open Count task ``task``: scans checked as for a pick; posted
	when within tolerance, else held for a supervisor (see the module doc).

	The answer leaves out the book qty and the variance: the count stays blind for a recount.
	The count is logged as labour (``services.labor.record_count``, from ``started_at`` to
	``confirmed_at``).
	"""
	user = frappe.session.user
	locked_bin = lock_bin_of_task(task)
	t = lock_count_task(task)
	check_counter(t, user)
	scans.check_bin_scan(t, {locked_bin.name: locked_bin} if locked_bin else {}, bin_scan)
	scans.check_item_scan(t, item_scan)
	scans.check_batch_given(t, batch_no)
	qty = counted(counted_qty, t.name)
	bin_code = locked_bin_code(locked_bin, t.source_bin)
	books = bin_balances(t)
	found = CountFound(qty=qty, difference=qty - books.on_hand, book=books.on_hand, counted_by=user)
	recorded = {"counted_by": user, "counted_on": now_datetime(), "book_qty_at_count": found.book}
	answer = {
		"task": t.name,
		"storage_bin": t.source_bin,
		"bin_code": bin_code,
		"item_code": t.item_code,
		"batch_no": t.batch_no or None,
		"counted_qty": qty,
		"counted_by": user,
	}
	labor.record_count(t, counted_qty=qty, times=labor.HandheldTimes(started_at, confirmed_at))
	if count_tolerance().allows(found.difference, found.book):
		post_count(t, found, books, bin_code=bin_code, extra=recorded)
		return {
			**answer,
			"status": TaskStatus.DONE.value,
			"posted": True,
			"needs_approval": False,
			"message": _("Count of bin {0} recorded and posted").format(bin_code),
		}
	hold_for_approval(t, found, bin_code=bin_code, recorded=recorded)
	return {
		**answer,
		"status": AWAITING_APPROVAL,
		"posted": False,
		"needs_approval": True,
		"message": _(
			"Count of bin {0} recorded; it differs from the books and waits for a supervisor"
		).format(bin_code),
	}


def hold_for_approval(t, found: CountFound, *, bin_code: str, recorded: dict) -> None:
	"""Record a count outside tolerance on its task, Awaiting Approval, nothing posted; the reason
	names the variance for the supervisor (the operator's answer does not)."""
	reason = _("Variance {0}, needs supervisor approval: {1} counted {2} at {3} (books {4})").format(
		f"{found.difference:+g}", found.counted_by, f"{found.qty:g}", bin_code, f"{found.book:g}"
	)
	columns = {
		**recorded,
		"counted_qty": found.qty,
		"exception_reason": "; ".join(filter(None, [reason, t.exception_reason])),
		"started_on": t.started_on or recorded["counted_on"],
	}
	task_service.change_status([t], TaskStatus.AWAITING_APPROVAL, columns)


def approve_count(*, task: str) -> dict:
	"""Post the operator's count awaiting approval: ``counted - book_qty_at_count`` applied to the
	bin's current books (what moved since the count stays moved); see the module doc."""
	locked_bin = lock_bin_of_task(task)
	t = lock_count_task(task, statuses=(AWAITING_APPROVAL,))
	qty = flt(t.counted_qty)
	at_count = flt(t.book_qty_at_count)
	books = bin_balances(t)
	book = books.on_hand
	difference = qty - at_count
	bin_code = locked_bin_code(locked_bin, t.source_bin)
	if book + difference < -EPSILON:
		frappe.throw(
			_(
				"Count task {0}: {1} counted {2} in bin {3} when the books said {4}; since then {5} left the"
				" bin (books now {6}), more than the count found: the count cannot be right, order a recount"
			).format(
				t.name,
				t.counted_by,
				f"{qty:g}",
				bin_code,
				f"{at_count:g}",
				f"{at_count - book:g}",
				f"{book:g}",
			),
			CountNotAvailableError,
		)
	since = book - at_count
	note = (
		_(" at the count; {0} now, {1:+g} since").format(f"{book:g}", since) if abs(since) > EPSILON else ""
	)
	found = CountFound(qty=qty, difference=difference, book=at_count, counted_by=t.counted_by, note=note)
	answer = post_count(t, found, books, bin_code=bin_code)
	return {
		**answer,
		"book_qty_at_count": at_count,
		"book_qty": book,
		"moved_since_count": since,
		"counted_by": t.counted_by,
		"counted_on": t.counted_on,
		"approved_by": frappe.session.user,
	}


def recount_count(*, task: str) -> dict:
	"""Reopen a count awaiting approval for a new blind count: the counted qty cleared, the bin
	still Counting, nothing posted; the reason keeps what the rejected count found."""
	user = frappe.session.user
	t = lock_count_task(task, statuses=(AWAITING_APPROVAL,))
	status = TaskStatus.ASSIGNED.value if t.assigned_to else TaskStatus.OPEN.value
	note = _("Recount ordered by {0}").format(user)
	columns = {
		"counted_qty": 0,
		"book_qty_at_count": 0,
		"counted_by": None,
		"counted_on": None,
		"exception_reason": "; ".join(filter(None, [note, t.exception_reason])),
	}
	task_service.change_status([t], status, columns)
	return {
		"task": t.name,
		"status": status,
		"storage_bin": t.source_bin,
		"bin_code": bin_code_of(t.source_bin),
		"item_code": t.item_code,
		"batch_no": t.batch_no or None,
		"rejected_count": flt(t.counted_qty),
		"rejected_counted_by": t.counted_by,
		"bin_status": frappe.db.get_value("Storage Bin", t.source_bin, "status"),
	}
