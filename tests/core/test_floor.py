"""core.floor: age buckets, operator states and the bottlenecks of the supervisor's floor view."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from wms_module.core.floor import (
	IDLE,
	CurrentTask,
	ZoneLoad,
	age_bucket,
	bottlenecks,
	operator_state,
)

NOW = datetime(2026, 12, 5, 12, 0)


def ago(minutes: float) -> datetime:
	return NOW - timedelta(minutes=minutes)


@pytest.mark.parametrize(
	("minutes", "bucket"),
	[
		(0, "under_15m"),
		(14.9, "under_15m"),
		(15, "15_60m"),
		(59, "15_60m"),
		(60, "1_4h"),
		(239, "1_4h"),
		(240, "over_4h"),
		(2000, "over_4h"),
	],
)
def test_age_buckets(minutes, bucket):
	assert age_bucket(ago(minutes), NOW) == bucket


TASK = CurrentTask("T1", "Pick", "In Progress", "A-01", "WAVE-1", ago(40))


@pytest.mark.parametrize(
	("current", "last", "queued", "state"),
	[
		(TASK, ago(5), 0, "working"),
		(TASK, ago(20), 0, "idle"),
		(TASK, None, 0, "idle"),  # started 40 min ago, nothing confirmed since
		(CurrentTask("T2", "Pick", "Assigned", "A-02", "WAVE-1", ago(3)), None, 0, "working"),
		(None, ago(1), 5, "waiting"),
		(None, ago(1), 0, "free"),
	],
)
def test_operator_states(current, last, queued, state):
	assert operator_state(current, last, NOW, idle_minutes=15, queued=queued) == state


def test_the_bottlenecks_name_the_oldest_zone_blocked_waves_waiting_and_idle_operators():
	zones = [
		ZoneLoad("Z-A", "A", {"under_15m": 2}, 2, 2, ago(10)),
		ZoneLoad("Z-B", "B", {"over_4h": 1}, 1, 0, ago(300)),
	]
	operators = [
		{"user": "ann", "state": "waiting", "quiet_minutes": 2, "task": None},
		{"user": "bob", "state": IDLE, "quiet_minutes": 25, "task": {"task": "T9"}},
		{"user": "cat", "state": "working", "quiet_minutes": 1, "task": {"task": "T8"}},
	]
	found = bottlenecks(zones, [{"wave": "WAVE-7", "lines": 2, "qty": 5}], operators, NOW)
	assert [(b.kind, b.subject) for b in found] == [
		("oldest_zone", "B"),
		("blocked_wave", "WAVE-7"),
		("waiting_operators", "ann"),
		("idle_operator", "bob"),
	]
	assert found[0].numbers == {"open_tasks": 1, "oldest_minutes": 300}
	assert found[2].numbers == {"operators": 1, "queued": 2}


def test_a_quiet_floor_has_no_bottleneck():
	assert (
		bottlenecks([], [], [{"user": "ann", "state": "free", "quiet_minutes": 0, "task": None}], NOW) == []
	)
