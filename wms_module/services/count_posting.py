"""Post a count: the difference to the books moves between the bin and the unlocated bin.

Inside one warehouse, through the bin ledger (movement "Correction", voucher the Count task), so
the bins still add up to ERPNext; the task is closed Done and the bin released (``bin_denial``).
See ``services.counts`` for the three ways to a posted count.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt, now_datetime

from wms_module.core.bin_ledger import key_of
from wms_module.core.bins import EPSILON, LedgerRow
from wms_module.core.tasks import TaskStatus
from wms_module.services import bin_ledger
from wms_module.services.bin_denial import release_bin
from wms_module.services.storage import unlocated_bins


def bin_balances(t) -> tuple[str, frappe._dict | None, frappe._dict | None]:
	"""(the warehouse's unlocated bin, the counted bin's Bin Stock row, the unlocated bin's row), locked."""
	unlocated = unlocated_bins([t.warehouse])[t.warehouse]
	balances = bin_ledger.load_balances([t.source_bin, unlocated], [t.item_code], for_update=True)
	return (
		unlocated,
		balances.get(key_of(t.source_bin, t.item_code, t.batch_no)),
		balances.get(key_of(unlocated, t.item_code, t.batch_no)),
	)


def post_count(
	t,
	*,
	qty: float,
	difference: float,
	book: float,
	unlocated: str,
	spare_row,
	bin_code: str,
	counted_by: str,
	note: str = "",
	extra: dict | None = None,
) -> dict:
	"""Post ``difference`` between the bin and the unlocated bin, close the task Done, free the bin.

	``extra``: more Warehouse Task columns to write with the closing update.
	"""
	user = frappe.session.user
	moved = (
		difference if difference < 0 else min(difference, flt(spare_row.on_hand_qty) if spare_row else 0.0)
	)
	not_posted = max(0.0, difference - moved) if difference > 0 else 0.0
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
			remarks=_("Count of bin {0} by {1}: {2} counted, {3} on the books{4}").format(
				bin_code, counted_by, f"{qty:g}", f"{book:g}", note
			),
		)
	outcome = _("counted {0} by {1} (books {2}{3})").format(f"{qty:g}", counted_by, f"{book:g}", note)
	if counted_by != user:
		outcome += _("; approved by {0}").format(user)
	if moved < -EPSILON:
		outcome += _("; {0} moved to the unlocated bin").format(f"{-moved:g}")
	elif moved > EPSILON:
		outcome += _("; {0} taken from the unlocated bin").format(f"{moved:g}")
	if not_posted > EPSILON:
		outcome += _("; {0} more than ERPNext knows, not posted: receive it in ERPNext").format(
			f"{not_posted:g}"
		)
	now = now_datetime()
	columns = {
		"status": TaskStatus.DONE.value,
		"counted_qty": qty,
		"exception_reason": "; ".join(filter(None, [t.exception_reason, outcome])),
		"confirmed_by": user,
		"started_on": t.started_on or now,
		"completed_on": now,
		"modified": now,
		"modified_by": user,
		**(extra or {}),
	}
	update_task(t.name, columns)
	release_bin(t.source_bin, now=now, user=user)
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


def update_task(name: str, columns: dict) -> None:
	frappe.db.sql(
		"update `tabWarehouse Task` set {} where name=%(name)s".format(
			", ".join(f"`{c}`=%({c})s" for c in columns)
		),
		{**columns, "name": name},
	)
