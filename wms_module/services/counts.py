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
- ``confirm_count`` records what the count found. The difference to the bin's books moves
  through the bin ledger (movement "Correction", voucher the Count task) between the bin and
  the warehouse's unlocated bin, inside one warehouse: ERPNext's stock is not touched, so the
  bins still add up to ERPNext (DESIGN.md section 3) and the unlocated bin shows the missing
  units for the Bin Stock Reconciliation report until someone finds them or books them off in
  ERPNext. A count above the books takes the surplus from the unlocated bin (stock whose place
  nobody knew); what the unlocated bin cannot give is not posted (ERPNext does not know those
  units: receive them in ERPNext first) and is reported as ``not_posted``. The Count task is
  closed and the bin set Active again when no other open Count task holds it.

The book qty is read when the count is confirmed: a pick confirmed at the bin between the
counting and the confirmation shifts the result by what it took.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt, now_datetime

from wms_module.core.bin_ledger import key_of
from wms_module.core.bins import EPSILON, LedgerRow
from wms_module.core.tasks import TaskStatus
from wms_module.exceptions import WMSValidationError
from wms_module.services import bin_ledger, priority
from wms_module.services import tasks as task_service
from wms_module.services.storage import unlocated_bins

COUNT = "Count"
COUNTING, ACTIVE_BIN = "Counting", "Active"
COUNT_PRIORITY = priority.rank("High")


class CountNotAvailableError(WMSValidationError):
	"""The task is not an open Count task."""


def open_count_after_denial(t, *, book_qty: float, bin_code: str, reason: str) -> str | None:
	"""After a short pick of task ``t``: a Count task for its bin and item / batch (unless one is
	open) and the bin set Counting. Returns the Count task (new or already open); None when the
	books hold nothing more there (no count is needed to stop allocating from it).

	Call it with the bin's Bin Stock row locked (``confirm_pick`` holds it): two denials of one
	bin serialize, and the second finds the first's Count task. Three queries.
	"""
	if book_qty <= EPSILON:
		return None
	existing = frappe.db.sql(
		"""select name from `tabWarehouse Task` where task_type=%s and source_bin=%s and item_code=%s
		and coalesce(batch_no, '')=%s and status in %s order by creation limit 1""",
		(COUNT, t.source_bin, t.item_code, t.batch_no or "", task_service.ACTIVE_STATUSES),
	)
	if existing:
		name = existing[0][0]
	else:
		(name,) = task_service.insert_tasks(
			[
				task_service.NewTask(
					task_type=COUNT,
					warehouse=t.warehouse,
					item_code=t.item_code,
					batch_no=t.batch_no or None,
					uom=t.uom,
					qty=book_qty,
					source_bin=t.source_bin,
					zone=t.zone,
					reference_doctype="Warehouse Task",
					reference_name=t.name,
					priority=COUNT_PRIORITY,
					exception_reason=_(
						"Bin denial: short pick of task {0} ({1} {2}): {3}; the books still show {4} x {5} in bin {6}"
					).format(
						t.name,
						t.reference_doctype,
						t.reference_name,
						reason,
						f"{book_qty:g}",
						t.item_code,
						bin_code,
					),
				)
			]
		)
	frappe.db.sql(
		"update `tabStorage Bin` set status=%s, modified=%s, modified_by=%s where name=%s and status=%s",
		(COUNTING, now_datetime(), frappe.session.user, t.source_bin, ACTIVE_BIN),
	)
	return name


