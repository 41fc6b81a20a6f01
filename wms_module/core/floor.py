"""The supervisor's view of the floor (no frappe): how old the open work is, what each operator is
doing, and the bottlenecks named.

- **Age buckets** (``AGE_BUCKETS``): open work by how long it has waited since it was created:
  under 15 minutes, 15 to 60, 1 to 4 hours, over 4 hours. ``bucket_cutoffs`` gives the moments
  that separate them, so a query can count tasks per bucket on the ``creation`` column.
- **Operator states** (``operator_state``): *working* (a current task and a confirmation within
  ``idle_minutes``), *idle* (a current task but no confirmation for ``idle_minutes``: counted from
  the last confirmation, or from when the task was started or assigned when there is none),
  *waiting* (no current task while work is queued for anyone), *free* (no current task, nothing
  queued).
- **Bottlenecks** (``bottlenecks``): the zone with the oldest open task; every released wave held
  up by a shortage (a line no bin can cover); operators waiting while work is queued; idle
  operators. Returned as data (kind, subject, numbers); the service words them.

>>> from datetime import datetime as dt, timedelta
>>> now = dt(2026, 1, 1, 12)
>>> age_bucket(now - timedelta(minutes=20), now)
'15_60m'
>>> operator_state(None, None, now, idle_minutes=15, queued=3)
'waiting'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class AgeBucket:
	key: str
	label: str
	min_minutes: int
	max_minutes: int | None


AGE_BUCKETS = (
	AgeBucket("under_15m", "< 15 min", 0, 15),
	AgeBucket("15_60m", "15-60 min", 15, 60),
	AgeBucket("1_4h", "1-4 h", 60, 240),
	AgeBucket("over_4h", "> 4 h", 240, None),
)
DEFAULT_IDLE_MINUTES = 15

WORKING, IDLE, WAITING, FREE = "working", "idle", "waiting", "free"


def bucket_cutoffs(now: datetime) -> list[tuple[str, datetime | None]]:
	"""(bucket key, the oldest creation still in it) youngest bucket first; None for the last."""
	return [
		(b.key, now - timedelta(minutes=b.max_minutes) if b.max_minutes is not None else None)
		for b in AGE_BUCKETS
	]


def age_bucket(created: datetime, now: datetime) -> str:
	"""The key of the bucket a task created at ``created`` is in at ``now``."""
	for key, cutoff in bucket_cutoffs(now):
		if cutoff is None or created > cutoff:
			return key
	return AGE_BUCKETS[-1].key


def minutes_between(earlier: datetime | None, later: datetime) -> int | None:
	return None if earlier is None else max(0, int((later - earlier).total_seconds() // 60))


@dataclass(frozen=True)
class CurrentTask:
	"""An operator's current task: their In Progress task, else the first Assigned in work order."""

	task: str
	task_type: str
	status: str
	bin_code: str | None
	wave: str | None
	since: datetime | None
	"""Started (In Progress), else assigned / created."""


def operator_state(
	current: CurrentTask | None,
	last_confirmation: datetime | None,
	now: datetime,
	*,
	idle_minutes: int,
	queued: int,
) -> str:
	"""working, idle, waiting or free (see the module doc)."""
	if current is None:
		return WAITING if queued > 0 else FREE
	last = max((t for t in (last_confirmation, current.since) if t is not None), default=None)
	quiet = minutes_between(last, now)
	return IDLE if quiet is not None and quiet >= idle_minutes else WORKING


@dataclass(frozen=True)
class ZoneLoad:
	"""Open work of one zone (``zone`` None: tasks without a zone)."""

	zone: str | None
	label: str
	buckets: dict[str, int]
	open_tasks: int
	queued: int
	"""Open tasks assigned to nobody."""
	oldest: datetime | None


@dataclass(frozen=True)
class Bottleneck:
	kind: str
	"""oldest_zone, blocked_wave, waiting_operators or idle_operator."""
	subject: str
	numbers: dict = field(default_factory=dict)


def bottlenecks(
	zones: Sequence[ZoneLoad],
	blocked_waves: Iterable[dict],
	operators: Iterable[dict],
	now: datetime,
) -> list[Bottleneck]:
	"""The floor's bottlenecks, most pressing kind first. ``blocked_waves``: {wave, lines, qty};
	``operators``: {user, state, quiet_minutes, task} as the service builds them."""
	out = []
	aged = [z for z in zones if z.oldest is not None]
	if aged:
		z = min(aged, key=lambda z: (z.oldest, z.label))
		out.append(
			Bottleneck(
				"oldest_zone",
				z.label,
				{"open_tasks": z.open_tasks, "oldest_minutes": minutes_between(z.oldest, now)},
			)
		)
	for w in blocked_waves:
		out.append(Bottleneck("blocked_wave", w["wave"], {"lines": w["lines"], "qty": w["qty"]}))
	operators = list(operators)
	waiting = sorted(o["user"] for o in operators if o["state"] == WAITING)
	if waiting:
		queued = sum(z.queued for z in zones)
		out.append(
			Bottleneck("waiting_operators", ", ".join(waiting), {"operators": len(waiting), "queued": queued})
		)
	for o in sorted(operators, key=lambda o: o["user"]):
		if o["state"] == IDLE:
			out.append(
				Bottleneck("idle_operator", o["user"], {"minutes": o["quiet_minutes"], "task": o["task"]})
			)
	return out
