"""Values of the order batching problem: orders, capacities, batches, costs.

An :class:`Order` is what a customer ordered, reduced to what batching needs:
where its picks are, how much room it takes on the picking device (items,
volume, weight, totes) and which wave / due key it belongs to. Orders with
different ``due_key`` values are never put in one batch.

The cost of a batch is the length of a picker route through the union of its
orders' pick locations. :class:`BatchCost` wraps any routing function
``locations -> length`` and caches results by the frozenset of locations, since
local search evaluates the same batches over and over.

>>> a = Order("SO-1", (OrderLine((0, 3), 2),))
>>> b = Order("SO-2", (OrderLine((0, 3), 1), OrderLine((1, 5), 1)))
>>> cost = BatchCost(lambda locs: float(len(locs)))
>>> cost.of((a, b))
2.0
>>> Capacity(items=3).fits(load_of((a, b)))
False
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from wms_module.core.errors import InvalidInput

_EPS = 1e-9


@dataclass(frozen=True)
class OrderLine:
	"""One pick: a location (any hashable, e.g. ``PickLocation``), a quantity, the item."""

	location: Hashable
	quantity: int = 1
	item: str | None = None

	def __post_init__(self) -> None:
		if self.quantity <= 0:
			raise InvalidInput(f"order line quantity must be > 0, got {self.quantity!r} at {self.location!r}")


@dataclass(frozen=True)
class Order:
	"""A customer order as batching sees it.

	``items`` is the sum of the line quantities. ``volume``, ``weight`` and
	``totes`` are the order's totals (the caller computes them from item data).
	``due_key`` is a wave id or due date: batches never mix two keys.
	"""

	order_id: str
	lines: tuple[OrderLine, ...]
	volume: float = 0.0
	weight: float = 0.0
	totes: int = 1
	due_key: Hashable = None
	locations: frozenset = field(init=False, repr=False, compare=False)
	items: int = field(init=False, repr=False, compare=False)

	def __post_init__(self) -> None:
		if not self.lines:
			raise InvalidInput(f"order {self.order_id!r} has no lines; expected at least one pick")
		object.__setattr__(self, "lines", tuple(self.lines))
		object.__setattr__(self, "locations", frozenset(line.location for line in self.lines))
		object.__setattr__(self, "items", sum(line.quantity for line in self.lines))


@dataclass(frozen=True)
class Load:
	"""Summed size of a set of orders in every capacity dimension."""

	items: int = 0
	volume: float = 0.0
	weight: float = 0.0
	totes: int = 0

	def __add__(self, other: Load) -> Load:
		return Load(
			self.items + other.items,
			self.volume + other.volume,
			self.weight + other.weight,
			self.totes + other.totes,
		)

	def __sub__(self, other: Load) -> Load:
		return Load(
			self.items - other.items,
			self.volume - other.volume,
			self.weight - other.weight,
			self.totes - other.totes,
		)


def load_of(orders: Iterable[Order]) -> Load:
	"""The summed load of ``orders``."""
	items = totes = 0
	volume = weight = 0.0
	for o in orders:
		items += o.items
		volume += o.volume
		weight += o.weight
		totes += o.totes
	return Load(items, volume, weight, totes)


@dataclass(frozen=True)
class Capacity:
	"""Limits of one picking device; ``None`` means the dimension is not limited.

	Any subset of the four dimensions can be limited; a batch fits when it is
	within every limit that is set.
	"""

	items: int | None = None
	volume: float | None = None
	weight: float | None = None
	totes: int | None = None

	def __post_init__(self) -> None:
		for name in ("items", "volume", "weight", "totes"):
			value = getattr(self, name)
			if value is not None and value <= 0:
				raise InvalidInput(f"capacity {name} must be > 0 or None, got {value!r}")

	def fits(self, load: Load) -> bool:
		return (
			(self.items is None or load.items <= self.items)
			and (self.volume is None or load.volume <= self.volume + _EPS)
			and (self.weight is None or load.weight <= self.weight + _EPS)
			and (self.totes is None or load.totes <= self.totes)
		)

	def describe(self) -> str:
		parts = [
			f"{name}={getattr(self, name)}"
			for name in ("items", "volume", "weight", "totes")
			if getattr(self, name) is not None
		]
		return "Capacity(" + ", ".join(parts) + ")" if parts else "Capacity(unlimited)"


RouteLength = Callable[[frozenset], float]


class BatchCost:
	"""Route length of a batch, cached by the frozenset of its pick locations.

	``route_length`` gets a frozenset of locations and returns the length of a
	closed picker tour from the depot through all of them; the empty set costs 0
	and is never passed to it.
	"""

	def __init__(self, route_length: RouteLength) -> None:
		self._route_length = route_length
		# optional: ``length_below(locations, bound) -> (value, exact)`` (the exact router has it)
		self._length_below = getattr(route_length, "length_below", None)
		self._cache: dict[frozenset, float] = {frozenset(): 0.0}
		self._lower: dict[frozenset, float] = {}  # proven lower bounds
		self.calls = 0
		self.hits = 0

	def of_locations(self, locations: frozenset) -> float:
		cached = self._cache.get(locations)
		if cached is not None:
			self.hits += 1
			return cached
		self.calls += 1
		value = float(self._route_length(locations))
		self._cache[locations] = value
		return value

	def below(self, locations: frozenset, bound: float) -> float | None:
		"""The length of ``locations`` if it is below ``bound``, else None (it is ``>= bound``).

		With a route function that has ``length_below`` (the exact router's length solver does)
		the route is evaluated only as far as needed to prove ``>= bound``; proven bounds are
		cached too. Each route evaluation, complete or not, counts in ``calls``.
		"""
		cached = self._cache.get(locations)
		if cached is not None:
			self.hits += 1
			return cached if cached < bound else None
		if self._length_below is None:
			value = self.of_locations(locations)
			return value if value < bound else None
		lower = self._lower.get(locations)
		if lower is not None and lower >= bound:
			self.hits += 1
			return None
		self.calls += 1
		value, exact = self._length_below(locations, bound)
		value = float(value)
		if exact:
			self._cache[locations] = value
			return value if value < bound else None
		self._lower[locations] = value
		return None

	def cached(self, locations: frozenset) -> float | None:
		"""The cached length of ``locations``, or None if it was never computed (computes nothing)."""
		return self._cache.get(locations)

	def of(self, orders: Iterable[Order]) -> float:
		locations: frozenset = frozenset()
		for o in orders:
			locations = locations | o.locations
		return self.of_locations(locations)

	def __call__(self, orders: Iterable[Order]) -> float:
		return self.of(orders)


@dataclass(frozen=True)
class Batch:
	"""Orders picked together on one tour, and that tour's length."""

	orders: tuple[Order, ...]
	length: float
	due_key: Hashable = None

	@property
	def order_ids(self) -> tuple[str, ...]:
		return tuple(o.order_id for o in self.orders)

	@property
	def load(self) -> Load:
		return load_of(self.orders)

	@property
	def locations(self) -> frozenset:
		out: frozenset = frozenset()
		for o in self.orders:
			out = out | o.locations
		return out


@dataclass(frozen=True)
class Merge:
	"""One Clarke-Wright merge: two batches (by order ids) and the saving it made."""

	left: tuple[str, ...]
	right: tuple[str, ...]
	saving: float


@dataclass(frozen=True)
class BatchingResult:
	"""Batches found by ``method`` and their total route length."""

	method: str
	batches: tuple[Batch, ...]
	total_length: float
	merges: tuple[Merge, ...] = ()
	route_evaluations: int = 0

	@property
	def n_batches(self) -> int:
		return len(self.batches)

	def assignment(self) -> dict[str, int]:
		"""order id -> index of its batch."""
		return {o.order_id: i for i, b in enumerate(self.batches) for o in b.orders}


def validate_orders(orders: Sequence[Order], capacity: Capacity) -> None:
	"""Reject duplicate ids and any order that alone exceeds ``capacity``."""
	seen: set[str] = set()
	for o in orders:
		if not isinstance(o, Order):
			raise InvalidInput(f"orders must be Order values, got {type(o).__name__}: {o!r}")
		if o.order_id in seen:
			raise InvalidInput(f"order id {o.order_id!r} appears twice; expected unique order ids")
		seen.add(o.order_id)
		load = load_of((o,))
		if not capacity.fits(load):
			raise InvalidInput(
				f"order {o.order_id!r} does not fit on one picking device: it needs "
				f"items={load.items}, volume={load.volume:g}, weight={load.weight:g}, totes={load.totes} "
				f"but the capacity is {capacity.describe()}"
			)


def group_by_due_key(orders: Sequence[Order]) -> list[list[Order]]:
	"""Orders grouped by ``due_key``, groups in order of first appearance, orders in input order."""
	groups: dict[Hashable, list[Order]] = {}
	for o in orders:
		groups.setdefault(o.due_key, []).append(o)
	return list(groups.values())


def make_batch(orders: Sequence[Order], cost: BatchCost) -> Batch:
	orders = tuple(orders)
	return Batch(orders=orders, length=cost.of(orders), due_key=orders[0].due_key if orders else None)


def make_result(method: str, groups: Sequence[Sequence[Order]], cost: BatchCost, merges=()) -> BatchingResult:
	batches = tuple(make_batch(g, cost) for g in groups if g)
	return BatchingResult(
		method=method,
		batches=batches,
		total_length=sum(b.length for b in batches),
		merges=tuple(merges),
		route_evaluations=cost.calls,
	)
