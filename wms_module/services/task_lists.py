"""The operator's work list on the handheld: picks of released waves, then putaways, then blind counts."""

from __future__ import annotations

import base64
import json

import frappe
from frappe import _
from frappe.utils import flt

from wms_module.core.tasks import ACTIVE, TaskType
from wms_module.core.waves import RELEASED
from wms_module.erp import SALES_ORDER
from wms_module.services import tasks as task_service

LISTED_TYPES = (None, "", TaskType.PICK.value, TaskType.PUTAWAY.value, TaskType.COUNT.value)
"""What ``my_tasks`` may be asked for (None or "": picks and counts)."""
PAGE_SIZE = 200
"""Rows in one page of ``my_tasks`` unless the caller asks for another size (1 to MAX_PAGE_SIZE)."""
MAX_PAGE_SIZE = 500

SORT_KEY = (
	"case when t.task_type = %(count)s then 2 when t.task_type = %(putaway)s then 1 else 0 end",
	"case when t.assigned_to = %(user)s then 0 else 1 end",
	"coalesce(t.pick_wave, '')",
	"coalesce(t.tour, 0)",
	"coalesce(t.sequence, 0)",
	"case when t.task_type in (%(count)s, %(putaway)s) then -coalesce(t.priority, 0) else 0 end",
	"case when t.task_type = %(count)s then coalesce(b.pick_sequence, 0) else 0 end",
	"case when t.task_type = %(count)s then coalesce(b.bin_code, t.source_bin, '') else '' end",
	"t.creation",
	"t.name",
)
"""The work order as SQL: picks, then putaways, then counts; each the operator's own first; picks
by wave, tour and route sequence; putaways by priority, then oldest first (the dock empties in the
order it filled); counts by priority (highest first), then the bin's pick sequence and code; then
creation and name, so that every row has its own place and a cursor can resume after it."""


def my_tasks(
	*,
	user: str | None = None,
	wave: str | None = None,
	task_type: str | None = None,
	limit: int | None = None,
	after: str | None = None,
) -> list[dict]:
	"""The operator's task list: picks, then counts (``task_type`` "Pick" or "Count": only those);
	Putaway tasks when asked for (``task_type`` "Putaway": the putaway screen's list; the pick
	screen's list, asked for everything, stays picks and counts).

	Picks: tasks of released waves assigned to the operator first, then tasks of released tours
	queued for anyone (zone queues); each in tour and route order. Tasks not yet in a released
	wave (an order waiting to be waved, a wave still being planned) are nobody's work yet, so
	they are not offered.

	Putaways (``services.putaway``, ``task_type`` "Putaway" only): open Putaway tasks assigned to
	the operator or queued for anyone (receipts' pallets on the dock, staged picks going back), the
	operator's own first, then by priority (highest first) and age (oldest first). Their rows carry ``suggested_bin_code`` / ``suggested_bin_barcode`` next
	to the source and destination bin codes, and the task's ``sscc``.

	Counts (``services.counts``): open Count tasks assigned to the operator or queued for anyone,
	after the picks so a tour is not broken up; the operator's own first, then by priority
	(highest first), then in walking order (the bin's pick_sequence). A ``wave`` lists only that
	wave's picks (counts belong to no wave). Counts are BLIND, as is the norm in cycle counting:
	an operator who sees the book qty tends to find it, so a Count row's ``qty`` (the books when
	the count was opened) and ``exception_reason`` (which names the books) are None here.

	Paged, never cut silently: at most ``limit`` rows (``PAGE_SIZE``, at most ``MAX_PAGE_SIZE``),
	each with its ``cursor``; a full page may have more after it: ask again with ``after`` = the
	last row's cursor. A shorter page is the end of the list.

	Each row also carries ``source_bin_code`` / ``destination_bin_code`` (what the handheld
	shows: "go to A-01-01"), ``source_bin_barcode``, ``item_name`` and ``item_barcodes`` (the real labels,
	for the handheld's checks without a connection), and ``pick_uom`` / ``pick_factor``: the unit
	the order line was sold in and how many stock units one holds (a pick of 24 Nos sold as 2 Box of
	12 is picked as 2 Box; the task's ``qty`` stays in stock units). Four queries: the tasks
	(released waves as a subquery), their bins, their items with their barcodes, their order lines.
	"""
	user = user or frappe.session.user
	if task_type not in LISTED_TYPES:
		frappe.throw(
			_("task_type must be Pick, Putaway or Count (or empty for picks and counts), got {0!r}").format(
				task_type
			)
		)
	page = page_size(limit)
	rows = open_tasks_of(user, wave=wave, task_type=task_type, limit=page, after=cursor_key(after))
	where = bin_labels(rows)
	labels = item_labels(rows)
	units = pick_units(rows)
	return [with_labels(r, where, labels, units) for r in rows]


def page_size(limit) -> int:
	if limit in (None, ""):
		return PAGE_SIZE
	try:
		size = int(limit)
	except (TypeError, ValueError):
		size = 0
	if str(size) != str(limit).strip() or not 1 <= size <= MAX_PAGE_SIZE:
		frappe.throw(_("limit must be a whole number from 1 to {0}, got {1!r}").format(MAX_PAGE_SIZE, limit))
	return size


def cursor_of(key) -> str:
	"""A row's place in the work order as an opaque token (url-safe base64 of its sort key)."""
	# numbers stay numbers: SQLite orders every number before every text, so "3" is not 3 there
	plain = [v if v is None or isinstance(v, int | float | str) else str(v) for v in key]
	return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode()


