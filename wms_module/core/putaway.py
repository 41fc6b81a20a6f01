"""Directed putaway: which bins received stock should go to, and why.

For each received line (an item, a batch, a quantity) and the candidate bins of its warehouse
with their state, the engine returns a plan: splits into destination bins, each with the rule
that chose it, and the quantity nothing could take with the reason ("no space: ...").

Hard filters (a bin failing one is never used, whatever the order):

* the bin takes the put by :func:`wms_module.core.bins.check_put`: active (not blocked, not being
  counted), its mix policy, its quantity / volume / weight limits counting what it holds AND
  what open putaway tasks already bring to it (``Candidate.incoming``) AND what this plan has
  already sent there, so two tasks never fill the same space;
* the zone: pick and reserve zones; a line on QC hold (or of a batch already expired) goes to
  quarantine zones only, and only such a line goes there;
* segregation: the zone's temperature class is the item's (empty = Ambient) and its hazard class
  is the item's (a non-hazardous item never goes to a hazmat zone, nor the reverse);
* a fixed pick face (``Candidate.fixed_item``) takes its own item only;
* WMS Putaway Rules marked ``restrict`` ("Only"): the item goes only to bins matching one of them
  (this is how a storage class is segregated).

Preferences, in a configurable order (:data:`DEFAULT_ORDER`; :func:`parse_rule_order` reads
the WMS Settings text): the item's fixed pick face (top it up first), the item's putaway rules by
priority, consolidation with the same item and batch, the item's velocity class zone, a bin that
takes the whole remaining quantity, nearest to the dock by walking distance (the router's metric,
``WarehouseLayout.distance`` from the depot, computed by the service). The best bin takes as
much as it can, then the next, until the quantity is placed or no bin can take another unit.

>>> pick = Candidate(StorageBin("A-01", "W", max_qty=10), zone="PICK", zone_type=ZoneType.PICK,
...     distance=5.0, fixed_item="SKU1", contents=(BinContent("SKU1", None, 6),))
>>> near = Candidate(StorageBin("B-01", "W", max_qty=50), zone="RES", zone_type=ZoneType.RESERVE,
...     distance=2.0)
>>> cold = Candidate(StorageBin("C-01", "W"), zone="COLD", zone_type=ZoneType.RESERVE,
...     distance=1.0, temperature_class="Frozen")
>>> [plan] = plan_putaway([PutawayRequest(ItemProfile("SKU1"), None, 30)], [pick, near, cold])
>>> [(p.bin, p.qty, p.rule) for p in plan.placements], plan.unplaced
([('A-01', 4.0, 'Fixed Pick Face'), ('B-01', 26.0, 'Capacity Fit')], 0.0)
>>> [plan] = plan_putaway([PutawayRequest(ItemProfile("SKU2"), None, 60)], [pick, near, cold])
>>> [(p.bin, p.qty) for p in plan.placements], plan.unplaced
([('B-01', 50.0)], 10.0)
>>> print(plan.reason)
no space: none of 3 candidate bins can take another unit of SKU2 (1 full, 1 fixed pick face of another item, 1 segregated by temperature or hazard class)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from wms_module.core.bins import (
	EPSILON,
	BinContent,
	Put,
	StorageBin,
	ZoneType,
	check_put,
)
from wms_module.core.errors import (
	BinNotUsable,
	CapacityExceeded,
	InvalidInput,
	MixPolicyViolation,
	WmsError,
)

__all__ = [
	"DEFAULT_ORDER",
	"AppliesTo",
	"Candidate",
	"ItemProfile",
	"Placement",
	"PutawayConfig",
	"PutawayPlan",
	"PutawayRequest",
	"PutawayRule",
	"Step",
	"parse_rule_order",
	"plan_putaway",
]

AMBIENT = "Ambient"
STORAGE_ZONES = frozenset({ZoneType.PICK, ZoneType.RESERVE})
"""Where stock is put away to; QC hold goes to ``ZoneType.QUARANTINE`` instead."""


class Step(str, Enum):
	"""The preference steps, by the names WMS Settings > Putaway Rule Order uses."""

	FIXED_PICK_FACE = "Fixed Pick Face"
	PUTAWAY_RULE = "Putaway Rule"
	CONSOLIDATE = "Consolidate"
	VELOCITY_ZONE = "Velocity Zone"
	CAPACITY_FIT = "Capacity Fit"
	NEAREST = "Nearest to Dock"


DEFAULT_ORDER: tuple[Step, ...] = tuple(Step)
"""Top up the pick face, follow the rules, consolidate, velocity zone, a bin that takes it all, nearest."""


def parse_rule_order(text: str | None) -> tuple[Step, ...]:
	"""The steps named in ``text`` (one per line or comma-separated, any case); empty = the default.

	>>> parse_rule_order("consolidate, nearest to dock")
	(<Step.CONSOLIDATE: 'Consolidate'>, <Step.NEAREST: 'Nearest to Dock'>)
	>>> parse_rule_order("Consolidate\\nBiggest First")
	Traceback (most recent call last):
	...
	wms_module.core.errors.InvalidInput: Putaway rule order: 'Biggest First' is not a step; expected one of Fixed Pick Face, Putaway Rule, Consolidate, Velocity Zone, Capacity Fit, Nearest to Dock
	"""
	names = [n.strip() for n in (text or "").replace(",", "\n").splitlines() if n.strip()]
	if not names:
		return DEFAULT_ORDER
	by_name = {s.value.lower(): s for s in Step}
	steps: list[Step] = []
	for name in names:
		step = by_name.get(name.lower())
		if step is None:
			raise InvalidInput(
				f"Putaway rule order: {name!r} is not a step; expected one of {', '.join(s.value for s in Step)}"
			)
		if step in steps:
			raise InvalidInput(f"Putaway rule order names {step.value!r} twice; expected each step once")
		steps.append(step)
	return tuple(steps)


class AppliesTo(str, Enum):
	"""What a WMS Putaway Rule applies to (the doctype's options)."""

	ITEM = "Item"
	ITEM_GROUP = "Item Group"
	STORAGE_CLASS = "Storage Class"


_SPECIFICITY = {AppliesTo.ITEM: 0, AppliesTo.ITEM_GROUP: 1, AppliesTo.STORAGE_CLASS: 2}


@dataclass(frozen=True)
class ItemProfile:
	"""What the engine knows of an item. ``item_groups``: its group, then the group's ancestors
	(a rule on a parent group applies). Unit volume / weight of 0 are unknown and not checked.
	``whole_units``: its stock UOM counts whole units (splits are whole numbers)."""

	item: str
	item_groups: tuple[str, ...] = ()
	unit_volume: float = 0.0
	unit_weight: float = 0.0
	velocity_class: str | None = None
	storage_class: str | None = None
	hazard_class: str | None = None
	temperature_class: str | None = None
	whole_units: bool = True


@dataclass(frozen=True)
class PutawayRequest:
	"""One received line to put away. ``expiry``: of the batch; an expired batch is held like QC."""

	item: ItemProfile
	batch: str | None
	qty: float
	qc_hold: bool = False
	expiry: date | None = None
	reference: str | None = None
	"""The caller's key for the line (a Purchase Receipt Item name), returned on the plan."""

	def __post_init__(self):
		if not isinstance(self.qty, int | float) or not math.isfinite(self.qty) or self.qty <= 0:
			raise InvalidInput(f"Putaway qty of {self.item.item} is {self.qty!r}; expected a number > 0")


@dataclass(frozen=True)
class PutawayRule:
	"""A WMS Putaway Rule: items it applies to -> a zone and/or a bin type. Lower ``priority``
	first. ``restrict``: the item goes ONLY to matching bins; else they are preferred."""

	name: str
	applies_to: AppliesTo
	value: str
	zone: str | None = None
	bin_type: str | None = None
	priority: int = 0
	restrict: bool = False

	def __post_init__(self):
		if not (self.zone or self.bin_type):
			raise InvalidInput(
				f"Putaway rule {self.name!r} names neither a zone nor a bin type; expected one"
			)
		object.__setattr__(self, "applies_to", AppliesTo(self.applies_to))

	def applies(self, item: ItemProfile) -> bool:
		if self.applies_to == AppliesTo.ITEM:
			return self.value == item.item
		if self.applies_to == AppliesTo.ITEM_GROUP:
			return self.value in item.item_groups
		return bool(item.storage_class) and self.value == item.storage_class

	def matches(self, candidate: Candidate) -> bool:
		return (self.zone is None or self.zone == candidate.zone) and (
			self.bin_type is None or self.bin_type == candidate.bin_type
		)


@dataclass(frozen=True)
class Candidate:
	"""A bin the service offers, with its zone's classes, its distance from the dock (None =
	unknown, last), what it holds and what open putaway tasks bring (``incoming``)."""

	bin: StorageBin
	zone: str
	zone_type: ZoneType
	bin_type: str = "Shelf"
	velocity_class: str | None = None
	hazard_class: str | None = None
	temperature_class: str | None = None
	distance: float | None = None
	pick_sequence: int = 0
	fixed_item: str | None = None
	contents: tuple[BinContent, ...] = ()
	incoming: tuple[BinContent, ...] = ()

	@property
	def code(self) -> str:
		return self.bin.code


@dataclass(frozen=True)
class PutawayConfig:
	"""The preference order and the day (for expired batches)."""

	order: tuple[Step, ...] = DEFAULT_ORDER
	as_of: date | None = None


@dataclass(frozen=True)
class Placement:
	"""``qty`` into ``bin``, chosen by ``step`` (``rule`` is its label, with the rule's name)."""

	bin: str
	qty: float
	step: Step
	rule: str


@dataclass(frozen=True)
class PutawayPlan:
	"""Where one request goes: placements + ``unplaced`` (with ``reason``) = the request's qty."""

	request: PutawayRequest
	placements: tuple[Placement, ...]
	unplaced: float
	reason: str | None = None

	@property
	def placed(self) -> float:
		return sum(p.qty for p in self.placements)


# --------------------------------------------------------------------------------- eligibility

SEGREGATED = "segregated by temperature or hazard class"
OTHER_FACE = "fixed pick face of another item"
OUTSIDE_RULES = "outside its putaway rules"
WRONG_ZONE = "not a pick or reserve zone"
QUARANTINE_ONLY = "not a quarantine zone (the line is on QC hold)"
FULL = "full"
MIXED = "hold other items or batches"
UNUSABLE = "blocked or being counted"
_CHECK_REASONS = {CapacityExceeded: FULL, MixPolicyViolation: MIXED, BinNotUsable: UNUSABLE}
_REASON_ORDER = (FULL, MIXED, UNUSABLE, OTHER_FACE, SEGREGATED, OUTSIDE_RULES, WRONG_ZONE, QUARANTINE_ONLY)


def held(request: PutawayRequest, config: PutawayConfig) -> bool:
	"""On QC hold, or of a batch already expired: quarantine only."""
	expired = request.expiry is not None and config.as_of is not None and request.expiry < config.as_of
	return request.qc_hold or expired


def ineligible(
	request: PutawayRequest, c: Candidate, rules: Sequence[PutawayRule], quarantine: bool
) -> str | None:
	"""Why ``c`` may never take ``request`` (a hard filter), or None."""
	item = request.item
	zone_type = ZoneType(c.zone_type)
	if quarantine and zone_type != ZoneType.QUARANTINE:
		return QUARANTINE_ONLY
	if not quarantine and zone_type not in STORAGE_ZONES:
		return WRONG_ZONE
	if c.fixed_item and c.fixed_item != item.item:
		return OTHER_FACE
	if (item.temperature_class or AMBIENT) != (c.temperature_class or AMBIENT):
		return SEGREGATED
	if (item.hazard_class or None) != (c.hazard_class or None):
		return SEGREGATED
	only = [r for r in rules if r.restrict]
	if only and not any(r.matches(c) for r in only):
		return OUTSIDE_RULES
	return None


def rules_for(item: ItemProfile, rules: Iterable[PutawayRule]) -> list[PutawayRule]:
	"""The rules that apply to ``item``: by priority, then item before group before storage class."""
	return sorted(
		(r for r in rules if r.applies(item)), key=lambda r: (r.priority, _SPECIFICITY[r.applies_to], r.name)
	)


# --------------------------------------------------------------------------------- capacity


def _load(put: Put) -> BinContent:
	return BinContent(
		put.item, put.batch, put.qty, volume=put.qty * put.unit_volume, weight=put.qty * put.unit_weight
	)


def _put(request: PutawayRequest, qty: float) -> Put:
	item = request.item
	return Put(item.item, request.batch, qty, unit_volume=item.unit_volume, unit_weight=item.unit_weight)


QUANTUM = 0.001
"""The smallest split of an item counted in fractions (Frappe's Float precision of 3)."""


def room(
	c: Candidate, loads: Sequence[BinContent], request: PutawayRequest, wanted: float
) -> tuple[float, type | None]:
	"""The most of ``wanted`` (whole units, or multiples of QUANTUM) that ``check_put`` lets into
	``c`` on top of what it holds and what is on its way; with the check's error class when it
	cannot take all. Capacity is monotone in the quantity, so a bisection over units finds it."""
	contents = [*c.contents, *loads]

	def fits(qty: float) -> type | None:
		try:
			check_put(c.bin, contents, _put(request, qty))
		except WmsError as e:
			return type(e)
		return None

	error = fits(wanted)
	if error is None:
		return wanted, None
	step = 1.0 if request.item.whole_units else QUANTUM
	lo, hi = 0, math.floor(wanted / step + EPSILON)
	if hi >= 1 and hi * step >= wanted - EPSILON:
		hi -= 1  # ``wanted`` itself was refused
	if hi < 1 or fits(step) is not None:
		return 0.0, error
	lo = 1
	while lo < hi:
		mid = (lo + hi + 1) // 2
		if fits(mid * step) is None:
			lo = mid
		else:
			hi = mid - 1
	return round(lo * step, 9), error


# --------------------------------------------------------------------------------- ranking


@dataclass
class _State:
	"""What the plan has sent to each bin so far (on top of its contents and incoming)."""

	loads: dict[str, list[BinContent]] = field(default_factory=dict)

	def of(self, c: Candidate) -> list[BinContent]:
		return self.loads.setdefault(c.code, list(c.incoming))


def _same_item_rank(c: Candidate, loads: Sequence[BinContent], request: PutawayRequest) -> int:
	"""0: holds (or will hold) the same item and batch; 1: the same item; 2: neither."""
	present = [x for x in (*c.contents, *loads) if x.qty > EPSILON]
	if any((x.item, x.batch) == (request.item.item, request.batch) for x in present):
		return 0
	return 1 if any(x.item == request.item.item for x in present) else 2


class _Bins:
	"""For one request: what each eligible bin can take and whether it holds the same item, kept
	until the plan puts something into that bin. Bins of the same rules and contents (every empty
	bin of a kind) share one ``room`` computation."""

	def __init__(self, request: PutawayRequest, state: _State):
		self.request, self.state = request, state
		self.by_shape: dict[tuple, tuple[float, type | None]] = {}
		self.by_bin: dict[str, tuple[float, type | None, int]] = {}

	def _of(self, c: Candidate) -> tuple[float, type | None, int]:
		if c.code not in self.by_bin:
			loads = self.state.of(c)
			b = c.bin
			shape = (b.status, b.mix_policy, b.max_qty, b.max_volume, b.max_weight, c.contents, tuple(loads))
			if shape not in self.by_shape:
				self.by_shape[shape] = room(c, loads, self.request, self.request.qty)
			self.by_bin[c.code] = (*self.by_shape[shape], _same_item_rank(c, loads, self.request))
		return self.by_bin[c.code]

	def take(self, c: Candidate, remaining: float) -> tuple[float, type | None]:
		"""The most of ``remaining`` ``c`` takes now (the request's room, capped), and why not more."""
		cap, error, _same = self._of(c)
		if cap >= remaining - EPSILON:
			return remaining, None
		step = 1.0 if self.request.item.whole_units else QUANTUM
		if remaining - cap < step - EPSILON:  # a remainder below one unit: it may fit whole
			try:
				check_put(c.bin, [*c.contents, *self.state.of(c)], _put(self.request, remaining))
				return remaining, None
			except WmsError:
				pass
		return cap, error

	def same_item(self, c: Candidate) -> int:
		return self._of(c)[2]

	def put(self, c: Candidate, qty: float) -> None:
		self.state.of(c).append(_load(_put(self.request, qty)))
		self.by_bin.pop(c.code, None)


def _static_keys(c: Candidate, request: PutawayRequest, rules: Sequence[PutawayRule]) -> dict[Step, float]:
	"""The preference values that do not change while a request is planned."""
	velocity = request.item.velocity_class
	return {
		Step.FIXED_PICK_FACE: 0 if c.fixed_item == request.item.item else 1,
		Step.PUTAWAY_RULE: next((i for i, r in enumerate(rules) if r.matches(c)), len(rules)),
		Step.VELOCITY_ZONE: 0 if not velocity or c.velocity_class == velocity else 1,
		Step.NEAREST: math.inf if c.distance is None else c.distance,
	}


def _values(c: Candidate, static: dict, bins: _Bins, fits_all: bool) -> dict[Step, float]:
	return {**static, Step.CONSOLIDATE: bins.same_item(c), Step.CAPACITY_FIT: 0 if fits_all else 1}


def _rank(c: Candidate, values: dict[Step, float], order: Sequence[Step]) -> tuple:
	return (*(values[step] for step in order), values[Step.NEAREST], c.pick_sequence, c.code)


def _label(values: dict[Step, float], order: Sequence[Step], request, rules) -> tuple[Step, str]:
	"""The first step in the order that the chosen bin satisfies: the rule that chose it."""
	for step in order:
		key = values[step]
		if step == Step.PUTAWAY_RULE and key < len(rules):
			return step, f"{step.value}: {rules[int(key)].name}"
		if step == Step.VELOCITY_ZONE and key == 0 and request.item.velocity_class:
			return step, f"{step.value} {request.item.velocity_class}"
		if step in (Step.FIXED_PICK_FACE, Step.CAPACITY_FIT) and key == 0:
			return step, step.value
		if step == Step.CONSOLIDATE and key < 2:
			return step, step.value
		if step == Step.NEAREST:
			return step, step.value
	return Step.NEAREST, Step.NEAREST.value


# --------------------------------------------------------------------------------- planning


def plan_putaway(
	requests: Sequence[PutawayRequest],
	candidates: Sequence[Candidate],
	rules: Sequence[PutawayRule] = (),
	config: PutawayConfig = PutawayConfig(),
) -> list[PutawayPlan]:
	"""A plan per request, in order: each later request sees the bins as the earlier ones left them."""
	codes = [c.code for c in candidates]
	if len(set(codes)) != len(codes):
		raise InvalidInput("Putaway candidates repeat a bin; expected each bin once")
	state = _State()
	return [_plan_one(request, candidates, rules, config, state) for request in requests]


def _plan_one(
	request: PutawayRequest,
	candidates: Sequence[Candidate],
	all_rules: Sequence[PutawayRule],
	config: PutawayConfig,
	state: _State,
) -> PutawayPlan:
	rules = rules_for(request.item, all_rules)
	quarantine = held(request, config)
	refused: dict[str, str] = {}
	static: dict[str, dict] = {}
	for c in candidates:
		why = ineligible(request, c, rules, quarantine)
		if why:
			refused[c.code] = why
		else:
			static[c.code] = _static_keys(c, request, rules)
	eligible = [c for c in candidates if c.code in static]
	bins = _Bins(request, state)
	placements: list[Placement] = []
	remaining = float(request.qty)
	while remaining > EPSILON:
		best = None
		for c in eligible:
			qty, error = bins.take(c, remaining)
			if qty <= EPSILON:
				refused[c.code] = _CHECK_REASONS.get(error, FULL)
				continue
			values = _values(c, static[c.code], bins, qty >= remaining - EPSILON)
			rank = _rank(c, values, config.order)
			if best is None or rank < best[0]:
				best = (rank, c, qty, values)
		if best is None:
			break
		_rank_of_best, c, qty, values = best
		step, label = _label(values, config.order, request, rules)
		placements.append(Placement(c.code, qty, step, label))
		bins.put(c, qty)
		remaining = 0.0 if remaining - qty <= EPSILON else remaining - qty
	reason = _no_space(request, len(candidates), refused) if remaining > EPSILON else None
	return PutawayPlan(request, _merged(placements), remaining, reason)


def _merged(placements: list[Placement]) -> tuple[Placement, ...]:
	"""One placement per bin (a bin chosen twice, once partly, then for the rest, is one split)."""
	out: dict[str, Placement] = {}
	for p in placements:
		if p.bin in out:
			first = out[p.bin]
			out[p.bin] = Placement(p.bin, round(first.qty + p.qty, 9), first.step, first.rule)
		else:
			out[p.bin] = p
	return tuple(out.values())


def _no_space(request: PutawayRequest, n_candidates: int, refused: dict[str, str]) -> str:
	what = request.item.item + (f" batch {request.batch}" if request.batch else "")
	if not n_candidates:
		return f"no space: no candidate bin in the warehouse for {what}"
	counts = Counter(refused.values())
	why = ", ".join(f"{counts[r]} {r}" for r in _REASON_ORDER if counts[r])
	return f"no space: none of {n_candidates} candidate bins can take another unit of {what} ({why})"


def final_contents(candidate: Candidate, plans: Iterable[PutawayPlan]) -> list[BinContent]:
	"""What ``candidate`` holds once its incoming tasks and the plans' placements into it are done
	(for checking a plan: every bin must still pass its rules)."""
	out = [*candidate.contents, *candidate.incoming]
	for plan in plans:
		for p in plan.placements:
			if p.bin == candidate.code:
				out.append(_load(_put(plan.request, p.qty)))
	return out
