"""Engineered standards, performance, utilisation, idle time and shifts (core/labor.py)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wms_module.core.errors import InvalidInput
from wms_module.core.labor import (
	Elements,
	Interval,
	LaborDefaults,
	Shift,
	StandardRule,
	check_interval,
	check_started_at,
	leg_of,
	merge,
	overlaps,
	performance_percent,
	shift_date_of,
	standard_for,
	standard_seconds,
	task_standard,
	tour_legs,
	utilisation,
)
from wms_module.core.layout import PickLocation, WarehouseLayout
from wms_module.core.routing import route, sequence_length

D = LaborDefaults()
RULES = (
	StandardRule("Pick", per_line_s=9),
	StandardRule("Pick", "Z1", per_unit_s=4, walking_speed_m_s=1.0),
	StandardRule("Count", per_task_s=15, per_line_s=10, per_unit_s=1.5),
)


@pytest.mark.parametrize(
	"task_type, zone, expected",
	[
		("Pick", "Z1", Elements(1.0, 10.0, 9, 4)),  # task type + zone, then task type, then defaults
		("Pick", "Z2", Elements(0.8, 10.0, 9, 2.0)),  # no zone row: the task type's row
		("Pick", None, Elements(0.8, 10.0, 9, 2.0)),
		("Count", "Z1", Elements(0.8, 15, 10, 1.5)),
		("Putaway", "Z1", Elements(0.8, 10.0, 6.0, 2.0)),  # no row at all: the defaults
	],
)
def test_the_most_specific_rule_wins_field_by_field(task_type, zone, expected):
	assert standard_for(D, RULES, task_type, zone) == expected


@pytest.mark.parametrize(
	"travel, lines, units, expected",
	[
		(0, 0, 0, 10.0),
		(8, 1, 3, 8 / 0.8 + 10 + 6 + 6),
		(40, 1, 1, 50 + 10 + 6 + 2),
		(0, 2, 10, 10 + 12 + 20),
	],
)
def test_standard_is_travel_over_speed_plus_element_times(travel, lines, units, expected):
	assert standard_seconds(D.elements(), travel_m=travel, lines=lines, units=units) == pytest.approx(
		expected
	)


def test_a_later_part_of_a_task_adds_only_its_units():
	e = D.elements()
	assert task_standard(e, travel_m=20, units=3, first=True) == pytest.approx(25 + 10 + 6 + 6)
	assert task_standard(e, travel_m=20, units=2, first=False) == pytest.approx(4)


def test_bad_inputs_are_refused():
	with pytest.raises(InvalidInput, match="travel_m"):
		standard_seconds(D.elements(), travel_m=-1, lines=1, units=1)
	with pytest.raises(InvalidInput, match="walking speed"):
		standard_seconds(Elements(0, 1, 1, 1), travel_m=1, lines=1, units=1)


LAYOUT = WarehouseLayout(
	n_aisles=6, bays_per_aisle=20, bay_width=1.0, aisle_spacing=3.0, cross_aisle_width=2.0
)
locations = st.builds(PickLocation, aisle=st.integers(0, 5), bay=st.integers(0, 19))


@given(st.lists(locations, min_size=1, max_size=8))
def test_the_legs_of_a_tour_add_up_to_its_route_length(stops):
	legs = tour_legs(LAYOUT, stops)
	assert sum(legs) == pytest.approx(sequence_length(LAYOUT, stops))
	previous = None
	for i, stop in enumerate(stops):
		assert legs[i] == pytest.approx(leg_of(LAYOUT, previous, stop, last=i == len(stops) - 1))
		previous = stop


def tour_rows(stops, units, *, seconds_per_standard_second: float) -> list[Interval]:
	"""One operator walks ``stops`` in order, working at a constant pace: each stop's actual time is
	its standard times the pace factor (rows back to back)."""
	rows, t = [], 0.0
	for leg, qty in zip(tour_legs(LAYOUT, stops), units, strict=True):
		standard = task_standard(D.elements(), travel_m=leg, units=qty, first=True)
		actual = standard * seconds_per_standard_second
		rows.append(Interval(t, t + actual, standard_s=standard))
		t += actual
	return rows


def test_same_work_on_a_shorter_route_gives_the_same_performance():
	"""The acceptance rule: the same 5 lines (same units) walked as an S-shape tour and as the
	optimal tour, each in proportionally less time, give the same performance %."""
	picks = [
		PickLocation(0, 15),
		PickLocation(2, 3),
		PickLocation(3, 18),
		PickLocation(5, 2),
		PickLocation(1, 9),
	]
	units = [3, 1, 4, 2, 6]
	long_route = route(LAYOUT, picks, method="s_shape")
	short_route = route(LAYOUT, picks, method="optimal")
	assert short_route.length < long_route.length
	qty = dict(zip(picks, units, strict=True))
	pace = 1.25  # the operator works at 80 %
	slow = tour_rows(
		list(long_route.sequence), [qty[p] for p in long_route.sequence], seconds_per_standard_second=pace
	)
	fast = tour_rows(
		list(short_route.sequence), [qty[p] for p in short_route.sequence], seconds_per_standard_second=pace
	)
	assert sum(r.seconds for r in fast) < sum(r.seconds for r in slow)  # less time on the shorter route
	assert performance_percent(slow) == pytest.approx(80.0)
	assert performance_percent(fast) == pytest.approx(80.0)


@given(
	st.lists(st.tuples(locations, st.integers(1, 20)), min_size=1, max_size=6, unique_by=lambda x: x[0]),
	st.floats(0.5, 3.0),
)
def test_performance_depends_on_the_pace_not_on_the_route(picks, pace):
	stops = [p for p, _q in picks]
	units = [q for _p, q in picks]
	as_given = tour_rows(stops, units, seconds_per_standard_second=pace)
	optimal = route(LAYOUT, stops, method="optimal")
	qty = dict(picks)
	routed = tour_rows(
		list(optimal.sequence), [qty[p] for p in optimal.sequence], seconds_per_standard_second=pace
	)
	assert performance_percent(as_given) == pytest.approx(100.0 / pace)
	assert performance_percent(routed) == pytest.approx(100.0 / pace)


def test_performance_counts_direct_time_only():
	rows = [Interval(0, 100, 80.0), Interval(100, 400, 0, direct=False), Interval(400, 500, 120.0)]
	assert performance_percent(rows) == pytest.approx(100.0)
	assert performance_percent([Interval(0, 10, 0, direct=False)]) is None
	assert performance_percent([]) is None


@pytest.mark.parametrize(
	"intervals, merged",
	[
		([], []),
		([(0, 1)], [(0, 1)]),
		([(0, 2), (1, 3)], [(0, 3)]),
		([(0, 2), (2, 3)], [(0, 3)]),
		([(5, 6), (0, 1), (0.5, 0.7)], [(0, 1), (5, 6)]),
		([(3, 3)], []),
	],
)
def test_merge(intervals, merged):
	assert merge(intervals) == merged


intervals = st.lists(
	st.tuples(st.integers(0, 500), st.integers(1, 120)).map(lambda x: (x[0], x[0] + x[1])), max_size=8
)


@given(intervals, intervals, st.integers(0, 600))
def test_utilisation_splits_paid_time_without_counting_overlaps_twice(direct, indirect, paid_extra):
	rows = [Interval(s, e) for s, e in direct] + [Interval(s, e, direct=False) for s, e in indirect]
	window = (0, 620 + paid_extra)
	u = utilisation(rows, paid_s=window[1], window=window)
	assert u.direct_s == pytest.approx(sum(e - s for s, e in merge(direct)))
	covered = sum(e - s for s, e in merge(direct + indirect))
	assert u.direct_s + u.indirect_s == pytest.approx(covered)  # direct wins where both overlap
	assert u.idle_s == pytest.approx(window[1] - covered)
	assert u.direct_s + u.indirect_s + u.idle_s == pytest.approx(u.paid_s)


def test_utilisation_table():
	rows = [Interval(0, 3600), Interval(1800, 5400), Interval(6000, 7200, direct=False)]
	u = utilisation(rows, paid_s=8 * 3600.0, window=(0, 8 * 3600.0))
	assert (u.direct_s, u.indirect_s, u.idle_s) == (5400, 1200, 8 * 3600 - 6600)
	assert u.utilisation_percent == pytest.approx(100 * 5400 / 28800)
	# rows outside the shift are clipped; a paid break not logged is indirect time, not idle
	u = utilisation([Interval(-600, 600)], paid_s=3600, window=(0, 3600), paid_break_s=900)
	assert (u.direct_s, u.indirect_s, u.idle_s) == (600, 900, 2100)
	assert utilisation([], paid_s=0).utilisation_percent is None


def test_overlaps():
	assert overlaps((10, 20), [(0, 10), (20, 30)]) == []  # touching is fine
	assert overlaps((10, 20), [(0, 11), (19, 30), (12, 13)]) == [(0, 11), (19, 30), (12, 13)]


NIGHT = Shift("Night", time(22), time(6))
DAY = Shift("Day", time(6), time(14))


@pytest.mark.parametrize(
	"shift, moment, expected",
	[
		(DAY, datetime(2026, 12, 5, 6, 0), date(2026, 12, 5)),
		(DAY, datetime(2026, 12, 5, 13, 59), date(2026, 12, 5)),
		(DAY, datetime(2026, 12, 5, 15, 0), date(2026, 12, 5)),  # overtime stays on the shift
		(DAY, datetime(2026, 12, 5, 5, 59), date(2026, 12, 5)),  # an early start: the coming shift
		(DAY, datetime(2026, 12, 5, 21, 59), date(2026, 12, 5)),  # before the gap's middle: overtime
		(DAY, datetime(2026, 12, 5, 22, 1), date(2026, 12, 6)),  # after it: the next day's early start
		(NIGHT, datetime(2026, 12, 5, 22, 0), date(2026, 12, 5)),
		(NIGHT, datetime(2026, 12, 6, 2, 0), date(2026, 12, 5)),  # crosses midnight: the start's date
		(NIGHT, datetime(2026, 12, 6, 5, 59), date(2026, 12, 5)),
		(NIGHT, datetime(2026, 12, 6, 12, 0), date(2026, 12, 5)),
	],
)
def test_shift_date_is_the_date_the_shift_started(shift, moment, expected):
	assert shift_date_of(shift, moment) == expected


def test_shift_windows_and_lengths():
	assert NIGHT.window(date(2026, 12, 5)) == (datetime(2026, 12, 5, 22), datetime(2026, 12, 6, 6))
	assert (NIGHT.length_s, DAY.length_s) == (8 * 3600, 8 * 3600)
	assert NIGHT.crosses_midnight and not DAY.crosses_midnight


def _away(shift, day, moment) -> timedelta:
	begin, end = shift.window(day)
	return max(begin - moment, moment - end, timedelta(0))


@given(st.datetimes(min_value=datetime(2000, 1, 2), max_value=datetime(2099, 1, 1)))
def test_every_moment_belongs_to_the_nearest_shift(moment):
	# inside a shift: that shift; outside: no other shift is nearer than the one it belongs to
	for shift in (DAY, NIGHT):
		day = shift_date_of(shift, moment)
		for other in (day - timedelta(days=1), day + timedelta(days=1)):
			assert _away(shift, day, moment) <= _away(shift, other, moment)
		assert _away(shift, day, moment) <= timedelta(hours=8)  # half of the 16 h between shifts


NOW = datetime(2026, 12, 5, 12, 0)


@pytest.mark.parametrize(
	"started, created, ok",
	[
		(NOW - timedelta(minutes=5), NOW - timedelta(hours=1), True),
		(NOW + timedelta(minutes=1), None, True),  # clock skew
		(NOW + timedelta(minutes=3), None, False),  # the future
		(NOW - timedelta(hours=2), NOW - timedelta(hours=1), False),  # before the task existed
		(NOW - timedelta(hours=13), None, False),  # too long ago
		(None, None, False),
	],
)
def test_started_at_must_be_believable(started, created, ok):
	assert check_started_at(started, now=NOW, created=created) is ok


@pytest.mark.parametrize(
	"started, ended, problem",
	[
		(NOW - timedelta(minutes=30), NOW - timedelta(minutes=10), None),
		(NOW - timedelta(minutes=10), NOW - timedelta(minutes=30), "after"),
		(NOW, NOW, "after"),
		(NOW - timedelta(minutes=1), NOW + timedelta(minutes=10), "future"),
		(NOW - timedelta(hours=13), NOW, "longer"),
	],
)
def test_indirect_intervals_are_checked(started, ended, problem):
	found = check_interval(started, ended, now=NOW, max_hours=12)
	assert (found is None) if problem is None else (problem in found)
