"""The labour log: one WMS Labor Log row per pick confirmation and per count submission, written
from what the handheld already sends, in one bulk INSERT.

Per confirmation this costs two reads and one write, whatever the size of the wave:

1. the labour settings (``labor_settings.labor_settings``: WMS Settings' singles and standards
   table in one UNION ALL);
2. the *labour context* (``pick_context`` / ``count_context``), one SELECT of sub-selects: the
   operator's Employee (``Employee.user_id``, Active), the operator's last log row (its end and
   task), the task's creation, the previous stop of the tour (the task before it in the tour's
   ``sequence``, not cancelled) with its bin's layout position, this bin's position, how many
   stops of the tour are still open, the warehouse's layout geometry and, with HRMS, the
   operator's Shift Assignment / Shift Type;
3. ``frappe.db.bulk_insert`` of the row.

Travel (``travel_m``, ``core.labor.leg_of`` on ``core.layout``'s metric): a pick walks from the
previous stop of its tour, or from the depot for the first; the confirmation that leaves the tour
with no open stop also walks back to the depot. A task confirmed in parts counts its walk, task and
line elements once (on its first confirmation). A bin without layout coordinates, a task on no
tour and a count walk 0 m (a count is a stop on no tour; its standard is its element times).

When the work ended (``ended_on``): the handheld's ``confirmed_at`` (a confirmation queued offline
arrives later than it was made), if believable, else the confirmation's arrival.

When the task started (``started_on``): the handheld's ``started_at``, the time of its first scan
of the task, if believable (``core.labor.check_started_at``: not more than 2 minutes in the
future, not before the task was created, not more than 12 hours ago); else the end of the
operator's previous log row (within 12 hours); else the confirmation time. Never before the end of
the operator's previous row (rows of one operator do not overlap). And when the operator's
previous row is the previous stop of the same tour, the row starts where that one ended: the walk
between the two stops is part of this task, as its travel is part of its standard (SAP EWM
likewise starts executed workload at the end of the previous one). The walk back to the depot
after a tour's last stop is in that stop's standard, but nothing is scanned at the depot, so its
time is not measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import frappe
from frappe.utils import flt, get_datetime, now_datetime

from wms_module.core.errors import InvalidInput
from wms_module.core.labor import check_started_at, leg_of, shift_date_of, standard_for, task_standard
from wms_module.core.layout import PickLocation
from wms_module.core.tasks import ACTIVE
from wms_module.services import labor_settings
from wms_module.services.geometry import GEOMETRY_FIELDS, core_layout
from wms_module.services.rows import standard_values, with_standard_columns


@dataclass(frozen=True)
class HandheldTimes:
	"""What the handheld says about when the work happened (ISO datetimes, optional): ``started_at``,
	its first scan of the task; ``confirmed_at``, when the operator confirmed (a confirmation queued
	offline reaches the server later: its row ends when it was confirmed, not when it arrived)."""

	started_at: str | None = None
	confirmed_at: str | None = None


LOG = "WMS Labor Log"
LOG_COLUMNS = (
	"operator",
	"employee",
	"warehouse",
	"zone",
	"activity",
	"is_direct",
	"warehouse_task",
	"pick_wave",
	"started_on",
	"ended_on",
	"duration_s",
	"travel_m",
	"lines",
	"units",
	"standard_s",
	"shift",
	"shift_date",
	"remarks",
)
LOG_FIELDS = with_standard_columns(*LOG_COLUMNS)
NUMBERS = ("is_direct", "duration_s", "travel_m", "lines", "units", "standard_s")
"""Check / Int / Float columns: NOT NULL in the table (0, never None, in a bulk INSERT)."""
MAX_BACK = timedelta(hours=12)


def insert_rows(rows: list[dict], *, user: str, now: datetime) -> list[str]:
	"""Write labour log ``rows`` (dicts of ``LOG_COLUMNS``) in ONE statement; returns their names."""
	if not rows:
		return []
	values = []
	for i, row in enumerate(rows):
		standard = standard_values(now + timedelta(microseconds=i), user)
		values.append((*standard, *((row.get(c) or 0) if c in NUMBERS else row.get(c) for c in LOG_COLUMNS)))
	frappe.db.bulk_insert(LOG, LOG_FIELDS, values)
	return [v[0] for v in values]


EMPLOYEE_SQL = (
	"select e.name from `tabEmployee` e where e.user_id = %(user)s and e.status = 'Active'"
	" order by e.creation limit 1"
)
LAST_ROW_JOIN = """left join `tabWMS Labor Log` lastrow on lastrow.name = (select l.name from `tabWMS Labor Log` l
		where l.operator = %(user)s order by l.ended_on desc limit 1)"""


def _shift_sql() -> tuple[str, str]:
	"""(columns, joins) of the operator's HRMS Shift Assignment (only when HRMS is installed: its
	tables exist only then)."""
	if not labor_settings.hrms_installed():
		return "null as shift_type, null as shift_start, null as shift_end", ""
	joins = f"""left join `tabShift Assignment` sa on sa.name = (select a.name from `tabShift Assignment` a
		where a.docstatus = 1 and a.status = 'Active' and a.employee = ({EMPLOYEE_SQL})
		and a.start_date <= %(today)s and (a.end_date is null or a.end_date >= %(yesterday)s)
		order by a.start_date desc limit 1)
	left join `tabShift Type` st on st.name = sa.shift_type"""
	return "st.name as shift_type, st.start_time as shift_start, st.end_time as shift_end", joins


def context_sql(*, tour: bool) -> str:
	"""The labour context query (see the module doc); ``tour``: also the previous stop and the open
	stops of the task's tour."""
	geometry = ", ".join(f"wl.`{f}` as `layout_{f}`" for f in GEOMETRY_FIELDS)
	prev = (
		"""(select p.name from `tabWarehouse Task` p where p.pick_wave = %(wave)s and p.tour = %(tour)s
		and p.sequence < (select w2.sequence from `tabWarehouse Task` w2 where w2.name = %(task)s) and p.status != 'Cancelled' and p.name != %(task)s
		order by p.sequence desc limit 1)"""
		if tour
		else "null"
	)
	open_stops = (
		"""(select count(*) from `tabWarehouse Task` o where o.pick_wave = %(wave)s and o.tour = %(tour)s
		and o.name != %(task)s and o.status in %(active)s)"""
		if tour
		else "0"
	)
	shift_columns, shift_joins = _shift_sql()
	return f"""select ({EMPLOYEE_SQL}) as employee,
		lastrow.ended_on as last_end, lastrow.warehouse_task as last_task, lastrow.warehouse as last_warehouse,
		(select w.creation from `tabWarehouse Task` w where w.name = %(task)s) as task_created,
		pt.name as prev_task, {open_stops} as open_stops,
		here.layout_aisle as here_aisle, here.layout_bay as here_bay,
		prev.layout_aisle as prev_aisle, prev.layout_bay as prev_bay,
		{geometry}, {shift_columns}
	from (select 1 as one) base
	{LAST_ROW_JOIN}
	left join `tabStorage Bin` here on here.name = %(bin)s
	left join `tabWarehouse Task` pt on pt.name = {prev}
	left join `tabStorage Bin` prev on prev.name = pt.source_bin
	left join `tabWarehouse Layout` wl on wl.warehouse = %(warehouse)s
	{shift_joins}"""


