"""Allocation: choose the storage bins (and batches) each order line is picked from.

One call allocates many lines against one snapshot of bin stock. Lines are
served in the order given (sort them by priority first); what an earlier line
takes is no longer available to a later one. Slots are indexed by item once,
so a call costs about the number of slots it touches, not lines × slots.

Rules, for every strategy:

- only bins whose status is ``active`` in zones of type ``pick`` or ``reserve``
  are allocated; pick-face (``pick``) bins are used before ``reserve`` bins;
- available = on hand - allocated (never below zero);
- an expired batch (expiry before ``as_of``) is never allocated; a batch
  expiring on ``as_of`` still is;
- a line with ``min_remaining_shelf_life_days`` only gets batches with at
  least that many days left (expiry - as_of), e.g. a customer's requirement;
- a whole-number line gets whole units from every bin;
- without batch mixing a line is served from one batch (possibly several bins).

Within those rules the removal strategy orders the bins: ``fifo`` (oldest
receipt first), ``fefo`` (earliest expiry first, then oldest receipt; no expiry
last), ``lifo`` (newest receipt first), ``closest`` (smallest distance first;
unknown distance last), ``fewest_bins`` (as few bins as possible: the smallest
bin that covers what is left, else the largest, repeated) and ``clear_small``
(smallest available quantity first, to empty bins).

>>> from datetime import date
>>> slots = [
...     StockSlot("A-01-01", "W", "pick", "SKU1", "B2", on_hand=5, expiry=date(2026, 3, 1), received_on=date(2025, 1, 1)),
...     StockSlot("A-01-02", "W", "pick", "SKU1", "B1", on_hand=3, expiry=date(2026, 2, 1), received_on=date(2025, 2, 1)),
...     StockSlot("R-01-01", "W", "reserve", "SKU1", "B0", on_hand=9, expiry=date(2026, 1, 1), received_on=date(2024, 1, 1)),
... ]
>>> result = allocate([OrderLine("SO-1/1", "SKU1", 10)], slots, AllocationConfig(as_of=date(2025, 12, 1)))
>>> [(a.bin, a.batch, a.qty) for a in result.allocations]
[('A-01-02', 'B1', 3), ('A-01-01', 'B2', 5), ('R-01-01', 'B0', 2)]
>>> result.shortages
()
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

from wms_module.core.bins import EPSILON, BinStatus, ZoneType
from wms_module.core.errors import InvalidInput


class RemovalStrategy(str, Enum):
	"""The order in which eligible bins are emptied (see the module docstring)."""

	FIFO = "fifo"
	FEFO = "fefo"
	LIFO = "lifo"
	CLOSEST = "closest"
	FEWEST_BINS = "fewest_bins"
	CLEAR_SMALL = "clear_small"


ALLOCATABLE_ZONES = {ZoneType.PICK.value: 0, ZoneType.RESERVE.value: 1}
"""Zone types allocated from, with their rank: pick faces before reserve."""


@dataclass(frozen=True)
class OrderLine:
	"""One line to allocate. ``whole_number`` comes from the line's UOM."""

	line_id: str
	item: str
	qty: float
	whole_number: bool = False
	min_remaining_shelf_life_days: int | None = None


@dataclass(frozen=True)
class StockSlot:
	"""The stock of one (bin, item, batch), with what allocation needs to know about it."""

	bin: str
	warehouse: str
	zone_type: ZoneType | str
	item: str
	batch: str | None
	on_hand: float
	received_on: date
	allocated: float = 0
	expiry: date | None = None
	distance: float | None = None
	status: BinStatus | str = BinStatus.ACTIVE
	pick_sequence: int = 0

	@property
	def available(self) -> float:
		return max(0, self.on_hand - self.allocated)


@dataclass(frozen=True)
class AllocationConfig:
	"""Settings for one allocation run."""

	as_of: date
	strategy: RemovalStrategy | str = RemovalStrategy.FEFO
	allow_batch_mix: bool = True


@dataclass(frozen=True)
class Allocation:
	"""Pick ``qty`` of ``item`` (``batch``) from ``bin`` for line ``line_id``."""

	line_id: str
	item: str
	bin: str
	warehouse: str
	batch: str | None
	qty: float


