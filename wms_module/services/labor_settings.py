"""WMS Settings > Labour as the labour log reads it (one query), shifts, and the handheld's times.

Shifts: HRMS's Shift Assignment / Shift Type when HRMS is installed (ERPNext v15 alone has no
Shift Type doctype: it moved to the HRMS app in v14; the v15 sources this project builds from
have none), else the shift of WMS Settings (start, end, paid break). "HRMS installed" is read from
``frappe.get_installed_apps()`` (the site's installed_apps global, cached), so the check costs a
confirmation no query; the Shift Assignment itself is read inside the labour context query
(``services.labor``) only when HRMS is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

import frappe
from frappe.utils import flt, now_datetime

from wms_module.core.labor import LaborDefaults, Shift, StandardRule

SETTINGS_FIELDS = {
	"labor_walking_speed_m_s": "walking_speed_m_s",
	"labor_per_task_s": "per_task_s",
	"labor_per_line_s": "per_line_s",
	"labor_per_unit_s": "per_unit_s",
	"labor_paid_break_minutes": "paid_break_minutes",
}
SITE_SHIFT = "WMS Settings"
"""The shift name a log row carries when the site's own shift (not HRMS) applies."""


@dataclass(frozen=True)
class LaborSettings:
	defaults: LaborDefaults
	rules: tuple[StandardRule, ...] = ()

	@property
	def shift(self) -> Shift:
		return Shift(SITE_SHIFT, self.defaults.shift_start, self.defaults.shift_end)


def to_time(value, default: time) -> time:
	"""A Time field's value (``"06:00:00"``, a timedelta as MariaDB returns it, a time) as a time."""
	if value in (None, ""):
		return default
	if isinstance(value, time):
		return value
	if isinstance(value, timedelta):
		seconds = int(value.total_seconds()) % 86400
		return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
	parts = [int(float(p)) for p in str(value).split(":")[:3]]
	while len(parts) < 3:
		parts.append(0)
	return time(parts[0] % 24, parts[1], parts[2])


def labor_settings() -> LaborSettings:
	"""The labour defaults and the standards table of WMS Settings. ONE query (the singles and the
	table's rows in one UNION ALL); fields never saved keep the documented defaults."""
	rows = frappe.db.sql(
		"""select 'setting' as kind, field as fieldname, value, null as task_type, null as zone,
			0 as walking_speed_m_s, 0 as per_task_s, 0 as per_line_s, 0 as per_unit_s
		from `tabSingles` where doctype = 'WMS Settings' and field in %(fields)s
		union all
		select 'rule', null, null, task_type, zone, walking_speed_m_s, per_task_s, per_line_s, per_unit_s
		from `tabWMS Labor Standard` where parenttype = 'WMS Settings' and parentfield = 'labor_standards'""",
		{"fields": (*SETTINGS_FIELDS, "labor_shift_start", "labor_shift_end")},
		as_dict=True,
	)
	values = {r.fieldname: r.value for r in rows if r.kind == "setting" and r.value not in (None, "")}
	d = LaborDefaults()
	kwargs = {own: flt(values[field]) for field, own in SETTINGS_FIELDS.items() if field in values}
	if kwargs.get("walking_speed_m_s", 1) <= 0:
		kwargs.pop("walking_speed_m_s")
	defaults = LaborDefaults(
		**kwargs,
		shift_start=to_time(values.get("labor_shift_start"), d.shift_start),
		shift_end=to_time(values.get("labor_shift_end"), d.shift_end),
	)
	rules = tuple(
		StandardRule(
			r.task_type,
			r.zone or None,
			flt(r.walking_speed_m_s),
			flt(r.per_task_s),
			flt(r.per_line_s),
			flt(r.per_unit_s),
		)
		for r in rows
		if r.kind == "rule"
	)
	return LaborSettings(defaults, rules)


LABOUR_DEFAULTS = {
	"labor_walking_speed_m_s": 0.8,
	"labor_per_task_s": 10,
	"labor_per_line_s": 6,
	"labor_per_unit_s": 2,
	"labor_shift_start": "06:00:00",
	"labor_shift_end": "14:00:00",
	"labor_paid_break_minutes": 30,
}
"""The Labour section's defaults (as in wms_settings.json and core.labor.LaborDefaults)."""


