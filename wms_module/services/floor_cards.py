"""The figures behind the WMS workspace's floor cards and chart.

Frappe v15's "Document Type" Number Card filters are fixed values (and its ``Timespan`` filter knows
days, weeks, months, not "the last hour"); nor can one divide two counts. So these cards are
"Custom" cards (frappe/desk/doctype/number_card: ``type`` Custom calls ``method`` with
``filters`` and shows ``value`` formatted by ``fieldtype``; ``route`` / ``route_options`` open a
list on click), and the hourly chart is a "Custom" Dashboard Chart whose Dashboard Chart Source
calls ``lines_picked_per_hour`` (Dashboard Chart time series go no finer than Daily).

Each figure is one query on an index, and covers the warehouses the user may see
(``services.floor.visible_warehouses``).

- A *line picked* is a Pick task finished with something picked (Done, or short with some units):
  its ``completed_on``.
- *Count accuracy* is the share of counts (operator or supervisor counts posted in the period;
  go-live counts excluded: they adopt stock, they do not check it) that found exactly the books:
  ``counted_qty == book_qty_at_count``.

Rows are found by ``modified`` (indexed), which is never earlier than ``completed_on`` or
``counted_on`` (the update that sets them sets ``modified``), then filtered on the exact column.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import frappe
from frappe.utils import cint, flt, get_datetime, now_datetime

from wms_module.core.bins import EPSILON
from wms_module.core.tasks import ACTIVE, TaskStatus, TaskType
from wms_module.core.waves import RELEASED
from wms_module.services.floor import in_scope, on_floor_sql, visible_warehouses
from wms_module.services.go_live_counts import LAYOUT as GO_LIVE

OPEN_AGE_MINUTES = 60
ACCURACY_DAYS = 30


def lines_picked(since: datetime, until: datetime | None = None, warehouses=None) -> list[datetime]:
	"""When each Pick line finished in [since, until]. One query."""
	values = {
		"pick": TaskType.PICK.value,
		"done": (TaskStatus.DONE.value, TaskStatus.EXCEPTION.value),
		"since": since,
		"until": until or now_datetime(),
		"warehouses": tuple(warehouses or ()),
	}
	rows = frappe.db.sql(
		f"""select t.completed_on from `tabWarehouse Task` t
		where t.modified >= %(since)s and t.task_type = %(pick)s and t.status in %(done)s
			and coalesce(t.picked_qty, 0) > 0 and coalesce(t.source_bin, '') != ''
			and t.completed_on >= %(since)s and t.completed_on <= %(until)s {in_scope(warehouses)}""",
		values,
	)
	return [get_datetime(r[0]) for r in rows]


def lines_picked_last_hour(now: datetime | None = None) -> int:
	now = now or now_datetime()
	return len(lines_picked(now - timedelta(hours=1), now, visible_warehouses()))


def open_tasks_older_than(minutes: int = OPEN_AGE_MINUTES, now: datetime | None = None) -> int:
	"""Tasks on the floor (as the floor view counts them) created more than ``minutes`` ago. One query."""
	warehouses = visible_warehouses()
	values = {
		"active": tuple(s.value for s in ACTIVE),
		"pick": TaskType.PICK.value,
		"released": RELEASED,
		"cutoff": (now or now_datetime()) - timedelta(minutes=minutes),
		"warehouses": tuple(warehouses or ()),
	}
	return cint(
		frappe.db.sql(
			f"""select count(*) from `tabWarehouse Task` t
			where {on_floor_sql()} and t.creation <= %(cutoff)s {in_scope(warehouses)}""",
			values,
		)[0][0]
	)


def count_accuracy(days: int = ACCURACY_DAYS, now: datetime | None = None) -> dict:
	"""{counts, exact, percent}: counts posted in the last ``days`` days and how many found the books
	exactly; percent None without counts. One query."""
	warehouses = visible_warehouses()
	since = (now or now_datetime()) - timedelta(days=days)
	row = frappe.db.sql(
		f"""select count(*) as counts,
			sum(case when abs(coalesce(t.counted_qty, 0) - coalesce(t.book_qty_at_count, 0)) <= %(eps)s
				then 1 else 0 end) as exact
		from `tabWarehouse Task` t
		left join `tabWarehouse Task` r on t.reference_doctype = 'Warehouse Task' and r.name = t.reference_name
		where t.modified >= %(since)s and t.task_type = %(count)s and t.status = %(done)s
			and t.counted_on >= %(since)s and coalesce(t.item_code, '') != ''
			and coalesce(r.reference_doctype, '') != %(go_live)s {in_scope(warehouses)}""",
		{
			"since": since,
			"count": TaskType.COUNT.value,
			"done": TaskStatus.DONE.value,
			"eps": EPSILON,
			"go_live": GO_LIVE,
			"warehouses": tuple(warehouses or ()),
		},
		as_dict=True,
	)[0]
	counts, exact = cint(row.counts), cint(row.exact)
	return {"counts": counts, "exact": exact, "percent": 100.0 * exact / counts if counts else None}


def lines_picked_per_hour(day: datetime | None = None, now: datetime | None = None) -> dict:
	"""Frappe chart data: lines picked in each hour of ``day`` (today), up to the current hour."""
	now = now or now_datetime()
	start = get_datetime(day or now).replace(hour=0, minute=0, second=0, microsecond=0)
	end = min(start + timedelta(days=1), now) if start <= now else start
	per_hour = [0] * 24
	for at in lines_picked(start, end, visible_warehouses()):
		per_hour[at.hour] += 1
	hours = range(0, (end.hour + 1) if end.date() == start.date() else 24)
	return {
		"labels": [f"{h:02d}:00" for h in hours],
		"datasets": [{"name": frappe._("Lines picked"), "values": [per_hour[h] for h in hours]}],
		"type": "bar",
	}


def number(value, fieldtype: str, route: list | None = None, route_options: dict | None = None) -> dict:
	"""A Custom Number Card's answer: number_card_widget.js reads ``value`` and formats it by
	``fieldtype``; ``route`` / ``route_options`` are where a click goes."""
	answer = {"value": flt(value) if fieldtype == "Percent" else cint(value), "fieldtype": fieldtype}
	if route:
		answer.update({"route": route, "route_options": route_options or {}})
	return answer
