"""core.reservations: an order's lines never take what other orders reserved, and what they leave
is reported once per line with its reason."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wms_module.core.allocation import OrderLine, Shortage, ShortageCause, ShortageReason
from wms_module.core.bins import EPSILON
from wms_module.core.reservations import HeldBack, Reserved, hold_back, with_held_back

ITEMS = ("A", "B")
lines_st = st.lists(
	st.tuples(st.sampled_from(ITEMS), st.integers(0, 20), st.booleans()), min_size=1, max_size=6
).map(
	lambda rows: [OrderLine(f"L{i}", item, float(q), whole_number=w) for i, (item, q, w) in enumerate(rows)]
)


@given(
	lines=lines_st,
	free=st.fixed_dictionaries({i: st.floats(0, 30, allow_nan=False) for i in ITEMS}),
	reserved_qty=st.fixed_dictionaries({i: st.floats(0, 30, allow_nan=False) for i in ITEMS}),
)
def test_lines_share_only_what_other_orders_did_not_reserve(lines, free, reserved_qty):
	reserved = {i: Reserved(q, ("SO-X",)) for i, q in reserved_qty.items()}
	lowered, held = hold_back(lines, free=free, reserved=reserved)
	kept = {h.line_id: h.kept for h in held}
	for asked, got in zip(lines, lowered, strict=True):
		assert got.line_id == asked.line_id and 0 <= got.qty <= asked.qty + EPSILON
		assert abs(asked.qty - got.qty - kept.get(asked.line_id, 0.0)) < 1e-9
		if asked.whole_number:
			assert got.qty == int(got.qty)
	for item in ITEMS:
		taken = sum(line.qty for line in lowered if line.item == item)
		assert taken <= max(0.0, free[item] - reserved_qty[item]) + 1e-9


def test_a_held_back_line_is_one_shortage_with_both_reasons_and_the_total():
	core = Shortage(
		"L1", "A", 8, 3, (ShortageCause(ShortageReason.EXPIRED, 3),), "...", ("3 in expired batches",)
	)
	held = [
		HeldBack("L1", "A", 10, 2, Reserved(2, ("SO-9",))),
		HeldBack("L2", "A", 4, 4, Reserved(2, ("SO-9",))),
	]
	merged = with_held_back([core], held, lambda h: f"{h.reserved.qty:g} reserved for {h.reserved.orders[0]}")
	assert [(s.line_id, s.requested, s.short) for s in merged] == [("L1", 10, 5), ("L2", 4, 4)]
	assert merged[0].message == (
		"Order line 'L1': 5 of 10 x A could not be allocated: 3 in expired batches; 2 reserved for SO-9"
	)
	assert merged[1].phrases == ("2 reserved for SO-9",)