class ShortageReason(str, Enum):
	"""Why stock that exists could not be allocated to a line."""

	NO_STOCK = "no_stock"
	ALREADY_ALLOCATED = "already_allocated"
	EXPIRED = "expired"
	SHELF_LIFE_TOO_SHORT = "shelf_life_too_short"
	BIN_NOT_ACTIVE = "bin_not_active"
	ZONE_NOT_ALLOCATABLE = "zone_not_allocatable"
	FRACTIONAL_REMAINDER = "fractional_remainder"
	SINGLE_BATCH = "single_batch"


@dataclass(frozen=True)
class ShortageCause:
	"""``qty`` of the item was held back for ``reason`` (for NO_STOCK: simply missing)."""

	reason: ShortageReason
	qty: float


@dataclass(frozen=True)
class Shortage:
	"""A line that could not be allocated in full, and why."""

	line_id: str
	item: str
	requested: float
	short: float
	causes: tuple[ShortageCause, ...]
	message: str

	@property
	def reasons(self) -> tuple[ShortageReason, ...]:
		return tuple(c.reason for c in self.causes)


@dataclass(frozen=True)
class AllocationResult:
	allocations: tuple[Allocation, ...]
	shortages: tuple[Shortage, ...]

	def allocated_qty(self, line_id: str) -> float:
		"""Total allocated to one line."""
		return sum(a.qty for a in self.allocations if a.line_id == line_id)


# ---------------------------------------------------------------------------


def _sort_key(strategy: RemovalStrategy):
	far = date.max

	def base(s: StockSlot):
		return (s.pick_sequence, s.bin, s.batch or "")

	if strategy == RemovalStrategy.FIFO:
		return lambda s: (s.received_on, *base(s))
	if strategy == RemovalStrategy.FEFO:
		return lambda s: (s.expiry or far, s.received_on, *base(s))
	if strategy == RemovalStrategy.LIFO:
		return lambda s: (-s.received_on.toordinal(), *base(s))
	if strategy == RemovalStrategy.CLOSEST:
		return lambda s: (math.inf if s.distance is None else s.distance, *base(s))
	if strategy == RemovalStrategy.CLEAR_SMALL:
		return lambda s: (s.available, *base(s))
	return base  # FEWEST_BINS: static order only breaks ties


@dataclass
class _ItemStock:
	"""Mutable per-call state of one item's slots (never escapes ``allocate``)."""

	candidates: list[int] = field(default_factory=list)
	"""Indices of allocatable slots, in strategy order (zone rank first)."""
	held_back: dict[ShortageReason, float] = field(default_factory=dict)
	"""Available qty in slots that are never allocatable, by reason."""
	allocated_elsewhere: float = 0.0
	"""Qty of allocatable slots already taken: by open tasks or by earlier lines of this call."""
	start: int = 0
	"""Candidates before this index are exhausted."""


def _enum(enum, value, slot: StockSlot, name: str):
	try:
		return enum(value)
	except ValueError:
		allowed = ", ".join(repr(m.value) for m in enum)
		raise InvalidInput(
			f"Stock slot in bin {slot.bin!r} has {name} {value!r}; expected one of {allowed}"
		) from None


def _index(slots: Sequence[StockSlot], config: AllocationConfig):
	"""Slots by item (allocatable ones sorted), the available qty per slot, and zone ranks."""
	seen: set[tuple[str, str, str | None]] = set()
	stock: dict[str, _ItemStock] = {}
	remaining = [0.0] * len(slots)
	zone_ranks = [0] * len(slots)
	for i, s in enumerate(slots):
		key = (s.bin, s.item, s.batch)
		if key in seen:
			raise InvalidInput(
				f"Stock slot for bin {s.bin!r}, item {s.item!r}, batch {s.batch!r} is given twice; "
				"expected one slot per (bin, item, batch)"
			)
		seen.add(key)
		entry = stock.get(s.item)
		if entry is None:
			entry = stock[s.item] = _ItemStock()
		available = s.available
		zone = _enum(ZoneType, s.zone_type, s, "zone type").value
		status = _enum(BinStatus, s.status, s, "status")
		reason = None
		if zone not in ALLOCATABLE_ZONES:
			reason = ShortageReason.ZONE_NOT_ALLOCATABLE
		elif status != BinStatus.ACTIVE:
			reason = ShortageReason.BIN_NOT_ACTIVE
		elif s.expiry is not None and s.expiry < config.as_of:
			reason = ShortageReason.EXPIRED
		if reason is not None:
			if available > EPSILON:
				entry.held_back[reason] = entry.held_back.get(reason, 0.0) + available
			continue
		remaining[i] = available
		zone_ranks[i] = ALLOCATABLE_ZONES[zone]
		entry.allocated_elsewhere += max(0.0, s.on_hand) - available
		entry.candidates.append(i)
	key = _sort_key(RemovalStrategy(config.strategy))
	for entry in stock.values():
		entry.candidates.sort(key=lambda i: (zone_ranks[i], key(slots[i])))
	return stock, remaining, zone_ranks


