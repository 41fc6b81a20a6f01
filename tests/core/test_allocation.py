import math
from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wms_module.core.allocation import (
	AllocationConfig,
	OrderLine,
	RemovalStrategy,
	ShortageReason,
	StockSlot,
	allocate,
)
from wms_module.core.errors import InvalidInput

TODAY = date(2026, 6, 1)


def slot(bin_, qty, *, item="SKU1", batch=None, zone="pick", received=TODAY - timedelta(days=10), **kw):
	return StockSlot(
		bin=bin_,
		warehouse="Stores - W",
		zone_type=zone,
		item=item,
		batch=batch,
		on_hand=qty,
		received_on=received,
		**kw,
	)


def picked(result, line_id=None):
	return [(a.bin, a.batch, a.qty) for a in result.allocations if line_id is None or a.line_id == line_id]


def cfg(strategy, **kw):
	return AllocationConfig(as_of=TODAY, strategy=strategy, **kw)


# ---------------------------------------------------------------- strategies, hand-checked


def test_fifo_takes_oldest_receipt_first():
	slots = [
		slot("A-01", 4, received=date(2026, 5, 3)),
		slot("A-02", 4, received=date(2026, 5, 1)),
		slot("A-03", 4, received=date(2026, 5, 2)),
	]
	result = allocate([OrderLine("L1", "SKU1", 6)], slots, cfg("fifo"))
	assert picked(result) == [("A-02", None, 4), ("A-03", None, 2)]


def test_lifo_takes_newest_receipt_first():
	slots = [
		slot("A-01", 4, received=date(2026, 5, 3)),
		slot("A-02", 4, received=date(2026, 5, 1)),
		slot("A-03", 4, received=date(2026, 5, 2)),
	]
	result = allocate([OrderLine("L1", "SKU1", 6)], slots, cfg(RemovalStrategy.LIFO))
	assert picked(result) == [("A-01", None, 4), ("A-03", None, 2)]


def test_fefo_earliest_expiry_first_and_never_expired():
	slots = [
		slot("A-01", 5, batch="OLD", expiry=TODAY - timedelta(days=1)),
		slot("A-02", 5, batch="LATE", expiry=TODAY + timedelta(days=90)),
		slot("A-03", 5, batch="SOON", expiry=TODAY + timedelta(days=10)),
		slot("A-04", 5, batch="TODAY", expiry=TODAY),  # expires today: still usable
	]
	result = allocate([OrderLine("L1", "SKU1", 12)], slots, cfg("fefo"))
	assert picked(result) == [("A-04", "TODAY", 5), ("A-03", "SOON", 5), ("A-02", "LATE", 2)]


def test_min_remaining_shelf_life_per_line():
	slots = [
		slot("A-01", 5, batch="SOON", expiry=TODAY + timedelta(days=10)),
		slot("A-02", 5, batch="LATE", expiry=TODAY + timedelta(days=90)),
	]
	lines = [
		OrderLine("FUSSY", "SKU1", 7, min_remaining_shelf_life_days=30),
		OrderLine("ANY", "SKU1", 3),
	]
	result = allocate(lines, slots, cfg("fefo"))
	assert picked(result, "FUSSY") == [("A-02", "LATE", 5)]
	assert picked(result, "ANY") == [("A-01", "SOON", 3)]
	(short,) = result.shortages
	assert (short.line_id, short.short) == ("FUSSY", 2)
	assert short.reasons == (ShortageReason.SHELF_LIFE_TOO_SHORT,)
	assert "5 with less than 30 days of shelf life left" in short.message


def test_exactly_min_shelf_life_days_left_is_enough():
	slots = [slot("A-01", 5, batch="B", expiry=TODAY + timedelta(days=30))]
	result = allocate([OrderLine("L", "SKU1", 5, min_remaining_shelf_life_days=30)], slots, cfg("fefo"))
	assert picked(result) == [("A-01", "B", 5)]