SHIFT_FIELDS = ("labor_shift_start", "labor_shift_end")


def ensure_labor_defaults() -> None:
	"""Write the Labour section's defaults into WMS Settings where the site has no value yet
	(install and migrate): a Single's JSON defaults are not stored by ``bench migrate``, and a
	settings form saved without them would store 0. Values already there are left alone, except a
	shift that Frappe itself set to the moment of install (``shift_set_by_install``)."""
	have = dict(
		frappe.db.sql(
			"select field, value from `tabSingles` where doctype = 'WMS Settings' and field in %s",
			(tuple(LABOUR_DEFAULTS),),
		)
	)
	missing = {k: v for k, v in LABOUR_DEFAULTS.items() if k not in have}
	if shift_set_by_install(*(have.get(f) for f in SHIFT_FIELDS)):
		missing.update({f: LABOUR_DEFAULTS[f] for f in SHIFT_FIELDS})
	if missing:
		frappe.db.set_single_value("WMS Settings", missing)


def shift_set_by_install(start, end) -> bool:
	"""True for the shift Frappe v15 stores when it installs an app: ``installer.install_app`` ->
	``add_to_installed_apps`` -> ``post_install`` -> ``init_singles`` saves ``frappe.new_doc`` of
	every empty Single, and ``model/create_new.py`` ``set_dynamic_default_values`` sets *every*
	Time field of a new document to ``nowtime()``, whatever its default. So a fresh site's shift
	starts and ends at the same moment of install (e.g. 14:02:11.384394 / 14:02:11.384488), and
	after_install runs too late to see an empty field. A time typed in the desk has no
	microseconds; two within a second of each other, both with microseconds, are that."""
	if not (start and end and "." in str(start) and "." in str(end)):
		return False
	try:
		return abs(_seconds_of_day(end) - _seconds_of_day(start)) <= 1
	except (TypeError, ValueError):
		return False


def _seconds_of_day(value) -> int:
	t = to_time(value, time())
	return t.hour * 3600 + t.minute * 60 + t.second


LOG_INDEXES = (["operator", "ended_on"], ["operator", "started_on"])
"""WMS Labor Log's composite indexes: each confirmation reads the operator's latest row (ORDER BY
ended_on DESC LIMIT 1), and indirect time checks the operator's rows around an interval; with the
operator index alone both would sort all of an operator's rows (a year is ~100,000)."""


def ensure_log_indexes() -> None:
	"""Add ``LOG_INDEXES`` (``frappe.db.add_index``: skipped when there; MariaDB commits first)."""
	for fields in LOG_INDEXES:
		frappe.db.add_index("WMS Labor Log", fields)


def hrms_installed() -> bool:
	"""HRMS (Shift Type, Shift Assignment) is on the site. No query on a warm site."""
	return "hrms" in frappe.get_installed_apps()


def shift_of_row(settings: LaborSettings, shift_type: str | None, start, end) -> Shift:
	"""The operator's HRMS shift when the context query found one, else the site's."""
	if shift_type:
		return Shift(
			shift_type,
			to_time(start, settings.defaults.shift_start),
			to_time(end, settings.defaults.shift_end),
		)
	return settings.shift


def parse_client_time(value) -> datetime | None:
	"""The handheld's ISO datetime as a naive datetime in the system time zone, or None when it is
	missing or not a datetime.

	A value with an offset (``2026-12-05T07:01:02.345Z``, what ``Date.toISOString()`` sends) is
	moved to the server's wall clock by the offset between ``now_datetime()`` (system time zone)
	and UTC, rounded to the quarter hour; a value without an offset is taken as system time."""
	if value in (None, ""):
		return None
	if isinstance(value, datetime):
		parsed = value
	else:
		try:
			parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00").replace(" ", "T", 1))
		except ValueError:
			return None
	if parsed.tzinfo is None:
		return parsed
	utc = parsed.astimezone(timezone.utc).replace(tzinfo=None)
	offset_s = (now_datetime() - datetime.now(timezone.utc).replace(tzinfo=None)).total_seconds()
	quarter = round(offset_s / 900) * 900
	return utc + timedelta(seconds=quarter)
