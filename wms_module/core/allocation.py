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
- without batch mixing a line is served from one batch (possibly several
  bins): the first batch in strategy order that covers the line, else the
  batch with the most usable stock.

Within those rules the removal strategy orders the bins: ``fifo`` (oldest
receipt first), ``fefo`` (earliest expiry first, then oldest receipt; no expiry
last), ``lifo`` (newest receipt first), ``closest`` (smallest distance first;
unknown distance last), ``fewest_bins`` (as few bins as possible: the smallest
bin that covers what is left, else the largest, repeated) and ``clear_small``
(smallest available quantity, as at the start of the call, first, to empty bins).
Ties fall back to pick sequence, then bin code.

A line that cannot be served in full gets a Shortage naming how much stock was
held back and why (expired, shelf life, blocked bins, ...):

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
>>> line = OrderLine("SO-2/1", "SKU1", 8, min_remaining_shelf_life_days=10)
>>> late = allocate([line], slots, AllocationConfig(as_of=date(2026, 1, 25)))
>>> [(a.bin, a.qty) for a in late.allocations]
[('A-01-01', 5)]
>>> print(late.shortages[0].message)
Order line 'SO-2/1': 3 of 8 x SKU1 could not be allocated: 9 in expired batches; 3 with less than 10 days of shelf life left
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

from wms_module.core.bins import EPSILON, BinStatus, ZoneType
from wms_module.core.errors import InvalidInput
from wms_module.core.removal import RemovalStrategy, removal_key

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
	phrases: tuple[str, ...] = ()
	"""The reasons ``message`` lists, each on its own (a caller adds its own: ``shortage_message``)."""

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


@dataclass
class _Group:
	"""Allocatable slots handed out together: all of an item's (batch mixing on), or one batch's."""

	candidates: list[int]
	"""Slot indices in strategy order (zone rank first)."""
	expiry: date | None = None
	uniform: bool = False
	"""All candidates share ``expiry`` (a batch's expiry is a property of the batch), so a
	shelf-life check holds for the whole group; otherwise each slot is checked."""
	start: int = 0
	"""Candidates before this index are used up."""
	total: float = 0.0
	whole_total: int = 0
	"""Sum of whole units over the candidates (what a whole-number line can get)."""
	by_zone: list[list[tuple[float, int, int]]] | None = None
	"""fewest_bins only: per zone rank, (remaining, position, slot) sorted by remaining."""


@dataclass
class _ItemStock:
	groups: list[_Group] = field(default_factory=list)
	held_back: dict[ShortageReason, float] = field(default_factory=dict)
	"""Available qty in slots that are never allocatable, by reason."""
	allocated_elsewhere: float = 0.0
	"""Qty of allocatable slots already taken: by open tasks or by earlier lines of this call."""


def _enum(enum, value, slot: StockSlot, name: str):
	try:
		return enum(value)
	except ValueError:
		allowed = ", ".join(repr(m.value) for m in enum)
		raise InvalidInput(
			f"Stock slot in bin {slot.bin!r} has {name} {value!r}; expected one of {allowed}"
		) from None


def _whole(qty: float) -> int:
	return math.floor(qty + EPSILON)