def test_closest_uses_distance_and_unknown_distance_last():
	slots = [
		slot("A-01", 3, distance=None),
		slot("A-02", 3, distance=40.0),
		slot("A-03", 3, distance=12.5),
	]
	result = allocate([OrderLine("L1", "SKU1", 7)], slots, cfg("closest"))
	assert picked(result) == [("A-03", None, 3), ("A-02", None, 3), ("A-01", None, 1)]


def test_fewest_bins_prefers_one_bin_that_covers():
	slots = [slot("A-01", 3), slot("A-02", 3), slot("A-03", 20), slot("A-04", 8)]
	result = allocate([OrderLine("L1", "SKU1", 6)], slots, cfg("fewest_bins"))
	assert picked(result) == [("A-04", None, 6)]  # the smallest bin that covers all 6


def test_fewest_bins_largest_first_when_none_covers():
	slots = [slot("A-01", 3), slot("A-02", 5), slot("A-03", 4), slot("A-04", 1)]
	result = allocate([OrderLine("L1", "SKU1", 11)], slots, cfg("fewest_bins"))
	# 5 (largest), then 4 (largest), then the smallest that covers the last 2: the bin of 3
	assert picked(result) == [("A-02", None, 5), ("A-03", None, 4), ("A-01", None, 2)]


def test_clear_small_empties_small_bins_first():
	slots = [slot("A-01", 30), slot("A-02", 2), slot("A-03", 1)]
	result = allocate([OrderLine("L1", "SKU1", 5)], slots, cfg("clear_small"))
	assert picked(result) == [("A-03", None, 1), ("A-02", None, 2), ("A-01", None, 2)]


@pytest.mark.parametrize("strategy", list(RemovalStrategy))
def test_pick_face_before_reserve_under_every_strategy(strategy):
	slots = [
		slot("R-01", 50, zone="reserve", received=date(2020, 1, 1), distance=0.0),
		slot("P-01", 4, zone="pick", received=date(2026, 5, 1), distance=99.0),
	]
	result = allocate([OrderLine("L1", "SKU1", 6)], slots, cfg(strategy))
	assert picked(result) == [("P-01", None, 4), ("R-01", None, 2)]


# ---------------------------------------------------------------- exclusions and shortages


def test_non_allocatable_zones_and_bins_are_never_used_and_named():
	slots = [
		slot("RCV-1", 5, zone="receiving"),
		slot("QUA-1", 5, zone="quarantine"),
		slot("RET-1", 5, zone="returns"),
		slot("STG-1", 5, zone="staging"),
		slot("A-01", 4, status="blocked"),
		slot("A-02", 4, status="counting"),
		slot("A-03", 2),
	]
	result = allocate([OrderLine("L1", "SKU1", 10)], slots, cfg("fifo"))
	assert picked(result) == [("A-03", None, 2)]
	(short,) = result.shortages
	assert short.short == 8
	causes = {c.reason: c.qty for c in short.causes}
	assert causes == {ShortageReason.ZONE_NOT_ALLOCATABLE: 20, ShortageReason.BIN_NOT_ACTIVE: 8}
	assert "8 in blocked or counting bins" in short.message
	assert "20 in receiving, quarantine, returns or staging zones" in short.message


def test_no_stock_at_all():
	result = allocate([OrderLine("L1", "NOPE", 3)], [slot("A-01", 5)], cfg("fifo"))
	(short,) = result.shortages
	assert short.causes[0].reason == ShortageReason.NO_STOCK
	assert short.message == "Order line 'L1': 3 of 3 x NOPE could not be allocated: 3 not in stock"


def test_expired_stock_is_a_named_cause():
	slots = [slot("A-01", 5, batch="B1", expiry=TODAY - timedelta(days=3)), slot("A-02", 1, batch="B2")]
	result = allocate([OrderLine("L1", "SKU1", 4)], slots, cfg("fifo"))
	assert picked(result) == [("A-02", "B2", 1)]
	(short,) = result.shortages
	assert {c.reason: c.qty for c in short.causes} == {ShortageReason.EXPIRED: 5}


