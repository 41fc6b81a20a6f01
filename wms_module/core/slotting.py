"""Slotting: ABC classes and cube-per-order index (COI) from demand history.

Two rankings of items from order lines:

- **ABC** by pick frequency (number of order lines, or units with
  ``by="units"``). Items are sorted by demand, descending; an item is class A
  if the cumulative share of the items *before* it is below ``a_share``
  (default 80 %), B if below ``b_share`` (95 %), otherwise C. So class A is
  the smallest top group whose demand reaches ``a_share``.
- **COI** (Heskett 1963): storage space an item needs divided by how often it
  is picked. Space is ``unit volume x storage units`` where ``storage_units``
  (units kept in the pick slot) defaults to 1 for every item, so the default
  COI is cube per pick frequency, ``unit volume / picks``; frequency is the
  number of order lines. Small COI = small and frequent: these items go
  nearest the depot.

:func:`plan_slotting` assigns items in COI order (or ABC/pick order with
``rank_by="picks"``) to the candidate locations in order of their walking
distance from the depot, and estimates what that would do to the total
optimal route length of the given order history: every order is routed on the
current and on the proposed locations. Nothing is moved: the plan lists
recommendations for a person or a service to apply.

>>> lines = [DemandLine("o1", "A", 1), DemandLine("o2", "A", 1), DemandLine("o2", "B", 5), DemandLine("o3", "C", 1)]
>>> [(p.item, p.abc_class) for p in classify_abc(lines, a_share=0.5, b_share=0.7)]
[('A', 'A'), ('B', 'B'), ('C', 'C')]
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from wms_module.core.errors import InvalidInput


@dataclass(frozen=True)
class DemandLine:
	"""One historical order line: which order, which item, how many units."""

	order_id: str
	item: str
	quantity: float = 1.0


@dataclass(frozen=True)
class ItemProfile:
	"""An item's demand figures, class and rank."""

	item: str
	picks: int
	units: float
	unit_volume: float | None
	share: float
	cumulative_share: float
	abc_class: str
	coi: float | None


@dataclass(frozen=True)
class SlottingRecommendation:
	"""Move ``item`` from ``current_location`` to ``proposed_location``."""

	item: str
	current_location: Hashable
	proposed_location: Hashable
	abc_class: str
	reason: str


@dataclass(frozen=True)
class SlottingPlan:
	"""Recommendations plus the estimated effect on the history's optimal routes.

	``change`` is ``proposed_length - current_length`` (negative = shorter);
	``change_pct`` is relative to ``current_length``.
	"""

	recommendations: tuple[SlottingRecommendation, ...]
	profiles: tuple[ItemProfile, ...]
	proposed: Mapping[str, Hashable]
	current_length: float
	proposed_length: float
	orders_evaluated: int

	@property
	def change(self) -> float:
		return self.proposed_length - self.current_length

	@property
	def change_pct(self) -> float:
		return 100.0 * self.change / self.current_length if self.current_length else 0.0


def _aggregate(demand: Iterable[DemandLine]) -> tuple[dict[str, int], dict[str, float]]:
	picks: dict[str, int] = {}
	units: dict[str, float] = {}
	for line in demand:
		if line.quantity <= 0:
			raise InvalidInput(
				f"demand line quantity must be > 0, got {line.quantity!r} for item {line.item!r} "
				f"in order {line.order_id!r}"
			)
		picks[line.item] = picks.get(line.item, 0) + 1
		units[line.item] = units.get(line.item, 0.0) + line.quantity
	return picks, units


def classify_abc(
	demand: Iterable[DemandLine],
	*,
	a_share: float = 0.8,
	b_share: float = 0.95,
	by: str = "picks",
	item_volumes: Mapping[str, float] | None = None,
	storage_units: Mapping[str, float] | None = None,
) -> list[ItemProfile]:
	"""Items sorted by demand (descending) with their ABC class and COI.

	Ties in demand are broken by item code so the result is deterministic.
	"""
	if not 0 < a_share <= b_share <= 1:
		raise InvalidInput(f"expected 0 < a_share <= b_share <= 1, got a_share={a_share}, b_share={b_share}")
	if by not in ("picks", "units"):
		raise InvalidInput(f"by must be 'picks' or 'units', got {by!r}")
	picks, units = _aggregate(demand)
	measure = picks if by == "picks" else units
	total = float(sum(measure.values()))
	ordered = sorted(measure, key=lambda i: (-measure[i], i))
	profiles: list[ItemProfile] = []
	before = 0.0
	for item in ordered:
		share = measure[item] / total
		cls = "A" if before < a_share - 1e-12 else "B" if before < b_share - 1e-12 else "C"
		volume = None if item_volumes is None else item_volumes.get(item)
		held = 1.0 if storage_units is None else storage_units.get(item, 1.0)
		coi = None if volume is None else volume * held / picks[item]
		profiles.append(
			ItemProfile(
				item=item,
				picks=picks[item],
				units=units[item],
				unit_volume=volume,
				share=share,
				cumulative_share=before + share,
				abc_class=cls,
				coi=coi,
			)
		)
		before += share
	return profiles


def coi_ranking(
	demand: Iterable[DemandLine],
	item_volumes: Mapping[str, float],
	**abc_kwargs,
) -> list[ItemProfile]:
	"""Items by ascending cube-per-order index (ties: more picks first, then item code)."""
	demand = list(demand)
	missing = sorted({line.item for line in demand} - set(item_volumes))
	if missing:
		raise InvalidInput(
			f"item_volumes has no volume for items {missing[:5]}; expected a volume for every item"
		)
	for item, v in item_volumes.items():
		if v is None or v < 0:
			raise InvalidInput(f"volume of item {item!r} must be >= 0, got {v!r}")
	profiles = classify_abc(demand, item_volumes=item_volumes, **abc_kwargs)
	return sorted(profiles, key=lambda p: (p.coi, -p.picks, p.item))