class _Allocator:
	"""One allocation run. Indexes the slots by item once; every take updates the running
	totals, so a line costs about the number of slots it looks at, not the number of slots."""

	def __init__(self, slots: Sequence[StockSlot], config: AllocationConfig):
		self.slots = slots
		self.config = config
		self.strategy = RemovalStrategy(config.strategy)
		n = len(slots)
		self.remaining = [0.0] * n
		self.zone = [0] * n
		self.position = [0] * n
		self.group_of: list[_Group | None] = [None] * n
		self.items: dict[str, _ItemStock] = {}
		self._index()

	# long: one pass over the slots builds every lookup the allocator needs (they share the loop)
	def _index(self) -> None:
		slots, config = self.slots, self.config
		seen: set[tuple[str, str, str | None]] = set()
		candidates: dict[str, list[int]] = {}
		for i, s in enumerate(slots):
			key = (s.bin, s.item, s.batch)
			if key in seen:
				raise InvalidInput(
					f"Stock slot for bin {s.bin!r}, item {s.item!r}, batch {s.batch!r} is given twice; "
					"expected one slot per (bin, item, batch)"
				)
			seen.add(key)
			entry = self.items.get(s.item)
			if entry is None:
				entry = self.items[s.item] = _ItemStock()
				candidates[s.item] = []
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
			self.remaining[i] = available
			self.zone[i] = ALLOCATABLE_ZONES[zone]
			entry.allocated_elsewhere += max(0, s.on_hand) - available
			candidates[s.item].append(i)
		strategy_key = removal_key(self.strategy)
		for item, cands in candidates.items():
			cands.sort(key=lambda i: (self.zone[i], strategy_key(slots[i])))
			for pos, i in enumerate(cands):
				self.position[i] = pos
			if config.allow_batch_mix:
				keyed = {None: cands}
			else:
				keyed: dict = {}
				for i in cands:
					keyed.setdefault(slots[i].batch or "", []).append(i)
			for members in keyed.values():
				expiries = {slots[i].expiry for i in members}
				group = _Group(
					members,
					expiry=next(iter(expiries), None),
					uniform=len(expiries) == 1,
					total=sum(self.remaining[i] for i in members),
					whole_total=sum(_whole(self.remaining[i]) for i in members),
				)
				if self.strategy == RemovalStrategy.FEWEST_BINS:
					group.by_zone = [
						sorted(
							(self.remaining[i], self.position[i], i)
							for i in members
							if self.zone[i] == z and self.remaining[i] > EPSILON
						)
						for z in (0, 1)
					]
				for i in members:
					self.group_of[i] = group
				self.items[item].groups.append(group)

	# ------------------------------------------------------------------ helpers

	def _usable(self, i: int, whole: bool) -> float:
		return _whole(self.remaining[i]) if whole else self.remaining[i]

	def _take(self, i: int, qty: float) -> None:
		group = self.group_of[i]
		old = self.remaining[i]
		new = old - qty
		if new <= EPSILON:
			new = 0.0
		self.remaining[i] = new
		group.total += new - old
		group.whole_total += _whole(new) - _whole(old)
		if group.by_zone is not None:
			lst = group.by_zone[self.zone[i]]
			k = bisect_left(lst, (old, self.position[i], i))
			lst.pop(k)
			if new > EPSILON:
				insort(lst, (new, self.position[i], i))

	@staticmethod
	def _advance(group: _Group, remaining: list[float]) -> None:
		cands = group.candidates
		while group.start < len(cands) and remaining[cands[group.start]] <= EPSILON:
			group.start += 1

	# ------------------------------------------------------------------ choosing

	def _in_order(self, group: _Group, need: float, whole: bool, fresh) -> list[tuple[int, float]]:
		self._advance(group, self.remaining)
		picks = []
		for i in group.candidates[group.start :]:
			if need <= EPSILON:
				break
			if self.remaining[i] <= EPSILON or not fresh(i):
				continue
			usable = self._usable(i, whole)
			if usable <= EPSILON:
				continue
			qty = min(need, usable)
			picks.append((i, qty))
			need -= qty
		for i, qty in picks:
			self._take(i, qty)
		return picks

	def _fewest_bins(self, group: _Group, need: float, whole: bool, fresh) -> list[tuple[int, float]]:
		"""Per zone rank: the smallest slot that covers what is left, else the largest; repeat."""
		picks = []
		for lst in group.by_zone:
			while need > EPSILON:
				covering = next(
					(
						lst[k][2]
						for k in range(bisect_left(lst, (need - EPSILON,)), len(lst))
						if fresh(lst[k][2])
					),
					None,
				)
				if covering is not None:
					picks.append((covering, need))
					self._take(covering, need)
					need = 0.0
					break
				largest = None
				for k in range(len(lst) - 1, -1, -1):
					i = lst[k][2]
					if fresh(i) and self._usable(i, whole) > EPSILON:
						if largest is not None and lst[k][0] != self.remaining[largest]:
							break
						largest = i  # keep walking left through ties: earliest position wins
					elif largest is not None and lst[k][0] != self.remaining[largest]:
						break
				if largest is None:
					break
				qty = self._usable(largest, whole)
				picks.append((largest, qty))
				self._take(largest, qty)
				need -= qty
		return picks

	def _choose_batch(
		self, entry: _ItemStock, need: float, whole: bool, min_expiry: date | None
	) -> _Group | None:
		"""The first batch (in strategy order) that covers ``need``, else the one with the most."""
		ranked = []
		for group in entry.groups:
			self._advance(group, self.remaining)
			if group.uniform:
				if min_expiry is not None and group.expiry is not None and group.expiry < min_expiry:
					continue
				total = group.whole_total if whole else group.total
				first = group.candidates[group.start] if group.start < len(group.candidates) else None
			else:  # slots of one batch with different expiries: check each
				fresh = [
					i
					for i in group.candidates[group.start :]
					if min_expiry is None
					or self.slots[i].expiry is None
					or self.slots[i].expiry >= min_expiry
				]
				total = sum(self._usable(i, whole) for i in fresh)
				first = fresh[0] if fresh else None
			if first is not None and total > EPSILON:
				ranked.append((self.position[first], total, group))
		ranked.sort(key=lambda t: t[0])
		for _, total, group in ranked:
			if total >= need - EPSILON:
				return group
		if not ranked:
			return None
		return max(ranked, key=lambda t: (t[1], -t[0]))[2]

	# ------------------------------------------------------------------ a line

	def allocate_line(self, line: OrderLine) -> tuple[list[Allocation], Shortage | None]:
		entry = self.items.get(line.item)
		if entry is None:
			return [], _shortage(line, line.qty, (ShortageCause(ShortageReason.NO_STOCK, line.qty),))
		min_expiry = None
		if line.min_remaining_shelf_life_days:
			min_expiry = self.config.as_of + timedelta(days=line.min_remaining_shelf_life_days)
		slots = self.slots

		def fresh(i: int) -> bool:
			expiry = slots[i].expiry
			return min_expiry is None or expiry is None or expiry >= min_expiry

		chosen = None
		if self.config.allow_batch_mix:
			groups = entry.groups
		else:
			chosen = self._choose_batch(entry, line.qty, line.whole_number, min_expiry)
			groups = [chosen] if chosen is not None else []
		allocated_before = entry.allocated_elsewhere
		picks: list[tuple[int, float]] = []
		for group in groups:
			if self.strategy == RemovalStrategy.FEWEST_BINS:
				picks += self._fewest_bins(group, line.qty, line.whole_number, fresh)
			else:
				picks += self._in_order(group, line.qty, line.whole_number, fresh)
		allocations = []
		got = 0.0
		for i, qty in picks:
			if line.whole_number:
				qty = int(round(qty))
			s = slots[i]
			got += qty
			allocations.append(Allocation(line.line_id, line.item, s.bin, s.warehouse, s.batch, qty))
		entry.allocated_elsewhere += got
		short = line.qty - got
		if short <= EPSILON:
			return allocations, None
		return allocations, _shortage(
			line, short, self._causes(line, short, entry, allocated_before, fresh, chosen)
		)

	def _causes(self, line, short, entry, allocated_before, fresh, chosen) -> tuple[ShortageCause, ...]:
		held: dict[ShortageReason, float] = dict(entry.held_back)

		def add(reason: ShortageReason, qty: float) -> None:
			if qty > EPSILON:
				held[reason] = held.get(reason, 0.0) + qty

		add(ShortageReason.ALREADY_ALLOCATED, allocated_before)
		for group in entry.groups:
			self._advance(group, self.remaining)
			for i in group.candidates[group.start :]:
				left = self.remaining[i]
				if left <= EPSILON:
					continue
				if not fresh(i):
					add(ShortageReason.SHELF_LIFE_TOO_SHORT, left)
				elif (
					chosen is not None
					and group is not chosen
					and self._usable(i, line.whole_number) > EPSILON
				):
					add(ShortageReason.SINGLE_BATCH, left)
				elif line.whole_number:
					add(ShortageReason.FRACTIONAL_REMAINDER, left)
		order = list(ShortageReason)
		causes = [ShortageCause(r, q) for r, q in sorted(held.items(), key=lambda kv: order.index(kv[0]))]
		missing = short - sum(c.qty for c in causes)
		if missing > EPSILON:
			causes.insert(0, ShortageCause(ShortageReason.NO_STOCK, missing))
		return tuple(causes)