def test_available_is_on_hand_minus_allocated_and_earlier_lines_count():
	slots = [slot("A-01", 10, allocated=4)]
	result = allocate([OrderLine("L1", "SKU1", 5), OrderLine("L2", "SKU1", 5)], slots, cfg("fifo"))
	assert picked(result, "L1") == [("A-01", None, 5)]
	assert picked(result, "L2") == [("A-01", None, 1)]
	(short,) = result.shortages
	assert short.line_id == "L2" and short.short == 4
	# 4 allocated by open tasks + 5 by line L1
	assert {c.reason: c.qty for c in short.causes} == {ShortageReason.ALREADY_ALLOCATED: 9}


def test_whole_number_lines_never_get_fractions():
	slots = [slot("A-01", 2.5), slot("A-02", 1.75), slot("A-03", 0.5)]
	result = allocate([OrderLine("L1", "SKU1", 4, whole_number=True)], slots, cfg("fifo"))
	assert picked(result) == [("A-01", None, 2), ("A-02", None, 1)]
	assert all(isinstance(a.qty, int) for a in result.allocations)
	(short,) = result.shortages
	assert short.short == 1
	# 0.5 + 0.75 + 0.5 left, none of it a whole unit
	assert {c.reason: c.qty for c in short.causes} == {ShortageReason.FRACTIONAL_REMAINDER: 1.75}


def test_fractional_line_in_whole_number_uom_is_rejected():
	with pytest.raises(InvalidInput, match=r"'L1' asks for 2.5 of SKU1 in a whole-number UOM"):
		allocate([OrderLine("L1", "SKU1", 2.5, whole_number=True)], [slot("A-01", 5)], cfg("fifo"))


def test_single_batch_picks_the_first_batch_that_covers():
	slots = [
		slot("A-01", 3, batch="B1", expiry=TODAY + timedelta(days=5)),
		slot("A-02", 4, batch="B2", expiry=TODAY + timedelta(days=20)),
		slot("R-01", 4, batch="B2", expiry=TODAY + timedelta(days=20), zone="reserve"),
	]
	result = allocate([OrderLine("L1", "SKU1", 6)], slots, cfg("fefo", allow_batch_mix=False))
	assert picked(result) == [("A-02", "B2", 4), ("R-01", "B2", 2)]
	mixed = allocate([OrderLine("L1", "SKU1", 6)], slots, cfg("fefo", allow_batch_mix=True))
	assert picked(mixed) == [("A-01", "B1", 3), ("A-02", "B2", 3)]


def test_single_batch_prefers_the_earliest_batch_that_covers_over_the_biggest():
	slots = [
		slot("A-01", 6, batch="EARLY", expiry=TODAY + timedelta(days=5)),
		slot("A-02", 20, batch="LATE", expiry=TODAY + timedelta(days=50)),
	]
	lines = [OrderLine("L1", "SKU1", 6), OrderLine("L2", "SKU1", 2)]
	result = allocate(lines, slots, cfg("fefo", allow_batch_mix=False))
	assert picked(result, "L1") == [("A-01", "EARLY", 6)]
	assert picked(result, "L2") == [("A-02", "LATE", 2)]  # EARLY is used up


def test_single_batch_respects_shelf_life():
	slots = [
		slot("A-01", 10, batch="EARLY", expiry=TODAY + timedelta(days=5)),
		slot("A-02", 3, batch="LATE", expiry=TODAY + timedelta(days=50)),
	]
	result = allocate(
		[OrderLine("L1", "SKU1", 4, min_remaining_shelf_life_days=30)],
		slots,
		cfg("fefo", allow_batch_mix=False),
	)
	assert picked(result) == [("A-02", "LATE", 3)]
	assert {c.reason: c.qty for c in result.shortages[0].causes} == {ShortageReason.SHELF_LIFE_TOO_SHORT: 10}


def test_single_batch_short_names_the_other_batches():
	slots = [slot("A-01", 3, batch="B1"), slot("A-02", 4, batch="B2")]
	result = allocate([OrderLine("L1", "SKU1", 6)], slots, cfg("fifo", allow_batch_mix=False))
	assert picked(result) == [("A-02", "B2", 4)]  # no batch covers: the largest
	(short,) = result.shortages
	assert {c.reason: c.qty for c in short.causes} == {ShortageReason.SINGLE_BATCH: 3}
	assert "3 in other batches (batch mixing is off)" in short.message


