"""Reader for instances in the Heßler–Irnich text format.

Heßler and Irnich publish picker-routing (SPRP) and order-batching instances
(also re-published Henn/Wäscher etc. sets) as text files
(K. Heßler, S. Irnich, *Modeling and exact solution of picker routing and
order batching problems*, doi:10.1287/ijoc.2023.0075; files at
https://logistik.bwl.uni-mainz.de/research/#benchmarks). We could not read
their own format description here. The reading below is reconstructed from
two public third-party parsers of those files (kit-dsm/ware_ops_algos,
``HesslerIrnichLoader``, and a JOBPRP parser quoting the same keys), so the
*keys and value positions* are as they read them, while the word labels
between values are not checked.

Format as parsed here::

	NAME: <text>                              header: "KEY: value" lines, any order
	TYPE: Order_batching | Single_picker_routing | ...
	COMMENT: <text>                           ignored
	NUM_AISLES: <int>
	NUM_CELLS: <int>                          cells (bays) per aisle
	DEPOT_AISLE: <int>                        0-based aisle the depot is in front of
	DEPOT_LOCATION: bottom | top              which cross aisle the depot is on
	DISTANCE_AISLE_TO_AISLE: <num>
	DISTANCE_CELL_TO_CELL: <num>
	DISTANCE_TOP_TO_CELL: <num>               top cross aisle -> first cell
	DISTANCE_BOTTOM_TO_CELL: <num>            bottom cross aisle -> first cell
	DISTANCE_TOP_OR_BOTTOM_TO_DEPOT: <num>
	PICKER_CAPACITY: <num>                    optional (batching instances)
	ARTICLE_SECTION
	NUM_ARTICLES: <n>                         optional count line
	ID <article> [WEIGHT <w>]                 values at token positions 1 (and 3)
	SKU_SECTION
	NUM_SKUS: <n>
	ID <article> AISLE <a> CELL <c> QUANTITY <q> SIDE <s>    positions 1, 3, 5, 7, last
	ORDER_SECTION
	NUM_ORDERS: <n>
	NUM_ARTICLES_IN_ORDER: <k>                starts an order
	ID <article> AMOUNT <q>                   k lines, positions 1 and 3

Orientation: aisles are 0-based from the left. Cells are 0-based counted from
the **top** cross aisle (the ware_ops_algos loader converts them with
``bottom_cell = NUM_CELLS - cell``). Our layouts count bays 0-based from the
front (bottom) cross aisle, so ``bay = NUM_CELLS - 1 - cell``; a top depot
becomes ``Depot(aisle=DEPOT_AISLE, cross_aisle=1)`` (the back cross aisle),
a bottom one ``Depot(aisle=DEPOT_AISLE, cross_aisle=0)``.

Mapping to ``WarehouseLayout`` (one block): ``aisle_spacing =
DISTANCE_AISLE_TO_AISLE``, ``bay_width = DISTANCE_CELL_TO_CELL``. Our first
bay centre lies ``cross_aisle_width / 2 + bay_width / 2`` from the cross
aisle's centre line, so ``cross_aisle_width = 2 * DISTANCE_BOTTOM_TO_CELL -
DISTANCE_CELL_TO_CELL`` reproduces the stub (exactly when the top and bottom
stubs are equal and the stub is at least half a cell). The depot's distance
from its cross aisle is a constant ``2 * DISTANCE_TOP_OR_BOTTOM_TO_DEPOT``
per tour, which ``tour_offset`` holds for the caller to add.
``layout_differences()`` lists what the mapping cannot represent.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path

from wms_module.core.batching import Order, OrderLine
from wms_module.core.errors import InvalidInput

from .instances import LayoutSpec

REQUIRED = (
	"NUM_AISLES",
	"NUM_CELLS",
	"DEPOT_AISLE",
	"DEPOT_LOCATION",
	"DISTANCE_AISLE_TO_AISLE",
	"DISTANCE_CELL_TO_CELL",
	"DISTANCE_TOP_TO_CELL",
	"DISTANCE_BOTTOM_TO_CELL",
	"DISTANCE_TOP_OR_BOTTOM_TO_DEPOT",
)


@dataclass(frozen=True)
class HIArticle:
	article_id: int
	weight: float | None


@dataclass(frozen=True)
class HISku:
	article_id: int
	aisle: int
	cell: int
	quantity: int
	side: str


@dataclass(frozen=True)
class HIInstance:
	name: str
	type: str
	header: dict
	n_aisles: int
	n_cells: int
	depot_aisle: int
	depot_location: str
	aisle_to_aisle: float
	cell_to_cell: float
	top_to_cell: float
	bottom_to_cell: float
	to_depot: float
	picker_capacity: float | None
	articles: tuple[HIArticle, ...]
	skus: tuple[HISku, ...]
	orders: tuple[tuple[tuple[int, int], ...], ...]  # per order: (article, amount)

	def bay(self, cell: int) -> int:
		"""0-based bay counted from the front (bottom) cross aisle."""
		return self.n_cells - 1 - cell

	@property
	def tour_offset(self) -> float:
		"""Constant added to every tour: depot to its cross aisle and back."""
		return 2 * self.to_depot

	def layout_spec(self) -> LayoutSpec:
		return LayoutSpec(
			n_aisles=self.n_aisles,
			bays_per_aisle=self.n_cells,
			bay_width=self.cell_to_cell,
			aisle_spacing=self.aisle_to_aisle,
			cross_aisle_width=max(0.0, 2 * self.bottom_to_cell - self.cell_to_cell),
			n_blocks=1,
			depot_aisle=self.depot_aisle,
			depot_cross_aisle=1 if self.depot_location == "top" else 0,
		)

	def layout_differences(self) -> list[str]:
		notes = []
		if self.top_to_cell != self.bottom_to_cell:
			notes.append(
				f"unequal cross-aisle stubs (top {self.top_to_cell:g}, bottom {self.bottom_to_cell:g}): "
				"both modelled as the bottom one"
			)
		if 2 * self.bottom_to_cell < self.cell_to_cell:
			notes.append(f"stub {self.bottom_to_cell:g} shorter than half a cell: modelled as half a cell")
		return notes

	def article_locations(self) -> dict[int, tuple[int, int]]:
		"""article -> (aisle, bay) of its first SKU (scattered storage: the first one listed)."""
		out: dict[int, tuple[int, int]] = {}
		for sku in self.skus:
			out.setdefault(sku.article_id, (sku.aisle, self.bay(sku.cell)))
		return out

	def to_orders(self, location: Callable[[int, int], Hashable] = lambda a, b: (a, b)) -> tuple[Order, ...]:
		"""Orders for ``wms_module.core.batching``; weight = sum of article weight x amount."""
		where = self.article_locations()
		weight = {a.article_id: a.weight or 0.0 for a in self.articles}
		out = []
		for k, lines in enumerate(self.orders):
			missing = [a for a, _ in lines if a not in where]
			if missing:
				raise InvalidInput(
					f"order {k} of {self.name!r} asks for articles {missing} that have no SKU location"
				)
			out.append(
				Order(
					f"{self.name}-{k}",
					tuple(OrderLine(location(*where[a]), q, str(a)) for a, q in lines),
					weight=float(sum(weight[a] * q for a, q in lines)),
				)
			)
		return tuple(out)


def read_hessler_irnich(source: str | Path) -> HIInstance:
	"""Parse a file path or the text of an instance (see the module docstring)."""
	if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source):
		name_hint = Path(source).stem
		text = Path(source).read_bytes().decode("windows-1252")
	else:
		name_hint, text = "instance", source
	lines = [ln.strip() for ln in text.splitlines()]
	lines = [ln for ln in lines if ln and not ln.upper().startswith("COMMENT")]
	header: dict[str, str] = {}
	i = 0
	while i < len(lines) and not lines[i].upper().startswith("ARTICLE_SECTION"):
		if ":" not in lines[i]:
			raise InvalidInput(f"header line {lines[i]!r}: expected 'KEY: value'")
		k, v = lines[i].split(":", 1)
		header[k.strip().upper()] = v.strip()
		i += 1
	missing = [k for k in REQUIRED if k not in header]
	if missing:
		raise InvalidInput(f"Heßler–Irnich header lacks {missing}; expected all of {list(REQUIRED)}")
	if i == len(lines):
		raise InvalidInput(
			"no ARTICLE_SECTION line; expected header, ARTICLE_SECTION, SKU_SECTION, ORDER_SECTION"
		)
	i += 1

	def section(end: str | None) -> list[list[str]]:
		nonlocal i
		rows = []
		while i < len(lines) and (end is None or not lines[i].upper().startswith(end)):
			rows.append(lines[i].split())
			i += 1
		if end is not None:
			if i == len(lines):
				raise InvalidInput(f"no {end} line; expected the sections in order")
			i += 1
		return rows

	def num(tok: str, what: str) -> float:
		try:
			return float(tok)
		except ValueError:
			raise InvalidInput(f"{what}: expected a number, got {tok!r}") from None

	def check_count(rows: list[list[str]], key: str, n: int) -> None:
		for r in rows:
			if r[0].upper().rstrip(":") == key:
				expected = int(num(r[-1], key))
				if expected != n:
					raise InvalidInput(f"{key} says {expected} but {n} entries follow")

	art_rows = section("SKU_SECTION")
	articles = tuple(
		HIArticle(int(num(r[1], "article id")), num(r[3], "article weight") if len(r) >= 4 else None)
		for r in art_rows
		if r[0].upper() == "ID"
	)
	check_count(art_rows, "NUM_ARTICLES", len(articles))
	sku_rows = section("ORDER_SECTION")
	skus = tuple(
		HISku(
			int(num(r[1], "sku article")),
			int(num(r[3], "sku aisle")),
			int(num(r[5], "sku cell")),
			int(num(r[7], "sku quantity")),
			r[-1],
		)
		for r in sku_rows
		if r[0].upper() == "ID"
	)
	check_count(sku_rows, "NUM_SKUS", len(skus))
	order_rows = section(None)
	orders: list[list[tuple[int, int]]] = []
	for r in order_rows:
		head = r[0].upper().rstrip(":")
		if head == "NUM_ARTICLES_IN_ORDER":
			orders.append([])
		elif head == "ID":
			if not orders:
				raise InvalidInput(f"order line {' '.join(r)!r} before any NUM_ARTICLES_IN_ORDER")
			orders[-1].append((int(num(r[1], "order article")), int(num(r[3], "order amount"))))
	check_count(order_rows, "NUM_ORDERS", len(orders))

	n_aisles = int(num(header["NUM_AISLES"], "NUM_AISLES"))
	n_cells = int(num(header["NUM_CELLS"], "NUM_CELLS"))
	depot_location = header["DEPOT_LOCATION"].lower()
	if depot_location not in ("top", "bottom"):
		raise InvalidInput(f"DEPOT_LOCATION must be 'top' or 'bottom', got {header['DEPOT_LOCATION']!r}")
	for sku in skus:
		if not (0 <= sku.aisle < n_aisles and 0 <= sku.cell < n_cells):
			raise InvalidInput(
				f"SKU of article {sku.article_id} at aisle {sku.aisle}, cell {sku.cell}: expected "
				f"0 <= aisle < {n_aisles} and 0 <= cell < {n_cells}"
			)
	cap = header.get("PICKER_CAPACITY")
	return HIInstance(
		name=header.get("NAME", name_hint),
		type=header.get("TYPE", ""),
		header=header,
		n_aisles=n_aisles,
		n_cells=n_cells,
		depot_aisle=int(num(header["DEPOT_AISLE"], "DEPOT_AISLE")),
		depot_location=depot_location,
		aisle_to_aisle=num(header["DISTANCE_AISLE_TO_AISLE"], "DISTANCE_AISLE_TO_AISLE"),
		cell_to_cell=num(header["DISTANCE_CELL_TO_CELL"], "DISTANCE_CELL_TO_CELL"),
		top_to_cell=num(header["DISTANCE_TOP_TO_CELL"], "DISTANCE_TOP_TO_CELL"),
		bottom_to_cell=num(header["DISTANCE_BOTTOM_TO_CELL"], "DISTANCE_BOTTOM_TO_CELL"),
		to_depot=num(header["DISTANCE_TOP_OR_BOTTOM_TO_DEPOT"], "DISTANCE_TOP_OR_BOTTOM_TO_DEPOT"),
		picker_capacity=None if cap is None else num(cap, "PICKER_CAPACITY"),
		articles=articles,
		skus=skus,
		orders=tuple(tuple(o) for o in orders),
	)
