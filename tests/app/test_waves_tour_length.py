"""The tour length a wave batches with: the exact length-only router, plus 1 per bin without coordinates."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from wms_module.core.layout import PickLocation, WarehouseLayout
from wms_module.core.routing import route
from wms_module.services.tours import TourLength

ONE_BLOCK = WarehouseLayout(n_aisles=5, bays_per_aisle=12, bay_width=1, aisle_spacing=3, cross_aisle_width=2)
THREE_BLOCKS = WarehouseLayout(n_aisles=3, bays_per_aisle=9, n_blocks=3)

locations = st.frozensets(
	st.one_of(
		st.builds(PickLocation, aisle=st.integers(0, 4), bay=st.integers(0, 11)),
		st.sampled_from(["BIN-X", "BIN-Y", "BIN-Z"]),  # bins without layout coordinates
	),
	max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(locations, st.floats(0, 120))
def test_tour_length_is_the_optimal_route_plus_one_per_unlocated_bin(locs, bound):
	length = TourLength(ONE_BLOCK, "best")
	known = sorted(loc for loc in locs if isinstance(loc, PickLocation))
	unlocated = len(locs) - len(known)
	expected = (route(ONE_BLOCK, known, method="optimal").length if known else 0.0) + unlocated
	assert math.isclose(length(locs), expected, abs_tol=1e-9)
	# the bounded form the batching search uses agrees with the full length
	value, exact = TourLength(ONE_BLOCK, "best").length_below(locs, bound)
	if exact:
		assert math.isclose(value, expected, abs_tol=1e-9)
	else:
		assert value >= bound - 1e-9 and expected >= bound - 1e-9


def test_exact_layouts_use_the_length_only_router_and_others_fall_back_to_route():
	exact = TourLength(ONE_BLOCK, "best")
	assert exact.exact is not None and hasattr(exact, "length_below")
	picks = frozenset({PickLocation(aisle=1, bay=3), PickLocation(aisle=4, bay=10)})
	exact(picks)
	assert exact.exact.evaluations == 1
	exact(picks | {"BIN-X"})  # same located set: memoised, no new DP run
	assert exact.exact.evaluations == 1

	heuristic = TourLength(ONE_BLOCK, "s_shape")
	assert heuristic.exact is None and not hasattr(heuristic, "length_below")
	assert heuristic(picks) == route(ONE_BLOCK, sorted(picks), method="s_shape").length

	deep = TourLength(THREE_BLOCKS, "best")  # 3 blocks: no exact router
	picks3 = frozenset({PickLocation(aisle=0, bay=8), PickLocation(aisle=2, bay=1)})
	assert deep.exact is None
	assert deep(picks3) == route(THREE_BLOCKS, sorted(picks3), method="best").length


def test_without_a_layout_only_unlocated_bins_count():
	assert TourLength(None, "best")(frozenset({"A", "B"})) == 2.0
	assert TourLength(None, "best")(frozenset()) == 0.0
