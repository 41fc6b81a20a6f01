"""Labour: engineered standards, performance, utilisation, idle time and shifts (no frappe).

Engineered standard of one task (SAP EWM's "planned duration" of executed workload)::

	standard_s = travel_m / walking_speed_m_s + per_task_s + per_line_s * lines + per_unit_s * units

``travel_m`` is the task's walking leg on the warehouse layout (``core.layout`` metric): from the
previous stop of its tour (or the depot for the first), plus the walk back to the depot for the
last. The element times come from the most specific :class:`StandardRule`: task type + zone, then
task type alone, then :class:`LaborDefaults`.

Defaults and where they come from
---------------------------------

* Travel is the biggest part of a picker's time: about 50 % (travel 50 %, search 20 %, extract
  15 %, set-up 10 %, other 5 %) in the "typical distribution of an order picker's time" of
  Tompkins, White, Bozer & Tanchoco, *Facilities Planning* (Wiley, 3rd/4th ed., figure "typical
  distribution of an order picker's time"), repeated by de Koster, Le-Duc & Roodbergen (2007),
  "Design and control of warehouse order picking: a literature review", EJOR 182(2) 481-501,
  which also puts order picking at up to 55 % of a warehouse's operating cost. Elbert & Müller
  (Winter Simulation Conference 2017; IFAC 2017) likewise start from "approximately 50 %" travel
  and show that planning models assume a constant picker speed. So the standard is dominated by
  ``travel_m / walking_speed``, and a better route lowers the standard, never the performance.
* ``walking_speed_m_s = 0.8``: a judgement, the low end of the 0.8-1.0 m/s usually assumed for a
  picker pushing a cart (free walking is faster, ~1.3 m/s; stops, turns and a loaded cart slow the
  picker down, Elbert & Müller 2017). Not a measured figure: time-study your own floor.
* Element times (judgement, MOST-style element build-up, not taken from a published table; the
  split keeps travel near half of the standard on a typical tour of ~10 m between stops):
  ``per_task_s = 10`` (find the location, scan the bin), ``per_line_s = 6`` (scan the item, read
  and confirm the screen, put into the tote), ``per_unit_s = 2`` (grasp and place one unit). They
  apply to every task type without its own row; for counts a row such as Count: 15 s per task,
  10 s per line, 1.5 s per unit (slower per bin, faster per unit than picking) is a suggestion,
  also a judgement.

Every number is a setting (WMS Settings > Labour); the defaults only make a fresh site sensible.

Performance, utilisation, idle (EWM's "performance" and "utilisation" of labour management)
-----------------------------------------------------------------------------------------

* performance % = Σ standard ÷ Σ actual, over **direct** rows only (indirect time has no
  standard); 100 % means working at the engineered pace.
* utilisation % = direct ÷ paid time.
* idle = paid − direct − indirect, with the rows' intervals merged first so overlapping rows
  never count twice, and clipped to the paid window (the shift, widened by overtime in the reports).

Shifts: a shift runs from ``start`` to ``end`` (times of day); ``end <= start`` crosses midnight.
A moment belongs to the shift that contains it; its *shift date* is the date the shift started (a
night shift 22:00-06:00 worked at 02:00 on the 6th has shift date the 5th).

>>> d = LaborDefaults()
>>> standard_seconds(standard_for(d, (), "Pick", None), travel_m=8.0, lines=1, units=3)
32.0
>>> performance_percent([Interval(0, 60, standard_s=45.0, direct=True)])
75.0
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from wms_module.core.errors import InvalidInput

INDIRECT_ACTIVITIES = ("Break", "Meeting", "Cleaning", "Waiting for Stock", "Equipment", "Other")
"""Indirect time the handheld may log (WMS Labor Log.activity): no standard, no task."""
DIRECT_ACTIVITIES = ("Pick", "Count", "Putaway", "Move", "Replenish", "Inspect")
"""Work on a Warehouse Task of that type."""


@dataclass(frozen=True)
class Elements:
	"""Element times of one task type: walking speed (m/s) and seconds per task, line and unit."""

	walking_speed_m_s: float
	per_task_s: float
	per_line_s: float
	per_unit_s: float


@dataclass(frozen=True)
class LaborDefaults:
	"""WMS Settings > Labour: the fall-back element times and the site's shift."""

	walking_speed_m_s: float = 0.8
	per_task_s: float = 10.0
	per_line_s: float = 6.0
	per_unit_s: float = 2.0
	shift_start: time = time(6, 0)
	shift_end: time = time(14, 0)
	paid_break_minutes: float = 30.0

	def elements(self) -> Elements:
		return Elements(self.walking_speed_m_s, self.per_task_s, self.per_line_s, self.per_unit_s)