def test_bad_inputs_are_named():
	with pytest.raises(InvalidInput, match="given twice"):
		allocate([], [slot("A-01", 1), slot("A-01", 2)], cfg("fifo"))
	with pytest.raises(InvalidInput, match="'L1' is given twice"):
		allocate([OrderLine("L1", "SKU1", 1), OrderLine("L1", "SKU1", 1)], [], cfg("fifo"))
	with pytest.raises(InvalidInput, match=r"bin 'A-01' has zone type 'shelf'; expected one of 'pick'"):
		allocate([], [slot("A-01", 1, zone="shelf")], cfg("fifo"))


# ---------------------------------------------------------------- properties

ITEMS = ["I1", "I2"]
BATCH_EXPIRY = {
	None: None,
	"B1": TODAY - timedelta(days=2),
	"B2": TODAY + timedelta(days=3),
	"B3": TODAY + timedelta(days=40),
	"B4": TODAY + timedelta(days=40),
}


@st.composite
def scenarios(draw, whole=None):
	keys = draw(
		st.lists(
			st.tuples(
				st.sampled_from(["A-01", "A-02", "A-03", "R-01", "R-02", "Q-01"]),
				st.sampled_from(ITEMS),
				st.sampled_from(list(BATCH_EXPIRY)),
			),
			unique=True,
			max_size=14,
		)
	)
	slots = []
	for bin_, item, batch in keys:
		on_hand = draw(
			st.one_of(st.integers(0, 12), st.floats(0, 12, allow_nan=False).map(lambda x: round(x, 2)))
		)
		slots.append(
			StockSlot(
				bin=bin_,
				warehouse="W",
				zone_type={"A": "pick", "R": "reserve", "Q": "quarantine"}[bin_[0]],
				item=item,
				batch=batch,
				on_hand=on_hand,
				allocated=draw(st.integers(0, 3)),
				received_on=TODAY - timedelta(days=draw(st.integers(0, 30))),
				expiry=BATCH_EXPIRY[batch],
				distance=draw(st.one_of(st.none(), st.floats(0, 100))),
				status=draw(st.sampled_from(["active", "active", "active", "blocked", "counting"])),
				pick_sequence=draw(st.integers(0, 5)),
			)
		)
	lines = []
	for n in range(draw(st.integers(1, 5))):
		is_whole = draw(st.booleans()) if whole is None else whole
		qty = draw(st.integers(1, 25)) if is_whole else draw(st.floats(0.1, 25).map(lambda x: round(x, 2)))
		lines.append(
			OrderLine(
				f"L{n}",
				draw(st.sampled_from(ITEMS)),
				qty,
				whole_number=is_whole,
				min_remaining_shelf_life_days=draw(st.sampled_from([None, None, 0, 10])),
			)
		)
	config = AllocationConfig(
		as_of=TODAY,
		strategy=draw(st.sampled_from(list(RemovalStrategy))),
		allow_batch_mix=draw(st.booleans()),
	)
	return lines, slots, config


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_allocation_invariants(scenario):
	lines, slots, config = scenario
	result = allocate(lines, slots, config)
	by_key = {(s.bin, s.item, s.batch): s for s in slots}
	taken = defaultdict(float)
	per_line = defaultdict(float)
	for a in result.allocations:
		s = by_key[(a.bin, a.item, a.batch)]
		assert a.qty > 0
		taken[(a.bin, a.item, a.batch)] += a.qty
		per_line[a.line_id] += a.qty
		# only active pick/reserve bins, never an expired batch
		assert s.zone_type in ("pick", "reserve") and s.status == "active"
		assert s.expiry is None or s.expiry >= TODAY
	for key, qty in taken.items():
		assert qty <= by_key[key].on_hand - by_key[key].allocated + 1e-9
	shorts = {s.line_id: s.short for s in result.shortages}
	for line in lines:
		assert per_line[line.line_id] <= line.qty + 1e-9
		assert math.isclose(per_line[line.line_id] + shorts.get(line.line_id, 0), line.qty, abs_tol=1e-9)
		if line.whole_number:
			assert all(isinstance(a.qty, int) for a in result.allocations if a.line_id == line.line_id)
		if line.min_remaining_shelf_life_days:
			for a in result.allocations:
				expiry = by_key[(a.bin, a.item, a.batch)].expiry
				if a.line_id == line.line_id and expiry is not None:
					assert (expiry - TODAY).days >= line.min_remaining_shelf_life_days
		if not config.allow_batch_mix:
			assert len({a.batch for a in result.allocations if a.line_id == line.line_id}) <= 1
	for short in result.shortages:
		assert short.causes and short.message.startswith(f"Order line {short.line_id!r}")
		# every unit short is explained: held back for a named reason, or simply not in stock
		assert sum(c.qty for c in short.causes) >= short.short - 1e-9
		assert all(c.qty > 0 for c in short.causes)