def _usable(qty: float, whole: bool) -> float:
	return math.floor(qty + EPSILON) if whole else qty


def _fewest_bins(pool: list[tuple[int, float]], need: float, zone_of) -> list[tuple[int, float]]:
	"""As few slots as possible per zone rank: the smallest that covers the rest, else the largest."""
	picks: list[tuple[int, float]] = []
	position = 0
	while position < len(pool) and need > EPSILON:
		zone = zone_of(pool[position][0])
		end = position
		while end < len(pool) and zone_of(pool[end][0]) == zone:
			end += 1
		group = sorted(pool[position:end], key=lambda t: -t[1])  # stable: keeps strategy order on ties
		negs = [-q for _, q in group]
		first = 0
		while first < len(group) and need > EPSILON:
			j = bisect_right(negs, -need + EPSILON, lo=first) - 1  # smallest usable >= need
			if j >= first:
				while j > first and negs[j - 1] == negs[j]:
					j -= 1
				picks.append((group[j][0], need))
				need = 0.0
				break
			picks.append((group[first][0], group[first][1]))
			need -= group[first][1]
			first += 1
		position = end
	return picks


def _in_order(pool: Iterable[tuple[int, float]], need: float) -> list[tuple[int, float]]:
	picks = []
	for i, usable in pool:
		if need <= EPSILON:
			break
		take = min(need, usable)
		picks.append((i, take))
		need -= take
	return picks


def allocate(
	lines: Sequence[OrderLine], slots: Sequence[StockSlot], config: AllocationConfig
) -> AllocationResult:
	"""Allocate ``lines`` in order against ``slots``; see the module docstring for the rules.

	Raises InvalidInput for a line with a negative or (for a whole-number UOM)
	fractional quantity, a line id given twice, or a (bin, item, batch) slot
	given twice. Everything else that goes wrong is a Shortage in the result.
	"""
	strategy = RemovalStrategy(config.strategy)
	stock, remaining, zone_ranks = _index(slots, config)
	line_ids: set[str] = set()
	allocations: list[Allocation] = []
	shortages: list[Shortage] = []

	for line in lines:
		_validate_line(line, line_ids)
		if line.qty <= EPSILON:
			continue
		entry = stock.get(line.item)
		if entry is None:
			shortages.append(_shortage(line, line.qty, (ShortageCause(ShortageReason.NO_STOCK, line.qty),)))
			continue
		while entry.start < len(entry.candidates) and remaining[entry.candidates[entry.start]] <= EPSILON:
			entry.start += 1
		min_expiry = None
		if line.min_remaining_shelf_life_days:
			min_expiry = config.as_of + timedelta(days=line.min_remaining_shelf_life_days)

		def fresh_enough(i: int, min_expiry=min_expiry) -> bool:
			expiry = slots[i].expiry
			return min_expiry is None or expiry is None or expiry >= min_expiry

		pool: Iterable[tuple[int, float]] = (
			(i, usable)
			for i in entry.candidates[entry.start :]
			if remaining[i] > EPSILON
			and fresh_enough(i)
			and (usable := _usable(remaining[i], line.whole_number)) > EPSILON
		)
		chosen_batch: tuple[str | None] | None = None
		if not config.allow_batch_mix:
			pool = list(pool)
			chosen_batch = _choose_batch(pool, line.qty, slots)
			pool = [(i, q) for i, q in pool if (slots[i].batch,) == chosen_batch]
		if strategy == RemovalStrategy.FEWEST_BINS:
			picks = _fewest_bins(list(pool), line.qty, zone_ranks.__getitem__)
		else:
			picks = _in_order(pool, line.qty)

		allocated_before = entry.allocated_elsewhere
		got = 0.0
		for i, qty in picks:
			if line.whole_number:
				qty = int(round(qty))
			s = slots[i]
			remaining[i] -= qty
			got += qty
			entry.allocated_elsewhere += qty
			allocations.append(Allocation(line.line_id, line.item, s.bin, s.warehouse, s.batch, qty))
		short = line.qty - got
		if short > EPSILON:
			causes = _causes(
				line, short, entry, allocated_before, remaining, slots, fresh_enough, chosen_batch
			)
			shortages.append(_shortage(line, short, causes))
	return AllocationResult(tuple(allocations), tuple(shortages))