@dataclass(frozen=True)
class StandardRule:
	"""One row of WMS Settings' standards table; 0 (or None) in a field: take it from the next rule."""

	task_type: str
	zone: str | None = None
	walking_speed_m_s: float | None = None
	per_task_s: float | None = None
	per_line_s: float | None = None
	per_unit_s: float | None = None


def _given(value) -> bool:
	return value is not None and value > 0


def standard_for(
	defaults: LaborDefaults, rules: Sequence[StandardRule], task_type: str, zone: str | None
) -> Elements:
	"""The element times for ``task_type`` in ``zone``: each field from the most specific rule that
	sets it (task type + zone, then task type without zone), else from the defaults.

	>>> rules = [StandardRule("Pick", per_line_s=9), StandardRule("Pick", "Z1", per_unit_s=4)]
	>>> standard_for(LaborDefaults(), rules, "Pick", "Z1")
	Elements(walking_speed_m_s=0.8, per_task_s=10.0, per_line_s=9, per_unit_s=4)
	"""
	chain = [r for r in rules if r.task_type == task_type and zone and r.zone == zone]
	chain += [r for r in rules if r.task_type == task_type and not r.zone]
	base = defaults.elements()
	values = {}
	for name in ("walking_speed_m_s", "per_task_s", "per_line_s", "per_unit_s"):
		values[name] = next(
			(getattr(r, name) for r in chain if _given(getattr(r, name))), getattr(base, name)
		)
	return Elements(**values)


def standard_seconds(elements: Elements, *, travel_m: float, lines: float, units: float) -> float:
	"""travel ÷ walking speed + per task + per line × lines + per unit × units (seconds).

	A task confirmed in parts is one task: the caller passes ``lines=0`` and no per-task element
	(``first=False`` in ``task_standard``) for the later parts."""
	for name, value in (("travel_m", travel_m), ("lines", lines), ("units", units)):
		if value < 0:
			raise InvalidInput(f"{name} must be >= 0, got {value}")
	if elements.walking_speed_m_s <= 0:
		raise InvalidInput(f"walking speed must be > 0 m/s, got {elements.walking_speed_m_s}")
	return (
		travel_m / elements.walking_speed_m_s
		+ elements.per_task_s
		+ elements.per_line_s * lines
		+ elements.per_unit_s * units
	)


def task_standard(elements: Elements, *, travel_m: float, units: float, first: bool) -> float:
	"""The standard of one confirmation of a task: the whole task's travel, task and line elements
	on its first confirmation; only the units on a later part of the same task."""
	if first:
		return standard_seconds(elements, travel_m=travel_m, lines=1, units=units)
	return elements.per_unit_s * max(0.0, units)


# -- legs of a tour ------------------------------------------------------------------------


def tour_legs(layout, stops: Sequence) -> list[float]:
	"""Walking leg of each stop of a tour on ``layout`` (``layout.distance``): from the previous
	stop (the depot for the first), the last also back to the depot. ``sum`` equals
	``core.routing.sequence_length(layout, stops)``."""
	legs = []
	prev = layout.depot
	for i, stop in enumerate(stops):
		leg = layout.distance(prev, stop)
		if i == len(stops) - 1:
			leg += layout.distance(stop, layout.depot)
		legs.append(leg)
		prev = stop
	return legs


