"""Labour figures: indirect time from the handheld, an operator's own day, and the rows the labour
reports aggregate.

Every read of other operators' rows goes through ``frappe.get_list`` so the privacy rules apply
(``wms_module.permissions``: an operator sees their own rows; a supervisor the warehouses their
User Permissions allow; a manager everything).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

import frappe
from frappe import _
from frappe.utils import flt, get_datetime, getdate, now_datetime

from wms_module.core.labor import (
	INDIRECT_ACTIVITIES,
	Interval,
	Shift,
	check_interval,
	overlaps,
	performance_percent,
	shift_date_of,
	utilisation,
)
from wms_module.exceptions import WMSValidationError
from wms_module.services import labor, labor_settings

ROW_FIELDS = [
	"name",
	"operator",
	"warehouse",
	"activity",
	"is_direct",
	"started_on",
	"ended_on",
	"duration_s",
	"lines",
	"units",
	"standard_s",
	"travel_m",
	"shift",
	"shift_date",
	"employee",
]


def _parsed(name: str, value) -> datetime:
	parsed = labor_settings.parse_client_time(value)
	if parsed is None:
		frappe.throw(
			_("{0} must be an ISO datetime (e.g. 2026-12-05T10:15:00Z), got {1!r}").format(name, value),
			WMSValidationError,
			title=_("Invalid time"),
		)
	return parsed


def record_indirect(*, activity: str, started_at, ended_at, remarks: str | None = None) -> dict:
	"""Log indirect time of the signed-in operator: ``activity`` (one of ``INDIRECT_ACTIVITIES``) from
	``started_at`` to ``ended_at``. Refused, naming the input: an unknown activity, a time that is
	not a datetime, an interval that ends before it starts, lies in the future or is longer than
	12 hours, and one that overlaps a row the operator already has."""
	if activity not in INDIRECT_ACTIVITIES:
		frappe.throw(
			_("activity must be one of {0}, got {1!r}").format(", ".join(INDIRECT_ACTIVITIES), activity),
			WMSValidationError,
		)
	started, ended = _parsed("started_at", started_at), _parsed("ended_at", ended_at)
	now, user = now_datetime(), frappe.session.user
	problem = check_interval(started, ended, now=now, max_hours=12)
	if problem:
		frappe.throw(
			_("{0} from started_at {1} to ended_at {2}: {3}").format(activity, started, ended, _(problem)),
			WMSValidationError,
		)
	check_no_overlap(user, started, ended, activity)
	ctx = labor.load_context(frappe._dict(name="", source_bin="", warehouse=""), user, now, tour=False)
	settings = labor_settings.labor_settings()
	row = {
		"operator": user,
		"employee": ctx.employee,
		"warehouse": ctx.last_warehouse,
		"activity": activity,
		"is_direct": 0,
		"started_on": started,
		"ended_on": ended,
		"duration_s": (ended - started).total_seconds(),
		"remarks": remarks,
		**labor.shift_fields(ctx, settings, started),
	}
	name = labor.insert_rows([row], user=user, now=now)[0]
	answer = {k: str(v) if isinstance(v, date) else v for k, v in row.items()}  # datetimes too
	return {"name": name, **answer, "minutes": round(row["duration_s"] / 60.0, 1)}


def check_no_overlap(user: str, started: datetime, ended: datetime, activity: str) -> None:
	"""Refuse an interval that overlaps one of ``user``'s labour rows. One query."""
	rows = frappe.db.sql(
		"""select name, activity, started_on, ended_on from `tabWMS Labor Log`
		where operator = %s and started_on < %s and coalesce(ended_on, started_on) > %s
		order by started_on limit 1""",
		(user, ended, started),
		as_dict=True,
	)
	clash = [
		r
		for r in rows
		if overlaps(
			(started, ended), [(get_datetime(r.started_on), get_datetime(r.ended_on or r.started_on))]
		)
	]
	if clash:
		r = clash[0]
		frappe.throw(
			_("{0} from started_at {1} to ended_at {2} overlaps your {3} from {4} to {5}").format(
				activity, started, ended, r.activity, r.started_on, r.ended_on
			),
			WMSValidationError,
			title=_("Overlapping time"),
		)


# -- reading rows (permission-checked) -----------------------------------------------------------


def rows_between(
	from_date: date, to_date: date, *, operator: str | None = None, warehouse: str | None = None
) -> list:
	"""Labour rows of shift dates ``from_date``..``to_date`` the caller may read (``frappe.get_list``:
	the permission hooks and User Permissions apply), oldest first."""
	filters = [["shift_date", "between", [from_date, to_date]]]
	if operator:
		filters.append(["operator", "=", operator])
	if warehouse:
		filters.append(["warehouse", "=", warehouse])
	return frappe.get_list(
		"WMS Labor Log", filters=filters, fields=ROW_FIELDS, order_by="started_on asc", limit_page_length=0
	)


