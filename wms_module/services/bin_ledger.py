"""Write bin-ledger rows and keep the per-(bin, item, batch) balances in step.

Read -> decide -> apply: balances are read (and locked) in one query, the core
decides the new balances (refusing anything negative), and the rows and balances
are written with a constant number of statements plus one UPDATE per touched
balance. Nothing is written when the core refuses.
"""

from __future__ import annotations

from collections.abc import Sequence

import frappe
from frappe.utils import now_datetime

from wms_module.core.bin_ledger import Balance, Key, apply_rows, key_of
from wms_module.core.bins import LedgerRow
from wms_module.exceptions import core_errors_as_validation
from wms_module.services.rows import standard_values, with_standard_columns

LEDGER_FIELDS = with_standard_columns(
	"posting_datetime",
	"warehouse",
	"storage_bin",
	"item_code",
	"batch_no",
	"qty",
	"movement_type",
	"voucher_type",
	"voucher_no",
	"voucher_detail_no",
	"warehouse_task",
	"user",
	"remarks",
)
BALANCE_READ_FIELDS = (
	"storage_bin",
	"warehouse",
	"item_code",
	"batch_no",
	"on_hand_qty",
	"allocated_qty",
	"first_received",
)
"""The Bin Stock columns ``as_balance`` reads."""
BALANCE_FIELDS = with_standard_columns(*BALANCE_READ_FIELDS)


def load_balances(
	bins: Sequence[str], items: Sequence[str], *, for_update: bool = False
) -> dict[Key, frappe._dict]:
	"""Balance rows of the given bins and items, keyed (bin, item, batch). One query.

	``for_update`` locks the rows (SELECT ... FOR UPDATE) until the transaction ends,
	so two requests moving the same stock serialize instead of both succeeding.
	"""
	if not bins or not items:
		return {}
	rows = frappe.db.sql(
		"""select name, storage_bin, warehouse, item_code, batch_no, on_hand_qty, allocated_qty, first_received
		from `tabBin Stock`
		where storage_bin in %(bins)s and item_code in %(items)s
		order by name {lock}""".format(lock="for update" if for_update else ""),
		{"bins": tuple(sorted(set(bins))), "items": tuple(sorted(set(items)))},
		as_dict=True,
	)
	return {key_of(r.storage_bin, r.item_code, r.batch_no): r for r in rows}


def as_balance(row) -> Balance:
	return Balance(
		bin=row.storage_bin,
		warehouse=row.warehouse,
		item=row.item_code,
		batch=row.batch_no or None,
		on_hand=row.on_hand_qty,
		allocated=row.allocated_qty,
		first_received=str(row.first_received) if row.first_received else None,
	)


def post_rows(
	rows: Sequence[LedgerRow],
	*,
	movement_type: str,
	voucher_type: str | None = None,
	voucher_no: str | None = None,
	detail_nos: Sequence[str | None] | None = None,
	warehouse_task: str | None = None,
	remarks: str | None = None,
) -> list[LedgerRow]:
	"""Append ``rows`` to the bin ledger and update balances; all or nothing.

	``detail_nos`` (parallel to ``rows``) records the voucher row each movement came from.
	"""
	# keyword-only: the ledger entry's own columns, named at every call site
	rows = [r for r in rows if abs(r.qty) > 1e-9]
	if not rows:
		return []
	current = load_balances([r.bin for r in rows], [r.item for r in rows], for_update=True)
	now = now_datetime()
	with core_errors_as_validation():
		after = apply_rows({k: as_balance(v) for k, v in current.items()}, rows, posted_at=str(now))
	user = frappe.session.user
	details = list(detail_nos) if detail_nos is not None else [None] * len(rows)
	entry = (movement_type, voucher_type, voucher_no)
	frappe.db.bulk_insert(
		"Bin Ledger Entry",
		LEDGER_FIELDS,
		[
			(*standard_values(now, user), now, r.warehouse, r.bin, r.item, r.batch, r.qty, *entry, detail)
			+ (warehouse_task, user, remarks)
			for r, detail in zip(rows, details, strict=True)
		],
	)
	write_balances(current, after, now=now, user=user)
	return rows


def write_balances(current: dict, after: dict, *, now, user: str) -> None:
	"""Bin Stock after a posting: existing rows updated, new (bin, item, batch) rows inserted at once."""
	new_rows = []
	for k, bal in after.items():
		existing = current.get(k)
		if existing:
			frappe.db.sql(
				"""update `tabBin Stock` set on_hand_qty=%s, allocated_qty=%s, first_received=%s, modified=%s,
				modified_by=%s where name=%s""",
				(bal.on_hand, bal.allocated, bal.first_received, now, user, existing.name),
			)
		else:
			new_rows.append(
				(*standard_values(now, user), bal.bin, bal.warehouse, bal.item, bal.batch)
				+ (bal.on_hand, bal.allocated, bal.first_received)
			)
	if new_rows:
		frappe.db.bulk_insert("Bin Stock", BALANCE_FIELDS, new_rows)


def voucher_rows(voucher_type: str, voucher_no: str) -> list[frappe._dict]:
	"""Every bin-ledger row a voucher posted (postings and reversals), oldest first."""
	return frappe.get_all(
		"Bin Ledger Entry",
		filters={"voucher_type": voucher_type, "voucher_no": voucher_no},
		fields=[
			"storage_bin",
			"warehouse",
			"item_code",
			"batch_no",
			"qty",
			"voucher_detail_no",
			"movement_type",
		],
		order_by="creation asc, name asc",
	)


def bin_contents(bin_names: Sequence[str]) -> dict[str, list[Balance]]:
	"""Every non-empty balance of the given bins, grouped by bin. One query."""
	if not bin_names:
		return {}
	rows = frappe.get_all(
		"Bin Stock",
		filters={"storage_bin": ["in", sorted(set(bin_names))], "on_hand_qty": [">", 0]},
		fields=list(BALANCE_READ_FIELDS),
	)
	grouped: dict[str, list[Balance]] = {}
	for r in rows:
		grouped.setdefault(r.storage_bin, []).append(as_balance(r))
	return grouped


def warehouse_balances(warehouse: str, items: Sequence[str]) -> list[Balance]:
	"""Every non-empty balance of ``items`` in any bin of ``warehouse``. One query."""
	if not items:
		return []
	rows = frappe.get_all(
		"Bin Stock",
		filters={"warehouse": warehouse, "item_code": ["in", sorted(set(items))], "on_hand_qty": [">", 0]},
		fields=list(BALANCE_READ_FIELDS),
	)
	return [as_balance(r) for r in rows]