def leg_of(layout, previous, here, *, last: bool) -> float:
	"""One stop's leg: from ``previous`` (None: the depot) to ``here``, plus back to the depot when
	it is the tour's ``last`` stop."""
	leg = layout.distance(layout.depot if previous is None else previous, here)
	return leg + (layout.distance(here, layout.depot) if last else 0.0)


# -- intervals, performance, utilisation ---------------------------------------------------


@dataclass(frozen=True)
class Interval:
	"""A labour log row as the figures see it: [start, end) in seconds (or datetimes), its standard,
	whether it is direct work."""

	start: float | datetime
	end: float | datetime
	standard_s: float = 0.0
	direct: bool = True

	@property
	def seconds(self) -> float:
		return _seconds(self.end, self.start)


def _seconds(end, start) -> float:
	delta = end - start
	return delta.total_seconds() if isinstance(delta, timedelta) else float(delta)


def performance_percent(rows: Iterable[Interval]) -> float | None:
	"""Σ standard ÷ Σ actual × 100 over the direct rows; None when no direct time was logged.

	>>> performance_percent([Interval(0, 100, 50.0), Interval(100, 200, 150.0), Interval(200, 900, 0, direct=False)])
	100.0
	"""
	direct = [r for r in rows if r.direct]
	actual = sum(max(0.0, r.seconds) for r in direct)
	if actual <= 0:
		return None
	return 100.0 * sum(r.standard_s for r in direct) / actual


def merge(intervals: Iterable[tuple]) -> list[tuple]:
	"""Overlapping or touching (start, end) pairs merged, sorted; empty ones dropped.

	>>> merge([(5, 8), (0, 2), (1, 3), (8, 9), (4, 4)])
	[(0, 3), (5, 9)]
	"""
	out: list[list] = []
	for start, end in sorted(i for i in intervals if _seconds(i[1], i[0]) > 0):
		if out and start <= out[-1][1]:
			out[-1][1] = max(out[-1][1], end)
		else:
			out.append([start, end])
	return [tuple(x) for x in out]


def _length(intervals: Iterable[tuple]) -> float:
	return sum(_seconds(end, start) for start, end in merge(intervals))


def _clip(intervals: Iterable[tuple], window: tuple | None) -> list[tuple]:
	if window is None:
		return list(intervals)
	lo, hi = window
	return [(max(s, lo), min(e, hi)) for s, e in intervals if min(e, hi) > max(s, lo)]


@dataclass(frozen=True)
class Utilisation:
	"""An operator's paid time split: direct, indirect, idle (seconds) and utilisation %."""

	paid_s: float
	direct_s: float
	indirect_s: float
	idle_s: float

	@property
	def utilisation_percent(self) -> float | None:
		return 100.0 * self.direct_s / self.paid_s if self.paid_s > 0 else None


def utilisation(
	rows: Sequence[Interval], *, paid_s: float, window: tuple | None = None, paid_break_s: float = 0.0
) -> Utilisation:
	"""Direct and indirect time (merged; where a direct and an indirect row overlap, direct wins)
	inside the paid ``window``, and idle = paid − direct − indirect (never below 0).

	``paid_break_s``: breaks the shift pays for; what the operator did not log as indirect time of
	that length is counted as indirect (the break was taken), not as idle.

	>>> u = utilisation([Interval(0, 60), Interval(30, 90), Interval(100, 160, direct=False)], paid_s=300)
	>>> (u.direct_s, u.indirect_s, u.idle_s, u.utilisation_percent)
	(90.0, 60.0, 150.0, 30.0)
	"""
	direct = merge(_clip([(r.start, r.end) for r in rows if r.direct], window))
	indirect_all = merge(_clip([(r.start, r.end) for r in rows if not r.direct], window))
	direct_s = _length(direct)
	indirect_s = _length(indirect_all + direct) - direct_s
	indirect_s = max(indirect_s, min(paid_break_s, max(0.0, paid_s - direct_s)))
	idle_s = max(0.0, paid_s - direct_s - indirect_s)
	return Utilisation(paid_s=paid_s, direct_s=direct_s, indirect_s=indirect_s, idle_s=idle_s)


