"""Pick accuracy from the counts: read the counts and the picks, let ``core.accuracy`` point each
variance back to the picks that could explain it, and score each operator.

Three queries, whatever the number of counts, picks or operators:

1. the counts posted in the period (and ``LOOKBACK_DAYS`` before it: an earlier count of the same
   bin, item and batch closes the window of picks a later one can blame): Count tasks Done with
   ``counted_qty`` and ``book_qty_at_count``, found by ``modified`` (indexed; never earlier than
   ``counted_on``). Go-live counts are left out: they adopt stock whose place nobody knew, they do
   not check a bin that picks have used;
2. the picks from the bins those counts found a variance in (the bin ledger's movements out of a
   Pick task's source bin, by ``storage_bin``, so every confirmation with its operator and moment);
3. the picks each operator made in the period (the same movements by ``posting_datetime``; a
   Pick task counts once however many confirmations it took).

A count early in the period may blame a pick made before it (up to ``LOOKBACK_DAYS``): that pick is
listed with the variance, but the operator's accuracy over the period counts only picks made in
the period (made and blamed alike).

Customer returns: ERPNext v15's return Delivery Note (``is_return``) carries no reason on its item
rows (Delivery Note Item has ``dn_detail``, ``so_detail``, ``returned_qty``, but no return reason;
checked in erpnext/stock/doctype/delivery_note_item/delivery_note_item.json, v15.99.1), so a return
cannot tell "wrong item shipped" from "customer changed their mind": returns are not traced to
picks here. A reason field on the return (a Custom Field) would let the return's ``so_detail``
point to the Pick task of that order line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import frappe
from frappe.utils import cint, flt, get_datetime

from wms_module.core import accuracy as core
from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.services.go_live_counts import LAYOUT as GO_LIVE

LOOKBACK_DAYS = 14


@dataclass(frozen=True)
class PickAccuracy:
	operators: list[core.OperatorAccuracy]
	blames: list[core.Blame]
	"""Variances of counts made in the period, each with the picks it points to."""


def scope_sql(warehouse: str | None, column: str = "t.warehouse") -> str:
	return f"and {column} = %(warehouse)s" if warehouse else ""


def counts_between(start: datetime, end: datetime, warehouse: str | None = None) -> list[core.Count]:
	"""Counts posted in [start, end] (a go-live count excluded). One query."""
	rows = frappe.db.sql(
		f"""select t.name, t.source_bin, t.item_code, t.batch_no, t.counted_qty, t.book_qty_at_count,
			t.counted_on
		from `tabWarehouse Task` t
		left join `tabWarehouse Task` r on t.reference_doctype = 'Warehouse Task' and r.name = t.reference_name
		where t.modified >= %(start)s and t.task_type = %(count)s and t.status = %(done)s
			and t.counted_on >= %(start)s and t.counted_on <= %(end)s
			and coalesce(t.item_code, '') != '' and coalesce(t.source_bin, '') != ''
			and coalesce(r.reference_doctype, '') != %(go_live)s {scope_sql(warehouse)}""",
		{
			"start": start,
			"end": end,
			"count": TaskType.COUNT.value,
			"done": TaskStatus.DONE.value,
			"go_live": GO_LIVE,
			"warehouse": warehouse,
		},
		as_dict=True,
	)
	return [
		core.Count(
			task=r.name,
			bin=r.source_bin,
			item=r.item_code,
			batch=r.batch_no or None,
			variance=flt(r.counted_qty) - flt(r.book_qty_at_count),
			counted_at=get_datetime(r.counted_on),
		)
		for r in rows
	]


PICK_MOVES = """from `tabBin Ledger Entry` l inner join `tabWarehouse Task` t on t.name = l.warehouse_task
	where l.qty < 0 and t.task_type = %(pick)s and l.storage_bin = t.source_bin"""
"""A Pick task's movements out of its source bin: one per confirmation."""


def picks_from(bins: list[str], start: datetime, end: datetime) -> list[core.Pick]:
	"""Every pick confirmed from ``bins`` in [start, end]. One query (none without bins)."""
	if not bins:
		return []
	rows = frappe.db.sql(
		f"""select l.warehouse_task, l.user, l.storage_bin, l.item_code, l.batch_no, l.qty,
			l.posting_datetime, coalesce(t.short_qty, 0) as short_qty
		{PICK_MOVES} and l.storage_bin in %(bins)s
			and l.posting_datetime >= %(start)s and l.posting_datetime <= %(end)s""",
		{"bins": tuple(sorted(set(bins))), "start": start, "end": end, "pick": TaskType.PICK.value},
		as_dict=True,
	)
	return [
		core.Pick(
			task=r.warehouse_task,
			operator=r.user,
			bin=r.storage_bin,
			item=r.item_code,
			batch=r.batch_no or None,
			qty=-flt(r.qty),
			confirmed_at=get_datetime(r.posting_datetime),
			reported_short=flt(r.short_qty) > 0,
		)
		for r in rows
	]


def picks_made(start: datetime, end: datetime, warehouse: str | None = None) -> dict[str, int]:
	"""operator -> Pick tasks they confirmed (any part of) in [start, end]. One query."""
	rows = frappe.db.sql(
		f"""select l.user, count(distinct l.warehouse_task)
		{PICK_MOVES} and l.posting_datetime >= %(start)s and l.posting_datetime <= %(end)s
			{scope_sql(warehouse, "l.warehouse")}
		group by l.user""",
		{"start": start, "end": end, "pick": TaskType.PICK.value, "warehouse": warehouse},
	)
	return {user: cint(n) for user, n in rows if user}


def pick_accuracy(*, start: datetime, end: datetime, warehouse: str | None = None) -> PickAccuracy:
	"""Each operator's pick accuracy over [start, end] and the variances behind it (module doc)."""
	start, end = get_datetime(start), get_datetime(end)
	earliest = start - timedelta(days=LOOKBACK_DAYS)
	counts = counts_between(earliest, end, warehouse)
	variance_bins = [c.bin for c in counts if c.counted_at >= start and abs(c.variance) > core.EPSILON]
	picks = picks_from(variance_bins, earliest, end)
	blames = [b for b in core.blame(counts, picks) if b.count.counted_at >= start]
	return PickAccuracy(
		operators=core.operator_accuracy(picks_made(start, end, warehouse), blames, start, end),
		blames=blames,
	)