def depot_distance_function(layout) -> Callable[[Hashable], float]:
	"""Walking distance from the depot to a location on ``layout``.

	Uses ``layout.distance(layout.depot, loc)`` when the layout exposes its
	depot, else half the optimal tour that visits only that location.
	"""
	depot = getattr(layout, "depot", None)
	if depot is not None and hasattr(layout, "distance"):
		try:
			layout.distance(depot, depot)
			return lambda loc: float(layout.distance(depot, loc))
		except Exception:  # noqa: BLE001 - depot not accepted by distance(); use the router
			pass
	from wms_module.core.routing import route

	return lambda loc: float(route(layout, [loc], method="optimal").length) / 2.0


# long, many parameters: the slotting API's keyword options with defaults, then one greedy pass
def plan_slotting(
	demand: Sequence[DemandLine],
	current: Mapping[str, Hashable],
	item_volumes: Mapping[str, float],
	*,
	layout=None,
	locations: Sequence[Hashable] | None = None,
	depot_distance: Callable[[Hashable], float] | None = None,
	route_length: Callable[[frozenset], float] | None = None,
	rank_by: str = "coi",
	a_share: float = 0.8,
	b_share: float = 0.95,
	storage_units: Mapping[str, float] | None = None,
) -> SlottingPlan:
	"""Propose locations for the items of ``current`` (item -> location).

	``locations`` are the candidate slots (default: the currently used ones, so
	the plan is a re-shuffle). ``depot_distance`` and ``route_length`` default to
	the layout's depot distance and optimal routing.
	"""
	if rank_by not in ("coi", "picks"):
		raise InvalidInput(f"rank_by must be 'coi' or 'picks', got {rank_by!r}")
	demand = list(demand)
	unknown = sorted({line.item for line in demand} - set(current))
	if unknown:
		raise InvalidInput(
			f"items {unknown[:5]} appear in the demand history but have no current location; "
			"expected every demanded item in `current`"
		)
	if depot_distance is None or route_length is None:
		if layout is None:
			raise InvalidInput("plan_slotting needs a layout or both depot_distance and route_length")
		if depot_distance is None:
			depot_distance = depot_distance_function(layout)
		if route_length is None:
			from wms_module.core.batching import make_route_length

			route_length = make_route_length(layout, "optimal")
	slots = list(dict.fromkeys(locations if locations is not None else current.values()))
	if len(slots) < len(current):
		raise InvalidInput(
			f"{len(current)} items but only {len(slots)} candidate locations; expected at least one each"
		)

	if rank_by == "coi":
		ranked = coi_ranking(
			demand, item_volumes, a_share=a_share, b_share=b_share, storage_units=storage_units
		)
	else:
		ranked = classify_abc(demand, a_share=a_share, b_share=b_share, item_volumes=item_volumes)
	by_item = {p.item: p for p in ranked}
	never_picked = sorted(set(current) - set(by_item))
	order = [p.item for p in ranked] + never_picked

	dist = {loc: depot_distance(loc) for loc in slots}
	slot_order = sorted(slots, key=lambda loc: (dist[loc], _loc_key(loc)))
	proposed = dict(zip(order, slot_order, strict=False))

	recs: list[SlottingRecommendation] = []
	for rank, item in enumerate(order, start=1):
		old, new = current[item], proposed[item]
		if old == new:
			continue
		p = by_item.get(item)
		cls = p.abc_class if p else "C"
		if p is None:
			why = "never picked in the history"
		elif rank_by == "coi":
			why = f"COI {p.coi:.4g} ranks {rank} of {len(order)}"
		else:
			why = f"{p.picks} picks rank {rank} of {len(order)}"
		old_d = dist.get(old)
		old_txt = f"{old_d:.1f}" if old_d is not None else "?"
		direction = "nearer to" if old_d is None or dist[new] < old_d else "farther from"
		recs.append(
			SlottingRecommendation(
				item=item,
				current_location=old,
				proposed_location=new,
				abc_class=cls,
				reason=f"class {cls}, {why}: {direction} the depot ({old_txt} -> {dist[new]:.1f})",
			)
		)

	orders: dict[str, set[str]] = {}
	for line in demand:
		orders.setdefault(line.order_id, set()).add(line.item)
	cache: dict[frozenset, float] = {}

	def length(locs: frozenset) -> float:
		if locs not in cache:
			cache[locs] = float(route_length(locs)) if locs else 0.0
		return cache[locs]

	current_total = proposed_total = 0.0
	for items in orders.values():
		current_total += length(frozenset(current[i] for i in items))
		proposed_total += length(frozenset(proposed[i] for i in items))

	return SlottingPlan(
		recommendations=tuple(recs),
		profiles=tuple(ranked),
		proposed=proposed,
		current_length=current_total,
		proposed_length=proposed_total,
		orders_evaluated=len(orders),
	)


def _loc_key(loc) -> tuple:
	aisle = getattr(loc, "aisle", None)
	bay = getattr(loc, "bay", None)
	if aisle is not None and bay is not None:
		return (0, aisle, bay, repr(loc))
	return (1, 0, 0, repr(loc))


__all__ = [
	"DemandLine",
	"ItemProfile",
	"SlottingPlan",
	"SlottingRecommendation",
	"classify_abc",
	"coi_ranking",
	"depot_distance_function",
	"plan_slotting",
]