def lock_count_task(name: str) -> frappe._dict:
	rows = frappe.db.sql(
		"""select name, task_type, status, warehouse, item_code, batch_no, qty, source_bin, exception_reason,
			started_on
		from `tabWarehouse Task` where name=%s for update""",
		(name,),
		as_dict=True,
	)
	if not rows:
		frappe.throw(_("Warehouse Task {0} does not exist").format(name), frappe.DoesNotExistError)
	t = rows[0]
	if t.task_type != COUNT:
		frappe.throw(
			_("Warehouse Task {0} is a {1} task, not a count").format(t.name, t.task_type),
			CountNotAvailableError,
		)
	if t.status not in task_service.ACTIVE_STATUSES:
		frappe.throw(
			_("Count task {0} is {1}; there is nothing left to count").format(t.name, t.status),
			CountNotAvailableError,
		)
	return t


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
	"""Close Count task ``task`` with ``counted_qty`` found in its bin (item / batch); see the module doc."""
	user = frappe.session.user
	t = lock_count_task(task)
	qty = counted(counted_qty, t.name)
	unlocated = unlocated_bins([t.warehouse])[t.warehouse]
	balances = bin_ledger.load_balances([t.source_bin, unlocated], [t.item_code], for_update=True)
	book_row = balances.get(key_of(t.source_bin, t.item_code, t.batch_no))
	spare_row = balances.get(key_of(unlocated, t.item_code, t.batch_no))
	book = flt(book_row.on_hand_qty) if book_row else 0.0
	difference = qty - book
	moved = (
		difference if difference < 0 else min(difference, flt(spare_row.on_hand_qty) if spare_row else 0.0)
	)
	not_posted = max(0.0, difference - moved) if difference > 0 else 0.0
	bin_code = frappe.db.get_value("Storage Bin", t.source_bin, "bin_code") or t.source_bin
	if abs(moved) > EPSILON:
		bin_ledger.post_rows(
			[
				LedgerRow(t.source_bin, t.warehouse, t.item_code, t.batch_no or None, moved),
				LedgerRow(unlocated, t.warehouse, t.item_code, t.batch_no or None, -moved),
			],
			movement_type="Correction",
			voucher_type="Warehouse Task",
			voucher_no=t.name,
			warehouse_task=t.name,
			remarks=_("Count of bin {0} by {1}: {2} counted, {3} on the books").format(
				bin_code, user, f"{qty:g}", f"{book:g}"
			),
		)
	outcome = _("counted {0} by {1} (books {2})").format(f"{qty:g}", user, f"{book:g}")
	if moved < -EPSILON:
		outcome += _("; {0} moved to the unlocated bin").format(f"{-moved:g}")
	elif moved > EPSILON:
		outcome += _("; {0} taken from the unlocated bin").format(f"{moved:g}")
	if not_posted > EPSILON:
		outcome += _("; {0} more than ERPNext knows, not posted: receive it in ERPNext").format(
			f"{not_posted:g}"
		)
	now = now_datetime()
	frappe.db.sql(
		"""update `tabWarehouse Task` set status=%s, counted_qty=%s, exception_reason=%s, confirmed_by=%s,
			started_on=%s, completed_on=%s, modified=%s, modified_by=%s
		where name=%s""",
		(
			TaskStatus.DONE.value,
			qty,
			"; ".join(filter(None, [t.exception_reason, outcome])),
			user,
			t.started_on or now,
			now,
			now,
			user,
			t.name,
		),
	)
	still_counting = frappe.db.sql(
		"select name from `tabWarehouse Task` where task_type=%s and source_bin=%s and status in %s limit 1",
		(COUNT, t.source_bin, task_service.ACTIVE_STATUSES),
	)
	if not still_counting:
		frappe.db.sql(
			"update `tabStorage Bin` set status=%s, modified=%s, modified_by=%s where name=%s and status=%s",
			(ACTIVE_BIN, now, user, t.source_bin, COUNTING),
		)
	return {
		"task": t.name,
		"storage_bin": t.source_bin,
		"bin_code": bin_code,
		"item_code": t.item_code,
		"batch_no": t.batch_no or None,
		"book_qty": book,
		"counted_qty": qty,
		"difference": difference,
		"moved_to_unlocated": max(0.0, -moved),
		"taken_from_unlocated": max(0.0, moved),
		"not_posted": not_posted,
		"unlocated_bin": unlocated,
		"bin_status": frappe.db.get_value("Storage Bin", t.source_bin, "status"),
	}