def overlaps(new: tuple, existing: Iterable[tuple]) -> list[tuple]:
	"""The ``existing`` (start, end) intervals that overlap ``new`` (touching ends do not)."""
	start, end = new
	return [(s, e) for s, e in existing if s < end and start < e]


# -- shifts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shift:
	"""A shift pattern: ``name`` from ``start`` to ``end`` (times of day; ``end <= start``: it ends
	the next day)."""

	name: str
	start: time
	end: time

	@property
	def crosses_midnight(self) -> bool:
		return self.end <= self.start

	def window(self, shift_date: date) -> tuple[datetime, datetime]:
		"""[start, end) of the shift that starts on ``shift_date``."""
		begin = datetime.combine(shift_date, self.start)
		finish = datetime.combine(shift_date + timedelta(days=1 if self.crosses_midnight else 0), self.end)
		return begin, finish

	@property
	def length_s(self) -> float:
		begin, finish = self.window(date(2000, 1, 3))
		return (finish - begin).total_seconds()


def shift_date_of(shift: Shift, moment: datetime) -> date:
	"""The date of the shift ``moment`` falls in: the start's date. Outside every shift, the nearer
	one: after a shift's end, up to the middle of the gap before the next, it is overtime of the
	shift just ended; later it is an early start of the next (an operator on a 06:00 shift who logs a
	break at 05:50 starts today's shift, not yesterday's that ended at 14:00). Equally near: the
	shift just ended.

	>>> night = Shift("Night", time(22), time(6))
	>>> shift_date_of(night, datetime(2026, 12, 6, 2, 0)), shift_date_of(night, datetime(2026, 12, 6, 23, 0))
	(datetime.date(2026, 12, 5), datetime.date(2026, 12, 6))
	>>> shift_date_of(night, datetime(2026, 12, 6, 9, 0)), shift_date_of(night, datetime(2026, 12, 6, 21, 0))
	(datetime.date(2026, 12, 5), datetime.date(2026, 12, 6))
	>>> day = Shift("Day", time(6), time(14))
	>>> [shift_date_of(day, datetime(2026, 12, 6, h, 0)).day for h in (5, 10, 16, 23)]
	[6, 6, 6, 7]
	"""
	today = moment.date()
	best: tuple[timedelta, date] | None = None
	for candidate in (today - timedelta(days=1), today, today + timedelta(days=1)):
		begin, finish = shift.window(candidate)
		if begin <= moment < finish:
			return candidate
		away = begin - moment if moment < begin else moment - finish
		if best is None or away < best[0]:  # candidates in date order: a tie keeps the earlier shift
			best = (away, candidate)
	return best[1]


def check_interval(
	started: datetime, ended: datetime, *, now: datetime, max_hours: float = 24.0
) -> str | None:
	"""Why [started, ended) cannot be logged, or None: it must end after it starts, not lie in the
	future (2 minutes' clock skew allowed) and not be longer than ``max_hours``."""
	skew = timedelta(minutes=2)
	if ended <= started:
		return "ended_at must be after started_at"
	if ended > now + skew or started > now + skew:
		return "the interval lies in the future"
	if ended - started > timedelta(hours=max_hours):
		return f"the interval is longer than {max_hours:g} hours"
	return None


def check_started_at(started: datetime | None, *, now: datetime, created: datetime | None) -> bool:
	"""Whether the handheld's ``started_at`` (its first scan of the task) can be believed: not in the
	future beyond 2 minutes' clock skew, not before the task was created, not more than 12 hours ago."""
	if started is None:
		return False
	if started > now + timedelta(minutes=2):
		return False
	if created is not None and started < created:
		return False
	return started >= now - timedelta(hours=12)