def load_context(t, user: str, now: datetime, *, tour: bool) -> frappe._dict:
	"""ONE query: the labour context of task ``t`` for ``user`` (see ``context_sql``)."""
	params = {
		"user": user,
		"task": t.name,
		"bin": t.source_bin,
		"warehouse": t.warehouse,
		"wave": t.get("pick_wave"),
		"tour": t.get("tour") or 0,
		"active": tuple(s.value for s in ACTIVE),
		"today": now.date(),
		"yesterday": now.date() - timedelta(days=1),
	}
	return frappe.db.sql(context_sql(tour=tour), params, as_dict=True)[0]


def _location(aisle, bay):
	if aisle is None or bay is None:
		return None
	try:
		return PickLocation(aisle=int(aisle), bay=int(bay))
	except (InvalidInput, TypeError, ValueError):
		return None


def travel_of(ctx, *, first: bool, last: bool) -> float:
	"""The walking leg of this confirmation on the warehouse's layout (0 without positions)."""
	layout = core_layout({f: ctx.get(f"layout_{f}") for f in GEOMETRY_FIELDS})
	here = _location(ctx.here_aisle, ctx.here_bay)
	if layout is None or here is None:
		return 0.0
	try:
		layout.check(here)
		previous = _location(ctx.prev_aisle, ctx.prev_bay) if ctx.prev_task else None
		if previous is not None:
			layout.check(previous)
		if first:
			return leg_of(layout, previous, here, last=last)
		return layout.distance(here, layout.depot) if last else 0.0
	except InvalidInput:
		return 0.0


def _last_end(ctx, now: datetime) -> datetime | None:
	"""The end of the operator's previous row, when it lies within 12 hours before ``now``."""
	last_end = get_datetime(ctx.last_end) if ctx.last_end else None
	if last_end is not None and not (now - MAX_BACK <= last_end <= now):
		return None
	return last_end


def end_of(ctx, confirmed_at, now: datetime) -> datetime:
	"""When the row ends: the handheld's ``confirmed_at`` if believable (``check_started_at``'s
	rules: not more than 2 minutes ahead, not before the task was created, not more than 12 hours
	ago; and not before the operator's previous row ended), else now."""
	ended = labor_settings.parse_client_time(confirmed_at)
	created = get_datetime(ctx.task_created) if ctx.task_created else None
	last_end = _last_end(ctx, now)
	if not check_started_at(ended, now=now, created=created) or (last_end is not None and ended < last_end):
		return now
	return min(ended, now)


