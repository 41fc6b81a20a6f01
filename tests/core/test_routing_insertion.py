"""Cheapest insertion of a stop into a walk under way (core.routing.insertion)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from wms_module.core.layout import PickLocation, WarehouseLayout
from wms_module.core.routing.insertion import insertion_index

LAYOUT = WarehouseLayout.from_mapping(
	{
		"n_aisles": 5,
		"bays_per_aisle": 12,
		"n_blocks": 2,
		"bay_width": 1,
		"aisle_spacing": 3,
		"cross_aisle_width": 2,
	}
)
locations = st.builds(PickLocation, aisle=st.integers(0, 4), bay=st.integers(0, 11))


def walk_length(start, stops) -> float:
	"""start -> stops -> depot, each leg the shortest walk."""
	points = [start, *stops, LAYOUT.depot]
	return sum(LAYOUT.distance(a, b) for a, b in zip(points[:-1], points[1:], strict=True))


@settings(max_examples=200, deadline=None)
@given(start=locations, stops=st.lists(locations, max_size=6), new=locations)
def test_no_other_place_makes_the_walk_shorter(start, stops, new):
	i = insertion_index(LAYOUT, start, stops, new)
	assert 0 <= i <= len(stops)
	chosen = walk_length(start, [*stops[:i], new, *stops[i:]])
	for j in range(len(stops) + 1):
		assert chosen <= walk_length(start, [*stops[:j], new, *stops[j:]]) + 1e-9


def test_a_stop_where_the_operator_stands_is_taken_first():
	here = PickLocation(aisle=1, bay=3)
	assert insertion_index(LAYOUT, here, [PickLocation(aisle=4, bay=10)], here) == 0
