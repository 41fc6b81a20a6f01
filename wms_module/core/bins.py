"""Storage bins: codes, layout generation, barcode check characters, put and move checks.

A storage bin is addressed aisle-bay-level[-position], e.g. ``A-01-02-3`` is aisle
``A``, bay 1, level 2, position 3. The printed barcode is the code followed by one
ISO/IEC 7064 MOD 37-2 check character, so a mistyped or misread code is caught at
the scanner instead of sending an operator to the wrong bin:

>>> barcode_value("A-01-02-3")
'A-01-02-3Y'
>>> parse_bin_barcode("A-01-02-3Y")
'A-01-02-3'

Nothing here reads a database: the service layer passes bins and their contents
in and writes whatever comes back (bin specs to create, ledger rows to post).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import MISSING, dataclass, fields
from enum import Enum
from functools import cached_property

from wms_module.core.errors import (
	BinNotUsable,
	CapacityExceeded,
	InsufficientStock,
	InvalidInput,
	MixPolicyViolation,
)

EPSILON = 1e-9
"""Quantities closer than this are treated as equal (stock quantities are floats)."""

MAX_BINS_PER_RANGE = 100_000
"""A generated range larger than this is almost certainly a typo (e.g. bays 1-2000)."""


class BinStatus(str, Enum):
	"""Whether a bin may be used. Only ``active`` bins take puts or feed picks."""

	ACTIVE = "active"
	BLOCKED = "blocked"
	COUNTING = "counting"


class ZoneType(str, Enum):
	"""What a zone is for. Only ``pick`` and ``reserve`` zones are allocated from."""

	PICK = "pick"
	RESERVE = "reserve"
	RECEIVING = "receiving"
	QUARANTINE = "quarantine"
	RETURNS = "returns"
	STAGING = "staging"


class MixPolicy(str, Enum):
	"""What a bin may hold at once."""

	SINGLE_ITEM = "single_item"
	"""One item code, any number of batches."""
	SINGLE_BATCH = "single_batch"
	"""One item code and one batch."""
	MIXED = "mixed"
	"""Anything."""


# --------------------------------------------------------------------------
# Check character: ISO/IEC 7064 MOD 37-2 (pure system, radix 2, modulus 37)
# --------------------------------------------------------------------------

CHECK_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"
"""ISO/IEC 7064 MOD 37-2 character values 0-36; ``*`` only ever appears as a check character."""


def _check_payload(code: str) -> str:
	"""The characters the check character covers: the code upper-cased, separators dropped."""
	payload = "".join(ch for ch in code.upper() if ch not in "-_./ ")
	for ch in payload:
		if ch not in CHECK_ALPHABET[:36]:
			raise InvalidInput(
				f"Bin code {code!r} contains {ch!r}; expected letters A-Z, digits 0-9 and '-' separators"
			)
	if not payload:
		raise InvalidInput(f"Bin code {code!r} is empty; expected letters and digits")
	return payload


def check_character(code: str) -> str:
	"""ISO/IEC 7064 MOD 37-2 check character of a bin code (separators ignored).

	The pure MOD 37-2 system catches every single-character substitution and
	every swap of two adjacent characters.

	>>> check_character("G123498654321")  # the worked example of ISO/IEC 7064
	'H'
	>>> check_character("A-01-02-3") == check_character("a01023")
	True
	"""
	p = 0
	for ch in _check_payload(code):
		p = ((p + CHECK_ALPHABET.index(ch)) * 2) % 37
	return CHECK_ALPHABET[(38 - p) % 37]


def barcode_value(code: str) -> str:
	"""The value printed in a bin's barcode: the code followed by its check character.

	>>> barcode_value("A-01-02")
	'A-01-022'
	"""
	return code + check_character(code)


# --------------------------------------------------------------------------
# Codes
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class BinAddress:
	"""Where a bin sits: aisle label, bay, level and (optionally) position numbers."""

	aisle: str
	bay: int
	level: int
	position: int | None = None


@dataclass(frozen=True)
class BinCodeFormat:
	"""How a bin address is written as a code.

	>>> fmt = BinCodeFormat(bay_digits=3, level_digits=1)
	>>> fmt.format(BinAddress("B", 7, 2, 1))
	'B-007-2-1'
	>>> fmt.parse("B-007-2-1")
	BinAddress(aisle='B', bay=7, level=2, position=1)
	"""

	separator: str = "-"
	bay_digits: int = 2
	level_digits: int = 2
	position_digits: int = 1

	def __post_init__(self):
		if self.separator not in ("-", "_", ".", "/", ""):
			raise InvalidInput(
				f"Bin code separator {self.separator!r}; expected one of '-', '_', '.', '/', ''"
			)
		for name in ("bay_digits", "level_digits", "position_digits"):
			if not 1 <= getattr(self, name) <= 6:
				raise InvalidInput(f"BinCodeFormat.{name} is {getattr(self, name)}; expected 1 to 6 digits")

	def format(self, address: BinAddress) -> str:
		"""Write ``address`` as a code, zero-padded; numbers wider than the padding are kept whole."""
		parts = [
			address.aisle.upper(),
			str(address.bay).zfill(self.bay_digits),
			str(address.level).zfill(self.level_digits),
		]
		if address.position is not None:
			parts.append(str(address.position).zfill(self.position_digits))
		return self.separator.join(parts)

	@property
	def pattern(self) -> re.Pattern[str]:
		sep = re.escape(self.separator)
		return re.compile(
			rf"(?P<aisle>[A-Z]{{1,3}}){sep}(?P<bay>\d{{{self.bay_digits},}}){sep}"
			rf"(?P<level>\d{{{self.level_digits}}})(?:{sep}(?P<position>\d{{{self.position_digits}}}))?"
		)

	def parse(self, code: str) -> BinAddress:
		"""Read a code written in this format; raises InvalidInput naming the code and the format."""
		match = self.pattern.fullmatch(code.strip().upper())
		if match is None:
			raise InvalidInput(f"Bin code {code!r} does not match the format {self.example!r}")
		position = match["position"]
		return BinAddress(
			aisle=match["aisle"],
			bay=int(match["bay"]),
			level=int(match["level"]),
			position=int(position) if position is not None else None,
		)

	@property
	def example(self) -> str:
		return self.format(BinAddress("A", 1, 2, 3))


DEFAULT_CODE_FORMAT = BinCodeFormat()


def parse_bin_barcode(value: str, code_format: BinCodeFormat = DEFAULT_CODE_FORMAT) -> str:
	"""Validate a scanned bin barcode and return the bin code it names.

	Raises InvalidInput saying what is wrong: not a bin code, missing check
	character, or a check character that does not match (mistyped or misread).

	>>> parse_bin_barcode("a-01-02-3y")
	'A-01-02-3'
	>>> parse_bin_barcode("A-01-02-4Y")
	Traceback (most recent call last):
	...
	wms_module.core.errors.InvalidInput: Bin barcode 'A-01-02-4Y' has check character 'Y' but 'A-01-02-4' needs 'W': the code was mistyped or misread; scan it again
	"""
	scanned = value.strip().upper()
	code, given = scanned[:-1], scanned[-1:]
	if code and code_format.pattern.fullmatch(code):
		expected = check_character(code)
		if given != expected:
			raise InvalidInput(
				f"Bin barcode {value!r} has check character {given!r} but {code!r} needs {expected!r}: "
				"the code was mistyped or misread; scan it again"
			)
		return code
	if code_format.pattern.fullmatch(scanned):
		raise InvalidInput(
			f"Bin barcode {value!r} has no check character; expected {barcode_value(scanned)!r}"
		)
	raise InvalidInput(
		f"{value!r} is not a bin barcode; expected a code like {code_format.example!r} "
		f"followed by its check character ({barcode_value(code_format.example)!r})"
	)


# --------------------------------------------------------------------------
# Layout generation
# --------------------------------------------------------------------------


def aisle_labels(first: str, last: str) -> tuple[str, ...]:
	"""Single-letter aisle labels from ``first`` to ``last`` inclusive.

	>>> aisle_labels("A", "F")
	('A', 'B', 'C', 'D', 'E', 'F')
	"""
	a, b = first.strip().upper(), last.strip().upper()
	if not (len(a) == len(b) == 1 and a.isalpha() and b.isalpha() and a <= b):
		raise InvalidInput(f"Aisle range {first!r}-{last!r}; expected two letters A-Z with first <= last")
	return tuple(chr(c) for c in range(ord(a), ord(b) + 1))


@dataclass(frozen=True)
class BinRange:
	"""A rectangular block of bins: aisles × bays × levels [× positions], bounds inclusive.

	>>> BinRange(aisles=("A", "B"), bays=(1, 20), levels=(1, 5)).count
	200
	"""

	aisles: tuple[str, ...]
	bays: tuple[int, int]
	levels: tuple[int, int]
	positions: tuple[int, int] | None = None

	def __post_init__(self):
		if not self.aisles:
			raise InvalidInput("BinRange.aisles is empty; expected at least one aisle label")
		for aisle in self.aisles:
			if not re.fullmatch(r"[A-Za-z]{1,3}", aisle):
				raise InvalidInput(f"Aisle label {aisle!r}; expected 1-3 letters")
		if len({a.upper() for a in self.aisles}) != len(self.aisles):
			raise InvalidInput(f"BinRange.aisles {self.aisles!r} repeats a label")
		for name in ("bays", "levels", "positions"):
			bounds = getattr(self, name)
			if bounds is None:
				continue
			lo, hi = bounds
			if not (isinstance(lo, int) and isinstance(hi, int) and 0 <= lo <= hi):
				raise InvalidInput(
					f"BinRange.{name} is {bounds!r}; expected (first, last) with 0 <= first <= last"
				)
		if self.count > MAX_BINS_PER_RANGE:
			raise InvalidInput(
				f"BinRange would create {self.count} bins; expected at most {MAX_BINS_PER_RANGE} per range"
			)

	@property
	def count(self) -> int:
		positions = self.positions[1] - self.positions[0] + 1 if self.positions else 1
		return (
			len(self.aisles)
			* (self.bays[1] - self.bays[0] + 1)
			* (self.levels[1] - self.levels[0] + 1)
			* positions
		)


@dataclass(frozen=True)
class RackRange:
	"""A rack range as a Warehouse Layout's Generate Bins dialog and ``api.bins`` send it: aisles
	``aisle_from`` to ``aisle_to`` × bays × levels [× positions 1 to ``positions``; 0 = none],
	and what the new bins are: their ``zone``, ``bin_type`` and limits (0 = no limit).

	>>> r = RackRange.from_mapping({"layout": "L1", "aisle_from": "a", "aisle_to": "B", "bay_from": 1,
	...     "bay_to": 3, "level_from": 1, "level_to": 2, "positions": 2, "max_qty": 40})
	>>> r.bin_range
	BinRange(aisles=('A', 'B'), bays=(1, 3), levels=(1, 2), positions=(1, 2))
	>>> r.bin_range.count, r.zone, r.max_qty
	(24, None, 40.0)
	>>> RackRange("A", "A", 1, 1, 1, 1, max_weight=-5)
	Traceback (most recent call last):
	...
	wms_module.core.errors.InvalidInput: max_weight must be 0 (no limit) or more, got -5
	"""

	aisle_from: str
	aisle_to: str
	bay_from: int
	bay_to: int
	level_from: int
	level_to: int
	positions: int = 0
	zone: str | None = None
	bin_type: str = "Shelf"
	max_qty: float = 0.0
	max_volume: float = 0.0
	max_weight: float = 0.0

	def __post_init__(self):
		for name in ("max_qty", "max_volume", "max_weight"):
			value = getattr(self, name)
			if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
				raise InvalidInput(f"{name} must be a number, got {value!r}")
			if value < 0:
				raise InvalidInput(f"{name} must be 0 (no limit) or more, got {_fmt(value)}")
			object.__setattr__(self, name, float(value))
		self.bin_range  # noqa: B018 - refuses bad aisles, bays, levels or positions now

	@classmethod
	def from_mapping(cls, data: Mapping) -> RackRange:
		"""Build from an endpoint's arguments; other keys (``layout``, ``self``) and None values
		(a field's default) are passed over."""
		names = {f.name for f in fields(cls)}
		values = {key: value for key, value in data.items() if key in names and value is not None}
		missing = [f.name for f in fields(cls) if f.default is MISSING and f.name not in values]
		if missing:
			raise InvalidInput(f"A rack range needs {', '.join(missing)}")
		return cls(**values)

	@cached_property
	def bin_range(self) -> BinRange:
		"""The block of bins the range spans."""
		return BinRange(
			aisles=aisle_labels(self.aisle_from, self.aisle_to),
			bays=(self.bay_from, self.bay_to),
			levels=(self.level_from, self.level_to),
			positions=(1, self.positions) if self.positions else None,
		)


@dataclass(frozen=True)
class LayoutGeometry:
	"""A simple rack geometry in metres: aisles side by side along x, bays along y, levels up z.

	Coordinates are of the bin's front-left-bottom corner, counted from the first
	aisle's first bay at floor level.
	"""

	aisle_spacing: float = 3.0
	bay_width: float = 1.0
	level_height: float = 0.5
	position_width: float = 0.0
	"""Offset along the bay per position; 0 puts all positions of a bay at the bay's coordinate."""


@dataclass(frozen=True)
class BinSpec:
	"""One bin to create: its code, barcode, address, coordinates and walking order."""

	code: str
	barcode: str
	aisle: str
	bay: int
	level: int
	position: int | None
	x: float
	y: float
	z: float
	pick_sequence: int


def generate_bins(
	bin_range: BinRange,
	*,
	code_format: BinCodeFormat = DEFAULT_CODE_FORMAT,
	geometry: LayoutGeometry = LayoutGeometry(),
	first_sequence: int = 1,
) -> tuple[BinSpec, ...]:
	"""Every bin of ``bin_range``, in walking (serpentine) order.

	The pick sequence walks up the first aisle and down the next, so sorting by
	it gives a sensible pick path without a routing engine.

	>>> specs = generate_bins(BinRange(aisles=("A", "B"), bays=(1, 2), levels=(1, 1)))
	>>> [(s.code, s.pick_sequence, s.x, s.y) for s in specs]
	[('A-01-01', 1, 0.0, 0.0), ('A-02-01', 2, 0.0, 1.0), ('B-02-01', 3, 3.0, 1.0), ('B-01-01', 4, 3.0, 0.0)]
	"""
	bays = range(bin_range.bays[0], bin_range.bays[1] + 1)
	levels = range(bin_range.levels[0], bin_range.levels[1] + 1)
	positions: Sequence[int | None] = (
		range(bin_range.positions[0], bin_range.positions[1] + 1) if bin_range.positions else (None,)
	)
	specs = []
	sequence = first_sequence
	for aisle_index, aisle in enumerate(bin_range.aisles):
		walk = bays if aisle_index % 2 == 0 else reversed(bays)
		for bay in walk:
			for level in levels:
				for position in positions:
					address = BinAddress(aisle.upper(), bay, level, position)
					code = code_format.format(address)
					position_index = position - bin_range.positions[0] if position is not None else 0
					specs.append(
						BinSpec(
							code=code,
							barcode=barcode_value(code),
							aisle=address.aisle,
							bay=bay,
							level=level,
							position=position,
							x=aisle_index * geometry.aisle_spacing,
							y=(bay - bin_range.bays[0]) * geometry.bay_width
							+ position_index * geometry.position_width,
							z=(level - bin_range.levels[0]) * geometry.level_height,
							pick_sequence=sequence,
						)
					)
					sequence += 1
	return tuple(specs)


@dataclass(frozen=True)
class BinPlan:
	"""The result of planning a range against the bins that already exist."""

	to_create: tuple[BinSpec, ...]
	existing: tuple[str, ...]
	"""Codes in the range that already exist (skipped, so planning twice creates nothing twice)."""

	def preview(self, sample: int = 3) -> str:
		"""A one-line summary for a confirmation dialog.

		>>> plan = plan_bins(BinRange(aisles=("A",), bays=(1, 5), levels=(1, 1)), existing_codes=["a-01-01"])
		>>> plan.preview(sample=2)
		'5 bins in range: 4 to create (A-02-01, A-03-01, …, A-05-01), 1 already exist'
		"""
		codes = [s.code for s in self.to_create]
		total = len(codes) + len(self.existing)
		if len(codes) > sample + 1:
			shown = ", ".join(codes[:sample]) + ", …, " + codes[-1]
		else:
			shown = ", ".join(codes)
		created = f"{len(codes)} to create" + (f" ({shown})" if codes else "")
		return f"{total} bins in range: {created}, {len(self.existing)} already exist"


def plan_bins(
	bin_range: BinRange,
	*,
	existing_codes: Iterable[str],
	code_format: BinCodeFormat = DEFAULT_CODE_FORMAT,
	geometry: LayoutGeometry = LayoutGeometry(),
) -> BinPlan:
	"""Which bins of ``bin_range`` still need creating (codes compared case-insensitively)."""
	existing = {code.strip().upper() for code in existing_codes}
	specs = generate_bins(bin_range, code_format=code_format, geometry=geometry)
	return BinPlan(
		to_create=tuple(s for s in specs if s.code not in existing),
		existing=tuple(s.code for s in specs if s.code in existing),
	)


# --------------------------------------------------------------------------
# Put and move checks
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class StorageBin:
	"""A bin's rules: status, mix policy and limits (None = unlimited)."""

	code: str
	warehouse: str
	status: BinStatus = BinStatus.ACTIVE
	mix_policy: MixPolicy = MixPolicy.MIXED
	max_qty: float | None = None
	max_volume: float | None = None
	max_weight: float | None = None


@dataclass(frozen=True)
class BinContent:
	"""One (item, batch) balance in a bin; volume and weight are totals for ``qty``."""

	item: str
	batch: str | None
	qty: float
	allocated: float = 0.0
	volume: float = 0.0
	weight: float = 0.0


@dataclass(frozen=True)
class Put:
	"""A proposed addition to a bin. Unit volume/weight of 0 mean "unknown" and are not checked."""

	item: str
	batch: str | None
	qty: float
	unit_volume: float = 0.0
	unit_weight: float = 0.0


def _fmt(x: float) -> str:
	return f"{x:g}"


def check_put(storage_bin: StorageBin, contents: Sequence[BinContent], put: Put) -> None:
	"""Raise if ``put`` may not go into ``storage_bin`` holding ``contents``; return None if it may.

	Checked in order: bin status (BinNotUsable), mix policy (MixPolicyViolation),
	then quantity, volume and weight limits (CapacityExceeded).

	>>> b = StorageBin("A-01-01", "Stores - W", max_qty=10)
	>>> check_put(b, [BinContent("SKU1", None, 8)], Put("SKU1", None, 2))
	>>> check_put(b, [BinContent("SKU1", None, 8)], Put("SKU1", None, 3))
	Traceback (most recent call last):
	...
	wms_module.core.errors.CapacityExceeded: Storage bin 'A-01-01' holds at most 10 units; it has 8 and the put of 3 x SKU1 would make 11
	"""
	if put.qty <= 0:
		raise InvalidInput(
			f"Put qty for {put.item} into {storage_bin.code!r} is {_fmt(put.qty)}; expected > 0"
		)
	if storage_bin.status != BinStatus.ACTIVE:
		raise BinNotUsable(
			f"Storage bin {storage_bin.code!r} is {BinStatus(storage_bin.status).value}; "
			"expected an active bin for putting stock in"
		)
	held = [c for c in contents if c.qty > EPSILON]
	if storage_bin.mix_policy == MixPolicy.SINGLE_ITEM:
		others = sorted({c.item for c in held if c.item != put.item})
		if others:
			raise MixPolicyViolation(
				f"Storage bin {storage_bin.code!r} takes a single item and holds {', '.join(others)}; "
				f"cannot add {put.item}"
			)
	elif storage_bin.mix_policy == MixPolicy.SINGLE_BATCH:
		others = sorted(
			{f"{c.item} batch {c.batch}" for c in held if (c.item, c.batch) != (put.item, put.batch)}
		)
		if others:
			raise MixPolicyViolation(
				f"Storage bin {storage_bin.code!r} takes a single item and batch and holds "
				f"{', '.join(others)}; cannot add {put.item} batch {put.batch}"
			)
	limits = (
		("max_qty", "units", sum(c.qty for c in held), put.qty),
		("max_volume", "volume", sum(c.volume for c in held), put.qty * put.unit_volume),
		("max_weight", "weight", sum(c.weight for c in held), put.qty * put.unit_weight),
	)
	for attr, unit, current, adding in limits:
		limit = getattr(storage_bin, attr)
		if limit is not None and current + adding > limit + EPSILON:
			raise CapacityExceeded(
				f"Storage bin {storage_bin.code!r} holds at most {_fmt(limit)} {unit}; it has {_fmt(current)} "
				f"and the put of {_fmt(put.qty)} x {put.item} would make {_fmt(current + adding)}"
			)


@dataclass(frozen=True)
class LedgerRow:
	"""One signed bin-ledger row: + into the bin, - out of it."""

	bin: str
	warehouse: str
	item: str
	batch: str | None
	qty: float


def plan_move(
	*,
	source: StorageBin,
	source_contents: Sequence[BinContent],
	destination: StorageBin,
	destination_contents: Sequence[BinContent],
	put: Put,
) -> tuple[LedgerRow, LedgerRow]:
	"""Validate moving ``put`` from ``source`` to ``destination``; return (out row, in row).

	The source may be blocked (emptying a blocked bin is the usual reason to move
	stock) but not being counted. Only unallocated stock (on hand - allocated)
	may move. The destination must accept the put (see ``check_put``).

	>>> src = StorageBin("A-01-01", "Stores - W")
	>>> dst = StorageBin("B-01-01", "Stores - W")
	>>> plan_move(source=src, source_contents=[BinContent("SKU1", "B1", 5, allocated=2)],
	...     destination=dst, destination_contents=[], put=Put("SKU1", "B1", 3))
	(LedgerRow(bin='A-01-01', warehouse='Stores - W', item='SKU1', batch='B1', qty=-3), LedgerRow(bin='B-01-01', warehouse='Stores - W', item='SKU1', batch='B1', qty=3))
	"""
	if put.qty <= 0:
		raise InvalidInput(f"Move qty for {put.item} from {source.code!r} is {_fmt(put.qty)}; expected > 0")
	if source.code == destination.code:
		raise InvalidInput(
			f"Move of {put.item} from {source.code!r} to itself; expected a different destination bin"
		)
	if source.warehouse != destination.warehouse:
		raise InvalidInput(
			f"Move of {put.item} from {source.code!r} ({source.warehouse}) to {destination.code!r} "
			f"({destination.warehouse}) crosses warehouses; expected bins of one warehouse "
			"(a transfer between warehouses needs a Stock Entry)"
		)
	if source.status == BinStatus.COUNTING:
		raise BinNotUsable(
			f"Storage bin {source.code!r} is being counted; expected no moves out until the count is done"
		)
	on_hand = sum(c.qty for c in source_contents if (c.item, c.batch) == (put.item, put.batch))
	allocated = sum(c.allocated for c in source_contents if (c.item, c.batch) == (put.item, put.batch))
	available = on_hand - allocated
	if put.qty > available + EPSILON:
		batch = f" batch {put.batch}" if put.batch else ""
		raise InsufficientStock(
			f"Storage bin {source.code!r} has {_fmt(available)} of {put.item}{batch} available "
			f"({_fmt(on_hand)} on hand - {_fmt(allocated)} allocated); cannot move {_fmt(put.qty)}"
		)
	check_put(destination, destination_contents, put)
	return (
		LedgerRow(source.code, source.warehouse, put.item, put.batch, -put.qty),
		LedgerRow(destination.code, destination.warehouse, put.item, put.batch, put.qty),
	)


def whole_units(qty: float) -> int:
	"""The whole units in ``qty``, tolerant of float noise.

	>>> whole_units(2.9999999999), whole_units(2.5)
	(3, 2)
	"""
	return int(math.floor(qty + EPSILON))