def _validate_line(line: OrderLine, line_ids: set[str]) -> None:
	if line.line_id in line_ids:
		raise InvalidInput(f"Order line id {line.line_id!r} is given twice; expected unique line ids")
	line_ids.add(line.line_id)
	if line.qty < 0:
		raise InvalidInput(
			f"Order line {line.line_id!r} asks for {line.qty:g} of {line.item}; expected qty >= 0"
		)
	if line.whole_number and abs(line.qty - round(line.qty)) > EPSILON:
		raise InvalidInput(
			f"Order line {line.line_id!r} asks for {line.qty:g} of {line.item} in a whole-number UOM; "
			"expected a whole quantity"
		)
	if line.min_remaining_shelf_life_days is not None and line.min_remaining_shelf_life_days < 0:
		raise InvalidInput(
			f"Order line {line.line_id!r} has min_remaining_shelf_life_days "
			f"{line.min_remaining_shelf_life_days}; expected >= 0"
		)


def _choose_batch(pool: list[tuple[int, float]], need: float, slots: Sequence[StockSlot]):
	"""The first batch (in strategy order) that covers ``need``, else the one with the most."""
	totals: dict[tuple[str | None], float] = {}
	for i, usable in pool:
		key = (slots[i].batch,)
		totals[key] = totals.get(key, 0.0) + usable
	best = None
	for key, total in totals.items():  # dicts keep first-seen order = strategy order
		if total >= need - EPSILON:
			return key
		if best is None or total > totals[best] + EPSILON:
			best = key
	return best


def _causes(line, short, entry, allocated_before, remaining, slots, fresh_enough, chosen_batch):
	held: dict[ShortageReason, float] = dict(entry.held_back)

	def add(reason: ShortageReason, qty: float) -> None:
		if qty > EPSILON:
			held[reason] = held.get(reason, 0.0) + qty

	add(ShortageReason.ALREADY_ALLOCATED, allocated_before)
	for i in entry.candidates[entry.start :]:
		left = remaining[i]
		if left <= EPSILON:
			continue
		if not fresh_enough(i):
			add(ShortageReason.SHELF_LIFE_TOO_SHORT, left)
		elif (
			chosen_batch is not None
			and (slots[i].batch,) != chosen_batch
			and _usable(left, line.whole_number) > 0
		):
			add(ShortageReason.SINGLE_BATCH, left)
		elif line.whole_number:
			add(ShortageReason.FRACTIONAL_REMAINDER, left)
	order = list(ShortageReason)
	causes = [
		ShortageCause(reason, qty) for reason, qty in sorted(held.items(), key=lambda kv: order.index(kv[0]))
	]
	missing = short - sum(c.qty for c in causes)
	if missing > EPSILON:
		causes.insert(0, ShortageCause(ShortageReason.NO_STOCK, missing))
	return tuple(causes)


_PHRASES = {
	ShortageReason.NO_STOCK: "{q} not in stock",
	ShortageReason.ALREADY_ALLOCATED: "{q} allocated to other orders",
	ShortageReason.EXPIRED: "{q} in expired batches",
	ShortageReason.SHELF_LIFE_TOO_SHORT: "{q} with less than {days} days of shelf life left",
	ShortageReason.BIN_NOT_ACTIVE: "{q} in blocked or counting bins",
	ShortageReason.ZONE_NOT_ALLOCATABLE: "{q} in receiving, quarantine, returns or staging zones",
	ShortageReason.FRACTIONAL_REMAINDER: "{q} only as fractions of a whole unit",
	ShortageReason.SINGLE_BATCH: "{q} in other batches (batch mixing is off)",
}


def _shortage(line: OrderLine, short: float, causes: tuple[ShortageCause, ...]) -> Shortage:
	phrases = "; ".join(
		_PHRASES[c.reason].format(q=f"{c.qty:g}", days=line.min_remaining_shelf_life_days) for c in causes
	)
	message = f"Order line {line.line_id!r}: {short:g} of {line.qty:g} x {line.item} could not be allocated: {phrases}"
	return Shortage(line.line_id, line.item, line.qty, short, causes, message)
