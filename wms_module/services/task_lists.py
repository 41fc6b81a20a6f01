"""The operator's work list on the handheld: picks of released waves, then blind counts."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from wms_module.core.tasks import ACTIVE, TaskType
from wms_module.core.waves import RELEASED
from wms_module.erp import SALES_ORDER
from wms_module.services import tasks as task_service


def my_tasks(*, user: str | None = None, wave: str | None = None, task_type: str | None = None) -> list[dict]:
	"""The operator's task list: picks, then counts (``task_type`` "Pick" or "Count": only those).

	Picks: tasks of released waves assigned to the operator first, then tasks of released tours
	queued for anyone (zone queues); each in tour and route order. Tasks not yet in a released
	wave (an order waiting to be waved, a wave still being planned) are nobody's work yet, so
	they are not offered.

	Counts (``services.counts``): open Count tasks assigned to the operator or queued for anyone,
	after the picks so a tour is not broken up; the operator's own first, then by priority
	(highest first), then in walking order (the bin's pick_sequence). A ``wave`` lists only that
	wave's picks (counts belong to no wave). Counts are BLIND, as is the norm in cycle counting:
	an operator who sees the book qty tends to find it, so a Count row's ``qty`` (the books when
	the count was opened) and ``exception_reason`` (which names the books) are None here.

	Each row also carries ``source_bin_code`` / ``destination_bin_code`` (what the handheld
	shows: "go to A-01-01"), ``source_bin_barcode``, ``item_name`` and ``item_barcodes`` (the real labels,
	for the handheld's checks without a connection), and ``pick_uom`` / ``pick_factor``: the unit
	the order line was sold in and how many stock units one holds (a pick of 24 Nos sold as 2 Box of
	12 is picked as 2 Box; the task's ``qty`` stays in stock units). Four queries: the tasks
	(released waves as a subquery), their bins, their items with their barcodes, their order lines.
	"""
	user = user or frappe.session.user
	if task_type not in (None, "", TaskType.PICK.value, TaskType.COUNT.value):
		frappe.throw(
			_("task_type must be Pick or {0} (or empty for both), got {1!r}").format(
				TaskType.COUNT.value, task_type
			)
		)
	rows = open_tasks_of(user, wave=wave, task_type=task_type)
	where = bin_codes_and_sequences(rows)
	labels = item_labels(rows)
	units = pick_units(rows)
	return [with_labels(r, where, labels, units) for r in in_work_order(rows, where, user)]


def open_tasks_of(user: str, *, wave: str | None, task_type: str | None) -> list:
	"""Open tasks the operator may start: picks of released waves (of ``wave``), counts (unless a
	wave or Pick is asked for); theirs or queued for anyone, in wave, tour and route order. One query."""
	values = {
		"active": tuple(s.value for s in ACTIVE),
		"user": user,
		"released": RELEASED,
		"wave": wave,
		"pick": TaskType.PICK.value,
		"count": TaskType.COUNT.value,
	}
	kinds = []
	if task_type != TaskType.COUNT.value:
		kinds.append(
			"""(t.task_type=%(pick)s and t.pick_wave in (select w.name from `tabPick Wave` w
			where w.status in %(released)s{wave}))""".format(wave=" and w.name=%(wave)s" if wave else "")
		)
	if task_type != TaskType.PICK.value and not wave:
		kinds.append("t.task_type=%(count)s")
	if not kinds:
		return []
	return frappe.db.sql(
		"""select {fields} from `tabWarehouse Task` t
		where t.status in %(active)s and (t.assigned_to=%(user)s or coalesce(t.assigned_to, '')='')
			and ({kinds})
		order by t.pick_wave asc, t.tour asc, t.sequence asc, t.creation asc
		limit 500""".format(
			fields=", ".join(f"t.`{f}`" for f in task_service.READ_FIELDS), kinds=" or ".join(kinds)
		),
		values,
		as_dict=True,
	)


def bin_codes_and_sequences(rows) -> dict[str, tuple[str, int, str]]:
	"""Storage Bin name -> (bin code, pick sequence, barcode) for every bin of ``rows``. One query
	(none without bins)."""
	bins = {b for r in rows for b in (r.source_bin, r.destination_bin) if b}
	if not bins:
		return {}
	return {
		name: (code, sequence, barcode)
		for name, code, sequence, barcode in frappe.get_all(
			"Storage Bin",
			filters={"name": ["in", sorted(bins)]},
			fields=["name", "bin_code", "pick_sequence", "barcode"],
			as_list=True,
		)
	}


def item_labels(rows) -> dict[str, frappe._dict]:
	"""Item code -> its name and Item Barcodes (EAN, UPC, GTIN...), for the items of ``rows``: the
	handheld shows the name under the code and checks a scan against the real labels when it cannot
	ask the server. One query (none without rows)."""
	items = sorted({r.item_code for r in rows if r.item_code})
	if not items:
		return {}
	out: dict[str, frappe._dict] = {}
	for code, name, barcode in frappe.db.sql(
		"""select i.name, i.item_name, b.barcode from `tabItem` i
		left join `tabItem Barcode` b on b.parent = i.name and b.parenttype = 'Item'
		where i.name in %(items)s order by i.name, b.idx""",
		{"items": tuple(items)},
	):
		entry = out.setdefault(code, frappe._dict(item_name=name, barcodes=[]))
		if barcode:
			entry.barcodes.append(barcode)
	return out


def pick_units(rows) -> dict[str, tuple[str, float]]:
	"""Sales Order Item name -> (uom, conversion_factor) for the Pick rows of a Sales Order sold in
	another unit than the stock unit: the unit the operator takes off the shelf. One query (none
	without such rows)."""
	lines = sorted(
		{r.reference_detail for r in rows if r.reference_doctype == SALES_ORDER and r.reference_detail}
	)
	if not lines:
		return {}
	return {
		name: (uom, flt(factor))
		for name, uom, factor, stock_uom in frappe.get_all(
			"Sales Order Item",
			filters={"name": ["in", lines]},
			fields=["name", "uom", "conversion_factor", "stock_uom"],
			as_list=True,
		)
		if uom and uom != stock_uom and flt(factor) > 0
	}


def in_work_order(rows, where: dict, user: str) -> list:
	"""Picks first (the operator's own, then queued; tour order kept), then counts: the operator's
	own, highest priority, then in walking order (the bin's pick sequence, then code)."""
	picks = [r for r in rows if r.task_type != TaskType.COUNT.value]
	picks.sort(key=lambda r: r.assigned_to != user)  # stable: keeps tour order within each group
	to_count = [r for r in rows if r.task_type == TaskType.COUNT.value]
	to_count.sort(
		key=lambda r: (
			r.assigned_to != user,
			-int(r.priority or 0),
			int(where.get(r.source_bin, (None, 0))[1] or 0),
			where.get(r.source_bin, (r.source_bin or "",))[0] or "",
		)
	)
	return picks + to_count


def with_labels(row, where: dict, items: dict, units: dict) -> dict:
	"""The row as the handheld gets it: bin codes, the source bin's barcode and the item's
	barcodes added (its offline checks compare scans with the real labels); a Count row blind
	(no book qty, and no reason, which names the books)."""
	blind = {"qty": None, "exception_reason": None} if row.task_type == TaskType.COUNT.value else {}
	return dict(
		row,
		**blind,
		source_bin_code=where.get(row.source_bin, (None,))[0],
		source_bin_barcode=where.get(row.source_bin, (None, None, None))[2],
		destination_bin_code=where.get(row.destination_bin, (None,))[0],
		item_name=(items.get(row.item_code) or frappe._dict()).item_name,
		item_barcodes=(items.get(row.item_code) or frappe._dict(barcodes=[])).barcodes,
		pick_uom=units.get(row.reference_detail, (row.uom, 1.0))[0],
		pick_factor=units.get(row.reference_detail, (row.uom, 1.0))[1],
	)
