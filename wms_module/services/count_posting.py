"""Post a count: the difference to the books moves between the bin and the unlocated bin.

Inside one warehouse, through the bin ledger (movement "Correction", voucher the Count task), so
the bins still add up to ERPNext; the task is closed Done and the bin released (``bin_denial``).
See ``services.counts`` for the three ways to a posted count.
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import flt, now_datetime

from wms_module.core.bin_ledger import key_of
from wms_module.core.bins import EPSILON, LedgerRow
from wms_module.core.tasks import TaskStatus
from wms_module.services import bin_ledger
from wms_module.services import tasks as task_service
from wms_module.services.bin_denial import release_bin
from wms_module.services.storage import unlocated_bins


@dataclass(frozen=True)
class CountBooks:
	"""The books a count is posted against: the counted bin's and the warehouse's unlocated bin's
	Bin Stock rows (locked; None where the bin holds none of the item)."""

	unlocated: str
	bin_row: frappe._dict | None
	spare_row: frappe._dict | None

	@property
	def on_hand(self) -> float:
		return flt(self.bin_row.on_hand_qty) if self.bin_row else 0.0

	@property
	def spare(self) -> float:
		"""What the unlocated bin holds: the most a count above the books can take from it."""
		return flt(self.spare_row.on_hand_qty) if self.spare_row else 0.0


@dataclass(frozen=True)
class CountFound:
	"""A count to post: ``qty`` found by ``counted_by`` against ``book``; ``difference`` is what
	moves (counted - books of the count, applied to the books of now)."""

	qty: float
	difference: float
	book: float
	counted_by: str
	note: str = ""


def bin_balances(t) -> CountBooks:
	"""The counted bin's and the unlocated bin's Bin Stock rows for task ``t``'s item, locked."""
	unlocated = unlocated_bins([t.warehouse])[t.warehouse]
	balances = bin_ledger.load_balances([t.source_bin, unlocated], [t.item_code], for_update=True)
	return CountBooks(
		unlocated,
		balances.get(key_of(t.source_bin, t.item_code, t.batch_no)),
		balances.get(key_of(unlocated, t.item_code, t.batch_no)),
	)


def post_count(t, found: CountFound, books: CountBooks, *, bin_code: str, extra: dict | None = None) -> dict:
	"""Post ``found.difference`` between the bin and the unlocated bin, close the task Done, free the bin.

	A count below the books moves the missing units to the unlocated bin; above, it takes what the
	unlocated bin holds and reports the rest as not posted. ``extra``: more Warehouse Task columns
	to write with the closing update.
	"""
	user = frappe.session.user
	moved = found.difference if found.difference < 0 else min(found.difference, books.spare)
	not_posted = max(0.0, found.difference - moved) if found.difference > 0 else 0.0
	if abs(moved) > EPSILON:
		bin_ledger.post_rows(
			[
				LedgerRow(t.source_bin, t.warehouse, t.item_code, t.batch_no or None, moved),
				LedgerRow(books.unlocated, t.warehouse, t.item_code, t.batch_no or None, -moved),
			],
			movement_type="Correction",
			voucher_type="Warehouse Task",
			voucher_no=t.name,
			warehouse_task=t.name,
			remarks=_("Count of bin {0} by {1}: {2} counted, {3} on the books{4}").format(
				bin_code, found.counted_by, f"{found.qty:g}", f"{found.book:g}", found.note
			),
		)
	now = now_datetime()
	outcome = outcome_of(found, moved=moved, not_posted=not_posted, user=user)
	columns = {
		"counted_qty": found.qty,
		"exception_reason": "; ".join(filter(None, [t.exception_reason, outcome])),
		"confirmed_by": user,
		"started_on": t.started_on or now,
		"completed_on": now,
		**(extra or {}),
	}
	task_service.change_status([t], TaskStatus.DONE, columns)
	release_bin(t.source_bin, now=now, user=user)
	return {
		"task": t.name,
		"storage_bin": t.source_bin,
		"bin_code": bin_code,
		"item_code": t.item_code,
		"batch_no": t.batch_no or None,
		"book_qty": found.book,
		"counted_qty": found.qty,
		"difference": found.difference,
		"moved_to_unlocated": max(0.0, -moved),
		"taken_from_unlocated": max(0.0, moved),
		"not_posted": not_posted,
		"unlocated_bin": books.unlocated,
		"bin_status": frappe.db.get_value("Storage Bin", t.source_bin, "status"),
	}


def outcome_of(found: CountFound, *, moved: float, not_posted: float, user: str) -> str:
	"""The line the closed Count task keeps: who counted what against which books, who approved,
	what moved to or from the unlocated bin, what was too much to post."""
	outcome = _("counted {0} by {1} (books {2}{3})").format(
		f"{found.qty:g}", found.counted_by, f"{found.book:g}", found.note
	)
	if found.counted_by != user:
		outcome += _("; approved by {0}").format(user)
	if moved < -EPSILON:
		outcome += _("; {0} moved to the unlocated bin").format(f"{-moved:g}")
	elif moved > EPSILON:
		outcome += _("; {0} taken from the unlocated bin").format(f"{moved:g}")
	if not_posted > EPSILON:
		outcome += _("; {0} more than ERPNext knows, not posted: receive it in ERPNext").format(
			f"{not_posted:g}"
		)
	return outcome