def cursor_key(after: str | None) -> list | None:
	"""The sort key a cursor stands for; a cursor not made by ``cursor_of`` is refused, named."""
	if not after:
		return None
	try:
		key = json.loads(base64.urlsafe_b64decode(after.encode()))
		if isinstance(key, list) and len(key) == len(SORT_KEY):
			return key
	except (ValueError, TypeError):
		pass
	frappe.throw(_("after must be the cursor of a row of my_tasks, got {0!r}").format(after[:80]))


def open_tasks_of(
	user: str, *, wave: str | None, task_type: str | None, limit: int, after: list | None
) -> list:
	"""Open tasks the operator may start, one page in work order (``SORT_KEY``) after the row
	``after`` stands for: picks of released waves (of ``wave``), counts (unless a wave or Pick is
	asked for); theirs or queued for anyone. One query (a union, each branch on an index)."""
	values = {
		"active": tuple(s.value for s in ACTIVE),
		"user": user,
		"released": RELEASED,
		"wave": wave,
		"pick": TaskType.PICK.value,
		"count": TaskType.COUNT.value,
		"putaway": TaskType.PUTAWAY.value,
		"limit": limit,
	}
	branches = work_branches(
		picks=task_type in (None, "", TaskType.PICK.value),
		counts=task_type in (None, "", TaskType.COUNT.value) and not wave,
		wave=wave,
		putaways=task_type == TaskType.PUTAWAY.value and not wave,
	)
	if not branches:
		return []
	resume = ""
	if after is not None:
		values.update({f"k{i}": v for i, v in enumerate(after)})
		resume = "and ({}) > ({})".format(
			", ".join(SORT_KEY), ", ".join(f"%(k{i})s" for i in range(len(after)))
		)
	branch = """select * from (select {fields}, {keys} from `tabWarehouse Task` t
		left join `tabStorage Bin` b on b.name = t.source_bin
		where t.status in %(active)s and {where} {resume}
		order by {order} limit %(limit)s) as b{n}"""
	rows = frappe.db.sql(
		"select * from ({union}) as u order by {order} limit %(limit)s".format(
			union=" union all ".join(
				branch.format(
					fields=", ".join(f"t.`{f}`" for f in task_service.READ_FIELDS),
					keys=", ".join(f"{k} as `_k{i}`" for i, k in enumerate(SORT_KEY)),
					where=where,
					resume=resume,
					order=", ".join(SORT_KEY),
					n=n,
				)
				for n, where in enumerate(branches)
			),
			order=", ".join(f"u.`_k{i}`" for i in range(len(SORT_KEY))),
		),
		values,
		as_dict=True,
	)
	for r in rows:
		r.cursor = cursor_of([r.pop(f"_k{i}") for i in range(len(SORT_KEY))])
	return rows


def work_branches(*, picks: bool, counts: bool, wave: str | None, putaways: bool = False) -> list[str]:
	"""The filters of ``open_tasks_of``'s union, one per index the database can walk: the operator's
	own tasks (assigned_to), tours of released waves queued for anyone (pick_wave), counts queued for
	anyone (task_type). A single "assigned to me OR to nobody" filter reads every open task of the
	site instead (a full scan at 12,000 open tasks on MariaDB: tools/realbench/scale_check.sh)."""
	pick = """t.task_type=%(pick)s and t.pick_wave in (select w.name from `tabPick Wave` w
		where w.status in %(released)s{wave})""".format(wave=" and w.name=%(wave)s" if wave else "")
	count = "t.task_type=%(count)s"
	putaway = "t.task_type=%(putaway)s"
	queued = "(t.assigned_to is null or t.assigned_to = '')"  # not coalesce(): an index can find these
	kinds = [k for k, wanted in ((pick, picks), (putaway, putaways), (count, counts)) if wanted]
	if not kinds:
		return []
	branches = [f"t.assigned_to=%(user)s and ({' or '.join(kinds)})"]
	branches += [f"{queued} and {k}" for k in kinds]
	return branches


def bin_labels(rows) -> dict[str, tuple[str, str]]:
	"""Storage Bin name -> (bin code, barcode) for every bin of ``rows``. One query (none without
	bins)."""
	bins = {b for r in rows for b in (r.source_bin, r.destination_bin, r.get("suggested_bin")) if b}
	if not bins:
		return {}
	return {
		name: (code, barcode)
		for name, code, barcode in frappe.get_all(
			"Storage Bin",
			filters={"name": ["in", sorted(bins)]},
			fields=["name", "bin_code", "barcode"],
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


def with_labels(row, where: dict, items: dict, units: dict) -> dict:
	"""The row as the handheld gets it: bin codes, the source bin's barcode and the item's
	barcodes added (its offline checks compare scans with the real labels); a Count row blind
	(no book qty, and no reason, which names the books)."""
	blind = {"qty": None, "exception_reason": None} if row.task_type == TaskType.COUNT.value else {}
	return dict(
		row,
		**blind,
		source_bin_code=where.get(row.source_bin, (None, None))[0],
		source_bin_barcode=where.get(row.source_bin, (None, None))[1],
		destination_bin_code=where.get(row.destination_bin, (None, None))[0],
		suggested_bin_code=where.get(row.get("suggested_bin"), (None, None))[0],
		suggested_bin_barcode=where.get(row.get("suggested_bin"), (None, None))[1],
		item_name=(items.get(row.item_code) or frappe._dict()).item_name,
		item_barcodes=(items.get(row.item_code) or frappe._dict(barcodes=[])).barcodes,
		pick_uom=units.get(row.reference_detail, (row.uom, 1.0))[0],
		pick_factor=units.get(row.reference_detail, (row.uom, 1.0))[1],
	)
