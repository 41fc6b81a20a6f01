"""Which stock leaves first: the removal strategies' order, written once (no frappe).

Two paths take stock out of bins: the allocator (``core.allocation``), which hands bins to order
lines, and an untracked issue (``core.bin_ledger.plan_untracked_issue``: ERPNext shipped or used
stock the WMS did not pick), which must choose the bins ERPNext's movement came out of. Both order
the candidate stock by the same key:

- FIFO: oldest received first; FEFO: earliest expiry first (none last), then oldest;
- LIFO: newest received first; Closest to Depot: shortest walk from the depot (no position last);
- Clear Small Quantities: least available first, so small remainders are emptied;
- Fewest Bins: the allocator's own search decides; here the static order only breaks ties, and an
  untracked issue takes the largest first (fewest bins touched).

Ties go to ``pick_sequence`` (the walking order), then bin and batch.

>>> places = [Place("B", None, "2026-02-01", 5), Place("A", None, "2026-01-01", 9)]
>>> [p.bin for p in issue_order(RemovalStrategy.LIFO, places)]
['B', 'A']
>>> [p.bin for p in issue_order(RemovalStrategy.CLEAR_SMALL, places)]
['B', 'A']
>>> [p.bin for p in issue_order(RemovalStrategy.FEWEST_BINS, places)]
['A', 'B']
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Protocol, TypeVar


class RemovalStrategy(str, Enum):
	"""The order in which eligible bins are emptied (see the module docstring)."""

	FIFO = "fifo"
	FEFO = "fefo"
	LIFO = "lifo"
	CLOSEST = "closest"
	FEWEST_BINS = "fewest_bins"
	CLEAR_SMALL = "clear_small"


class Removable(Protocol):
	"""What a removal strategy orders by (``core.allocation.StockSlot`` and ``Place`` have it)."""

	bin: str
	batch: str | None
	received_on: date | str
	expiry: date | None
	distance: float | None
	pick_sequence: int

	@property
	def available(self) -> float: ...


@dataclass(frozen=True)
class Place:
	"""Stock in one bin as a removal strategy sees it, for a caller without stock slots.
	``received_on`` may be a date or a sortable timestamp text."""

	bin: str
	batch: str | None
	received_on: date | str
	available: float
	expiry: date | None = None
	distance: float | None = None
	pick_sequence: int = 0


@functools.total_ordering
class _Later:
	"""Reverses the order of a date or text: the newest sorts first."""

	__slots__ = ("value",)

	def __init__(self, value) -> None:
		self.value = value

	def __eq__(self, other) -> bool:
		return self.value == other.value

	def __lt__(self, other) -> bool:
		return other.value < self.value


def removal_key(strategy: RemovalStrategy) -> Callable[[Removable], tuple]:
	"""Sort key putting stock in the order ``strategy`` takes it (see the module docstring)."""
	far = date.max

	def base(s: Removable) -> tuple:
		return (s.pick_sequence, s.bin, s.batch or "")

	if strategy == RemovalStrategy.FIFO:
		return lambda s: (s.received_on, *base(s))
	if strategy == RemovalStrategy.FEFO:
		return lambda s: (s.expiry or far, s.received_on, *base(s))
	if strategy == RemovalStrategy.LIFO:
		return lambda s: (_Later(s.received_on), *base(s))
	if strategy == RemovalStrategy.CLOSEST:
		return lambda s: (math.inf if s.distance is None else s.distance, *base(s))
	if strategy == RemovalStrategy.CLEAR_SMALL:
		return lambda s: (s.available, *base(s))
	return base  # FEWEST_BINS: the allocator's search decides; the static order only breaks ties


T = TypeVar("T", bound=Removable)


def issue_order(strategy: RemovalStrategy, places: Sequence[T]) -> list[T]:
	"""The order an untracked issue takes ``places`` in: the strategy's, Fewest Bins largest first."""
	if strategy == RemovalStrategy.FEWEST_BINS:
		oldest = removal_key(RemovalStrategy.FIFO)
		return sorted(places, key=lambda p: (-p.available, oldest(p)))
	return sorted(places, key=removal_key(strategy))