def start_of(ctx, started_at, ended: datetime, *, walking_on: bool) -> datetime:
	"""When the row starts (module doc): the believable first scan, else the previous row's end,
	else the row's end; never before the previous row's end; the previous row's end when walking on."""
	last_end = _last_end(ctx, ended)
	created = get_datetime(ctx.task_created) if ctx.task_created else None
	started = labor_settings.parse_client_time(started_at)
	if not check_started_at(started, now=ended, created=created):
		started = last_end or ended
	if last_end is not None and (started < last_end or walking_on):
		started = last_end
	return min(started, ended)


def shift_fields(ctx, settings, started: datetime) -> dict:
	"""The row's shift and shift date (HRMS assignment found by the context query, else the site's)."""
	shift = labor_settings.shift_of_row(
		settings, ctx.get("shift_type"), ctx.get("shift_start"), ctx.get("shift_end")
	)
	return {"shift": shift.name, "shift_date": shift_date_of(shift, started)}


def write_direct(t, ctx, settings, row: dict, *, now: datetime) -> str:
	"""Complete a direct-work ``row`` (operator, employee, shift, duration) and insert it."""
	user = frappe.session.user
	started, ended = row["started_on"], row["ended_on"]
	row.update(
		operator=user,
		employee=ctx.employee,
		warehouse=t.warehouse,
		zone=t.get("zone"),
		is_direct=1,
		warehouse_task=t.name,
		pick_wave=t.get("pick_wave"),
		duration_s=max(0.0, (ended - started).total_seconds()),
		**shift_fields(ctx, settings, started),
	)
	return insert_rows([row], user=user, now=now)[0]


def record_pick(t, *, qty: float, first: bool, final: bool, times: HandheldTimes | None = None) -> str:
	"""Log one pick confirmation of task ``t`` (the locked row as it was before): ``qty`` units,
	``first``: no unit of it was picked before, ``final``: the task is finished (Done or short).
	Two reads and one INSERT (module doc)."""
	now, times = now_datetime(), times or HandheldTimes()
	settings = labor_settings.labor_settings()
	on_tour = bool(t.get("pick_wave"))
	ctx = load_context(t, frappe.session.user, now, tour=on_tour)
	last = bool(final and on_tour and not int(ctx.open_stops or 0))
	travel = travel_of(ctx, first=first, last=last) if on_tour else 0.0
	elements = standard_for(settings.defaults, settings.rules, "Pick", t.get("zone"))
	walking_on = bool(first and ctx.prev_task and ctx.last_task == ctx.prev_task)
	ended = end_of(ctx, times.confirmed_at, now)
	row = {
		"activity": "Pick",
		"started_on": start_of(ctx, times.started_at, ended, walking_on=walking_on),
		"ended_on": ended,
		"travel_m": travel,
		"lines": 1 if first else 0,
		"units": flt(qty),
		"standard_s": task_standard(elements, travel_m=travel, units=flt(qty), first=first),
	}
	return write_direct(t, ctx, settings, row, now=now)


def record_count(t, *, counted_qty: float, times: HandheldTimes | None = None) -> str:
	"""Log an operator's count of Count task ``t``: one line, the counted units, no travel (a count
	is on no tour). Two reads and one INSERT."""
	return record_one_line(t, "Count", units=counted_qty, times=times)


def record_putaway(t, *, qty: float, destination: str, times: HandheldTimes | None = None) -> str:
	"""Log one putaway confirmation of task ``t`` (the locked row as it was before): ``qty`` units
	into bin ``destination``. A putaway is one line on no tour: its walk is from the depot (the dock)
	to the destination and back, on the warehouse's layout (0 m without positions). Two reads and
	one INSERT, as for a pick."""
	return record_one_line(t, "Putaway", units=qty, times=times, walk_to=destination)


def record_inspection(t, *, qty: float) -> str:
	"""Log one inspection decision on Inspect task ``t`` (the locked row as it was before): ``qty``
	units looked at where the return waits (the returns bin), so no walk; the standard of task type
	Inspect (WMS Settings > Labour). Two reads and one INSERT, as for a putaway."""
	return record_one_line(t, "Inspect", units=qty)


def record_one_line(
	t, activity: str, *, units: float, times: HandheldTimes | None = None, walk_to: str | None = None
) -> str:
	"""Log one confirmation of task ``t``, on no tour, as one line of ``units`` of ``activity``
	(its standard by task type and zone). ``walk_to``: the bin walked to from the depot and back
	(the travel on the layout), else no walk. Two reads and one INSERT."""
	now, times = now_datetime(), times or HandheldTimes()
	settings = labor_settings.labor_settings()
	task = frappe._dict(t, source_bin=walk_to) if walk_to else t
	ctx = load_context(task, frappe.session.user, now, tour=False)
	travel = travel_of(ctx, first=True, last=True) if walk_to else 0.0
	elements = standard_for(settings.defaults, settings.rules, activity, t.get("zone"))
	ended = end_of(ctx, times.confirmed_at, now)
	row = {
		"activity": activity,
		"started_on": start_of(ctx, times.started_at, ended, walking_on=False),
		"ended_on": ended,
		"travel_m": travel,
		"lines": 1,
		"units": flt(units),
		"standard_s": task_standard(elements, travel_m=travel, units=flt(units), first=True),
	}
	return write_direct(t, ctx, settings, row, now=now)