def _ordering_property(strategy, key):
	"""With one line and batch mixing, a slot is only used once every eligible slot that sorts
	before it (same zone, earlier key) or sits in an earlier zone is used up."""

	@settings(max_examples=200, deadline=None)
	@given(scenarios(whole=False))
	def check(scenario):
		lines, slots, _ = scenario
		line = lines[0]
		result = allocate([line], slots, AllocationConfig(as_of=TODAY, strategy=strategy))
		used = {(a.bin, a.batch): a.qty for a in result.allocations}
		eligible = [
			s
			for s in slots
			if s.item == line.item
			and s.zone_type in ("pick", "reserve")
			and s.status == "active"
			and (
				s.expiry is None
				or s.expiry >= TODAY + timedelta(days=line.min_remaining_shelf_life_days or 0)
			)
			and s.on_hand - s.allocated > 0
		]
		rank = {"pick": 0, "reserve": 1}
		for s in eligible:
			if (s.bin, s.batch) not in used:
				continue
			for earlier in eligible:
				if (rank[earlier.zone_type], key(earlier)) < (rank[s.zone_type], key(s)):
					assert math.isclose(
						used.get((earlier.bin, earlier.batch), 0), earlier.on_hand - earlier.allocated
					), (earlier, s)

	return check


test_fefo_uses_earliest_expiry_first = _ordering_property("fefo", lambda s: s.expiry or date.max)
test_fifo_uses_oldest_receipt_first = _ordering_property("fifo", lambda s: s.received_on)
test_lifo_uses_newest_receipt_first = _ordering_property("lifo", lambda s: -s.received_on.toordinal())
test_closest_uses_nearest_first = _ordering_property(
	"closest", lambda s: math.inf if s.distance is None else s.distance
)
test_clear_small_uses_smallest_first = _ordering_property("clear_small", lambda s: s.on_hand - s.allocated)


@settings(max_examples=200, deadline=None)
@given(scenarios(whole=False))
def test_fewest_bins_uses_no_more_bins_than_needed(scenario):
	lines, slots, _ = scenario
	line = lines[0]
	result = allocate([line], slots, AllocationConfig(as_of=TODAY, strategy="fewest_bins"))
	if result.shortages:
		return
	# within a zone, the greedy choice is optimal: compare with the fewest slots of the zones used
	avail = sorted(
		(
			s.on_hand - s.allocated
			for s in slots
			if s.item == line.item
			and s.zone_type == "pick"
			and s.status == "active"
			and (
				s.expiry is None
				or s.expiry >= TODAY + timedelta(days=line.min_remaining_shelf_life_days or 0)
			)
			and s.on_hand - s.allocated > 0
		),
		reverse=True,
	)
	if sum(avail) >= line.qty - 1e-9:
		needed = next(k for k in range(1, len(avail) + 1) if sum(avail[:k]) >= line.qty - 1e-9)
		assert len(result.allocations) == needed
