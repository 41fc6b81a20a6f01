"""RackRange: the one value the bin generator's endpoints, its service and the demo pass around."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wms_module.core.bins import BinRange, RackRange
from wms_module.core.errors import InvalidInput

RANGE = {"aisle_from": "A", "aisle_to": "F", "bay_from": 1, "bay_to": 20, "level_from": 1, "level_to": 5}


def test_an_endpoints_arguments_make_one_range_and_the_rest_is_passed_over():
	r = RackRange.from_mapping(
		{"self": object(), "layout": "Stores", "zone": "PICK", "positions": None, **RANGE}
	)
	assert r == RackRange(**RANGE, zone="PICK")
	assert r.bin_range == BinRange(aisles=tuple("ABCDEF"), bays=(1, 20), levels=(1, 5))
	assert r.bin_range.count == 600


def test_a_missing_bound_is_refused_by_name():
	with pytest.raises(InvalidInput, match="needs bay_to, level_from"):
		RackRange.from_mapping({"aisle_from": "A", "aisle_to": "B", "bay_from": 1, "level_to": 2})


@pytest.mark.parametrize(
	"change,match",
	[
		({"aisle_from": "C", "aisle_to": "A"}, r"Aisle range 'C'-'A'"),
		({"level_from": 3, "level_to": 1}, r"levels is \(3, 1\); expected \(first, last\)"),
		({"positions": -1}, r"positions is \(1, -1\)"),
		({"max_qty": -1}, r"max_qty must be 0 \(no limit\) or more, got -1"),
		({"max_volume": math.nan}, r"max_volume must be a number, got nan"),
		({"max_weight": True}, r"max_weight must be a number"),
	],
)
def test_a_bad_range_is_refused_when_it_is_built(change, match):
	with pytest.raises(InvalidInput, match=match):
		RackRange(**{**RANGE, **change})


@given(
	positions=st.integers(0, 4),
	limits=st.tuples(*[st.floats(0, 1e6) | st.integers(0, 10**6)] * 3),
)
def test_limits_are_floats_and_positions_count_from_one(positions, limits):
	r = RackRange(**RANGE, positions=positions, max_qty=limits[0], max_volume=limits[1], max_weight=limits[2])
	assert (r.max_qty, r.max_volume, r.max_weight) == tuple(float(x) for x in limits)
	assert all(isinstance(x, float) for x in (r.max_qty, r.max_volume, r.max_weight))
	assert r.bin_range.positions == ((1, positions) if positions else None)
	assert r.bin_range.count == 600 * max(positions, 1)
