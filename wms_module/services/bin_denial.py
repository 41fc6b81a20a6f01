"""A short pick is a bin denial: the bin's books are in doubt, so it goes under count.

``open_count_after_denial`` opens (or finds) the Count task for the bin and item / batch and sets
the bin Counting; the lock helpers here take the Storage Bin row first, the global lock order
``services.counts`` describes. ``release_bin`` sets the bin Active again once no count holds it.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from wms_module.core.bins import EPSILON
from wms_module.core.tasks import TaskType
from wms_module.services import priority
from wms_module.services import tasks as task_service
from wms_module.services.task_access import AWAITING_APPROVAL

COUNT = TaskType.COUNT.value


COUNTING = "Counting"


ACTIVE_BIN = "Active"


COUNT_PRIORITY = priority.rank("High")


HOLDING_STATUSES = (*task_service.ACTIVE_STATUSES, AWAITING_APPROVAL)
"""Count tasks in these states hold their bin Counting."""


def open_count_after_denial(t, *, book_qty: float, bin_code: str, reason: str) -> str | None:
	"""After a short pick of task ``t``: a Count task for its bin and item / batch (unless one is
	open) and the bin set Counting. Returns the Count task (new or already open); None when the
	books hold nothing more there (no count is needed to stop allocating from it).

	Call it with the bin's Storage Bin row locked (``lock_bin``; ``confirm_pick`` takes it first for
	a short pick): two denials of one bin serialize, and the second finds the first's Count task;
	a count being posted meanwhile is seen Done, not reused. Three queries.
	"""
	if book_qty <= EPSILON:
		return None
	existing = frappe.db.sql(
		"""select name from `tabWarehouse Task` where task_type=%s and source_bin=%s and item_code=%s
		and coalesce(batch_no, '')=%s and status in %s order by creation limit 1 lock in share mode""",
		(COUNT, t.source_bin, t.item_code, t.batch_no or "", HOLDING_STATUSES),
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


def lock_bin(storage_bin: str | None) -> frappe._dict | None:
	"""Lock the Storage Bin row: the first lock of any path that decides the bin's status (see the
	module doc for the global order). Returns its name, bin_code and barcode (None for no bin).
	One query."""
	if not storage_bin:
		return None
	rows = frappe.db.sql(
		"select name, bin_code, barcode from `tabStorage Bin` where name=%s for update",
		(storage_bin,),
		as_dict=True,
	)
	return rows[0] if rows else None


def lock_bin_of_task(name: str) -> frappe._dict | None:
	"""Lock the Storage Bin row of Warehouse Task ``name`` before the task itself (global order);
	returns it as ``lock_bin`` does. A task's source bin never changes, so reading it unlocked
	first is safe. Two queries."""
	return lock_bin(frappe.db.get_value("Warehouse Task", name, "source_bin"))


def release_bin(storage_bin: str, *, now, user: str) -> None:
	"""Set the bin Active again unless another Count task (open or awaiting approval) holds it.

	Call it with the Storage Bin row locked (``lock_bin``): the read is a locking one, so it sees
	a count another approval of this bin committed while we waited for the row (see the module doc).
	"""
	still_counting = frappe.db.sql(
		"""select name from `tabWarehouse Task` where task_type=%s and source_bin=%s and status in %s
		limit 1 lock in share mode""",
		(COUNT, storage_bin, HOLDING_STATUSES),
	)
	if not still_counting:
		frappe.db.sql(
			"update `tabStorage Bin` set status=%s, modified=%s, modified_by=%s where name=%s and status=%s",
			(ACTIVE_BIN, now, user, storage_bin, COUNTING),
		)


def bin_code_of(storage_bin: str) -> str:
	return frappe.db.get_value("Storage Bin", storage_bin, "bin_code") or storage_bin


def locked_bin_code(locked_bin: frappe._dict | None, storage_bin: str) -> str:
	"""The code of the bin ``lock_bin`` returned (already read with the lock: no query)."""
	return (locked_bin.bin_code if locked_bin else None) or storage_bin