def interval_of(row) -> Interval:
	start = get_datetime(row.started_on)
	end = get_datetime(row.ended_on) if row.ended_on else start + timedelta(seconds=flt(row.duration_s))
	return Interval(start, end, standard_s=flt(row.standard_s), direct=bool(row.is_direct))


def productivity(rows, *, by_shift: bool = False) -> list[dict]:
	"""Per operator and day (or shift): lines, units, direct and standard hours, performance %."""
	groups: dict[tuple, list] = defaultdict(list)
	for r in rows:
		groups[(r.operator, getdate(r.shift_date), r.shift if by_shift else None)].append(r)
	out = []
	for (operator, day, shift), items in sorted(
		groups.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2] or "")
	):
		direct = [r for r in items if r.is_direct]
		intervals = [interval_of(r) for r in direct]
		out.append(
			{
				"operator": operator,
				"shift_date": day,
				"shift": shift,
				"lines": sum(int(r.lines or 0) for r in direct),
				"units": sum(flt(r.units) for r in direct),
				"direct_hours": sum(i.seconds for i in intervals) / 3600.0,
				"standard_hours": sum(i.standard_s for i in intervals) / 3600.0,
				"travel_m": sum(flt(r.travel_m) for r in direct),
				"performance_percent": performance_percent(intervals),
			}
		)
	return out


def utilisation_rows(rows, settings) -> list[dict]:
	"""Per operator and shift date: paid, direct, indirect and idle hours and utilisation %. Paid
	time is the shift (HRMS's Shift Type when the row names one, else WMS Settings'), stretched by
	work logged before its start or after its end (overtime is paid time too); overlaps merged."""
	groups: dict[tuple, list] = defaultdict(list)
	for r in rows:
		groups[(r.operator, getdate(r.shift_date), r.shift or labor_settings.SITE_SHIFT)].append(r)
	shifts = shift_patterns({g[2] for g in groups}, settings)
	out = []
	for (operator, day, shift_name), items in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
		shift = shifts.get(shift_name, settings.shift)
		intervals = [interval_of(r) for r in items]
		window = paid_window(shift.window(day), intervals)
		u = utilisation(
			intervals,
			paid_s=(window[1] - window[0]).total_seconds(),
			window=window,
			paid_break_s=settings.defaults.paid_break_minutes * 60.0,
		)
		out.append(
			{
				"operator": operator,
				"shift_date": day,
				"shift": shift_name,
				"paid_hours": u.paid_s / 3600.0,
				"direct_hours": u.direct_s / 3600.0,
				"indirect_hours": u.indirect_s / 3600.0,
				"idle_hours": u.idle_s / 3600.0,
				"utilisation_percent": u.utilisation_percent,
			}
		)
	return out


def paid_window(shift_window: tuple, intervals) -> tuple:
	"""The shift's window, widened to the operator's first start and last end of the day."""
	begin, finish = shift_window
	if intervals:
		begin = min(begin, min(i.start for i in intervals))
		finish = max(finish, max(i.end for i in intervals))
	return begin, finish


def shift_patterns(names, settings) -> dict[str, Shift]:
	"""Shift name -> Shift: WMS Settings' own, and HRMS Shift Types by name (one query, with HRMS)."""
	out = {labor_settings.SITE_SHIFT: settings.shift}
	others = sorted(n for n in names if n and n != labor_settings.SITE_SHIFT)
	if others and labor_settings.hrms_installed():
		for r in frappe.get_all(
			"Shift Type", filters={"name": ["in", others]}, fields=["name", "start_time", "end_time"]
		):
			out[r.name] = labor_settings.shift_of_row(settings, r.name, r.start_time, r.end_time)
	return out


def my_day() -> dict:
	"""The signed-in operator's figures for the current shift date (own rows only): the shift date of
	their latest row, else today's by WMS Settings' shift."""
	user, now = frappe.session.user, now_datetime()
	settings = labor_settings.labor_settings()
	day = shift_date_of(settings.shift, now)
	rows = rows_between(day - timedelta(days=1), day + timedelta(days=1), operator=user)
	if rows:  # the operator's own shift (an HRMS night shift may have started yesterday)
		day = max(getdate(r.shift_date) for r in rows)
	rows = [r for r in rows if getdate(r.shift_date) == day]
	intervals = [interval_of(r) for r in rows]
	direct = [i for i in intervals if i.direct]
	return {
		"operator": user,
		"shift_date": str(day),
		"direct_minutes": round(sum(i.seconds for i in direct) / 60.0, 1),
		"indirect_minutes": round(sum(i.seconds for i in intervals if not i.direct) / 60.0, 1),
		"standard_minutes": round(sum(i.standard_s for i in direct) / 60.0, 1),
		"lines": sum(int(r.lines or 0) for r in rows if r.is_direct),
		"units": sum(flt(r.units) for r in rows if r.is_direct),
		"performance_percent": _rounded(performance_percent(direct)),
	}


def _rounded(value):
	return None if value is None else round(value, 1)
