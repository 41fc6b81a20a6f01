"""core.removal: one order for the removal strategies, the same for the allocator and for an
untracked issue."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from wms_module.core.allocation import AllocationConfig, OrderLine, StockSlot, allocate
from wms_module.core.removal import Place, RemovalStrategy, issue_order

TODAY = date(2026, 6, 1)
ORDERED = [s for s in RemovalStrategy if s != RemovalStrategy.FEWEST_BINS]

slots_st = st.lists(
	st.tuples(
		st.integers(1, 20),  # qty
		st.integers(0, 30),  # days since received
		st.one_of(st.none(), st.integers(5, 90)),  # days to expiry
		st.one_of(st.none(), st.floats(0, 100, allow_nan=False)),  # distance
		st.integers(0, 5),  # pick sequence
	),
	min_size=1,
	max_size=8,
).map(
	lambda rows: [
		StockSlot(
			bin=f"B{i:02d}",
			warehouse="W",
			zone_type="pick",
			item="SKU",
			batch=None,
			on_hand=float(q),
			received_on=TODAY - timedelta(days=age),
			expiry=None if exp is None else TODAY + timedelta(days=exp),
			distance=dist,
			pick_sequence=seq,
		)
		for i, (q, age, exp, dist, seq) in enumerate(rows)
	]
)


@given(slots=slots_st, strategy=st.sampled_from(ORDERED))
def test_the_allocator_empties_bins_in_the_order_an_issue_takes_them(slots, strategy):
	total = sum(s.on_hand for s in slots)
	result = allocate([OrderLine("L", "SKU", total)], slots, AllocationConfig(as_of=TODAY, strategy=strategy))
	assert [a.bin for a in result.allocations] == [s.bin for s in issue_order(strategy, slots)]


def test_an_issue_reads_timestamps_as_text_and_takes_the_largest_first_for_fewest_bins():
	places = [
		Place("A", None, "2026-01-01 08:00:00", 2),
		Place("B", None, "2026-01-01 09:00:00", 7),
		Place("C", None, "2025-12-31 23:00:00", 7),
	]
	assert [p.bin for p in issue_order(RemovalStrategy.FIFO, places)] == ["C", "A", "B"]
	assert [p.bin for p in issue_order(RemovalStrategy.LIFO, places)] == ["B", "A", "C"]
	assert [p.bin for p in issue_order(RemovalStrategy.FEWEST_BINS, places)] == ["C", "B", "A"]
	assert [p.bin for p in issue_order(RemovalStrategy.CLEAR_SMALL, places)] == ["A", "B", "C"]