def allocate(
	lines: Sequence[OrderLine], slots: Sequence[StockSlot], config: AllocationConfig
) -> AllocationResult:
	"""Allocate ``lines`` in order against ``slots``; see the module docstring for the rules.

	Raises InvalidInput for a line with a negative or (for a whole-number UOM)
	fractional quantity, a line id given twice, or a (bin, item, batch) slot
	given twice. Everything else that goes wrong is a Shortage in the result.
	"""
	allocator = _Allocator(slots, config)
	line_ids: set[str] = set()
	allocations: list[Allocation] = []
	shortages: list[Shortage] = []
	for line in lines:
		_validate_line(line, line_ids)
		if line.qty <= EPSILON:
			continue
		got, shortage = allocator.allocate_line(line)
		allocations += got
		if shortage is not None:
			shortages.append(shortage)
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


def shortage_message(line_id: str, item: str, requested: float, short: float, phrases: Sequence[str]) -> str:
	""" "Order line 'X': 3 of 8 x SKU could not be allocated: <phrases joined by '; '>"."""
	return (
		f"Order line {line_id!r}: {short:g} of {requested:g} x {item} could not be allocated: "
		+ "; ".join(phrases)
	)


def _shortage(line: OrderLine, short: float, causes: tuple[ShortageCause, ...]) -> Shortage:
	phrases = tuple(
		_PHRASES[c.reason].format(q=f"{c.qty:g}", days=line.min_remaining_shelf_life_days) for c in causes
	)
	message = shortage_message(line.line_id, line.item, line.qty, short, phrases)
	return Shortage(line.line_id, line.item, line.qty, short, causes, message, phrases)
