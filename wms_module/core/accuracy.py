"""Pick accuracy: which picks a count variance points back to, and each operator's accuracy (no frappe).

A count that finds a bin holding more or less of an item than the books say is a *variance*. Most
variances on a pick face come from picking: an operator who took more than they confirmed (the
bin is short), or confirmed more than they took (the bin is over), or took the item from the
neighbouring bin. So a variance is traced back to the picks of that item (and batch) from that
bin, and to the operators who made them.

The rule (``blame``), and why:

1. **Only picks since the last count of the same bin, item and batch, up to the count itself.** A
   count puts the books right; any error made before it was found (or absorbed) by it. A pick
   after the count cannot have caused what the count found.
2. **The most recent picks first, as few as explain the variance.** Walking back from the count,
   picks are taken while the quantity taken so far is below the size of the variance; the pick
   that brings it to (or past) the variance is the last one blamed. A pick of 5 can hide a
   variance of 2 (the operator took 7, or 3); a pick of 1 cannot alone hide a variance of 4, so the
   picks before it are blamed too. Most recent first because an error is most often found at the
   next count of that face, and because blaming every pick since the last count would punish the
   operators who pick a fast mover most, whatever they did.
3. **A pick that reported its bin short is not blamed.** The operator who found fewer units than the
   books said (a short pick, which sets the count going) is the one who *found* the variance, not
   the one who made it: the picks before theirs are looked at instead. (The flag is per Pick task:
   every confirmation of a task that ended short counts as reporting it.)
4. **What the picks cannot explain stays unexplained** (``Blame.unexplained``): a variance larger
   than everything picked since the last count (or one with no pick at all) has another cause
   (a putaway to the wrong bin, damage, theft, a miscount), and the report says so rather than
   blame an operator for it.

Both signs are treated alike: a shortage (the bin holds less) and a surplus (it holds more) each
point back to the picks in the same way. The rule is a *pointer* for a supervisor to look at, not
a verdict: the report lists the blamed picks so they can be checked.

Accuracy (``operator_accuracy``): per operator over a period, 1 - (picks blamed / picks made),
where a *pick* is one Pick task (a line picked from one bin, however many confirmations it took)
and a pick is blamed at most once, whichever variances point to it.

>>> from datetime import datetime as dt
>>> counts = [Count("C1", "A-01", "ITEM", None, -2, dt(2026, 1, 1, 12))]
>>> picks = [
... 	Pick("P1", "ann", "A-01", "ITEM", None, 3, dt(2026, 1, 1, 9)),
... 	Pick("P2", "bob", "A-01", "ITEM", None, 1, dt(2026, 1, 1, 10)),
... 	Pick("P3", "cat", "A-01", "ITEM", None, 4, dt(2026, 1, 1, 13)),
... ]
>>> [(p.task, p.operator) for p in blame(counts, picks)[0].picks]  # bob's 1 does not cover 2
[('P2', 'bob'), ('P1', 'ann')]
>>> [(a.operator, a.picks, a.blamed, a.accuracy) for a in operator_accuracy({"ann": 4, "bob": 1}, blame(counts, picks))]
[('ann', 4, 1, 0.75), ('bob', 1, 1, 0.0)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from wms_module.core.bins import EPSILON

Key = tuple[str, str, str]
"""(bin, item, batch or "")."""


@dataclass(frozen=True)
class Count:
	"""A posted count: ``variance`` = counted - books at the count (0 for a count that matched)."""

	task: str
	bin: str
	item: str
	batch: str | None
	variance: float
	counted_at: datetime

	@property
	def key(self) -> Key:
		return (self.bin, self.item, self.batch or "")


@dataclass(frozen=True)
class Pick:
	"""One confirmation of a Pick task: ``qty`` (> 0) taken from ``bin`` by ``operator``."""

	task: str
	operator: str
	bin: str
	item: str
	batch: str | None
	qty: float
	confirmed_at: datetime
	reported_short: bool = False
	"""The pick reported the bin short (it found the variance; never blamed)."""

	@property
	def key(self) -> Key:
		return (self.bin, self.item, self.batch or "")


@dataclass(frozen=True)
class Blame:
	"""A variance and the picks it points back to (most recent first); ``unexplained`` is the part
	of the variance (in units, >= 0) the picks since the last count cannot account for."""

	count: Count
	picks: tuple[Pick, ...]
	unexplained: float


@dataclass(frozen=True)
class OperatorAccuracy:
	operator: str
	picks: int
	blamed: int
	accuracy: float | None
	"""1 - blamed / picks; None without picks."""


def blame(counts: Iterable[Count], picks: Iterable[Pick]) -> list[Blame]:
	"""Each count with a variance and the picks it points back to (the module's rule), in the order
	of the counts. Counts without a variance bound the windows of the others and blame nothing."""
	counts_by_key: dict[Key, list[Count]] = defaultdict(list)
	for c in counts:
		counts_by_key[c.key].append(c)
	picks_by_key: dict[Key, list[Pick]] = defaultdict(list)
	for p in picks:
		picks_by_key[p.key].append(p)
	found: dict[str, Blame] = {}
	for key, key_counts in counts_by_key.items():
		key_counts.sort(key=lambda c: (c.counted_at, c.task))
		key_picks = sorted(picks_by_key.get(key, ()), key=lambda p: (p.confirmed_at, p.task), reverse=True)
		previous = None
		for c in key_counts:
			if abs(c.variance) > EPSILON:
				window = [p for p in key_picks if in_window(p, previous, c.counted_at)]
				found[c.task] = explain(c, window)
			previous = c.counted_at
	ordered = [c for cs in counts_by_key.values() for c in cs]
	ordered.sort(key=lambda c: (c.counted_at, c.task))
	return [found[c.task] for c in ordered if c.task in found]


def in_window(p: Pick, after: datetime | None, until: datetime) -> bool:
	"""Confirmed after the previous count (if any) and no later than this one."""
	return p.confirmed_at <= until and (after is None or p.confirmed_at > after)


def explain(c: Count, window: Sequence[Pick]) -> Blame:
	"""The fewest most-recent picks of ``window`` (most recent first) that cover ``|variance|``,
	passing over the picks that reported the bin short."""
	need = abs(c.variance)
	taken: list[Pick] = []
	covered = 0.0
	for p in window:
		if p.reported_short:
			continue
		if covered >= need - EPSILON:
			break
		taken.append(p)
		covered += p.qty
	return Blame(count=c, picks=tuple(taken), unexplained=max(0.0, need - covered))


def blamed_tasks(blames: Iterable[Blame], start: datetime | None = None, end: datetime | None = None):
	"""operator -> the Pick tasks blamed, each once, counting only picks confirmed in [start, end]."""
	out: dict[str, set[str]] = defaultdict(set)
	for b in blames:
		for p in b.picks:
			if (start is None or p.confirmed_at >= start) and (end is None or p.confirmed_at <= end):
				out[p.operator].add(p.task)
	return out


def operator_accuracy(
	picks_made: Mapping[str, int],
	blames: Iterable[Blame],
	start: datetime | None = None,
	end: datetime | None = None,
) -> list[OperatorAccuracy]:
	"""Per operator (by name): picks made, picks blamed and 1 - blamed / made, over the period
	[start, end] (``picks_made`` must count that same period). An operator blamed for a pick but
	with none counted in ``picks_made`` is listed with the blamed picks as made."""
	blamed = blamed_tasks(blames, start, end)
	out = []
	for operator in sorted(set(picks_made) | set(blamed)):
		n_blamed = len(blamed.get(operator, ()))
		made = max(int(picks_made.get(operator, 0)), n_blamed)
		out.append(
			OperatorAccuracy(
				operator=operator,
				picks=made,
				blamed=n_blamed,
				accuracy=(1.0 - n_blamed / made) if made else None,
			)
		)
	return out
