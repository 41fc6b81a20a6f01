"""Warehouse layout geometry and walking distances."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wms_module.core.errors import InvalidInput
from wms_module.core.layout import Depot, GraphLayout, PickLocation, WarehouseLayout


def layout_10x45(**kw):
	return WarehouseLayout(
		n_aisles=10, bays_per_aisle=45, bay_width=1.0, aisle_spacing=3.0, cross_aisle_width=2.0, **kw
	)


def test_coordinates_follow_the_documented_model():
	layout = layout_10x45()
	assert layout.cross_aisle_y == (0.0, 47.0)
	assert layout.point(PickLocation(aisle=0, bay=0)) == (0.0, 1.5)
	assert layout.point(PickLocation(aisle=3, bay=44)) == (9.0, 45.5)
	assert layout.point(layout.depot) == (0.0, 0.0)


def test_two_blocks_split_the_bays_at_the_middle_cross_aisle():
	layout = layout_10x45(n_blocks=2)
	assert layout.block_first_bay == (0, 22, 45)
	assert layout.cross_aisle_y == (0.0, 24.0, 49.0)
	assert layout.block_of(PickLocation(aisle=0, bay=21)) == 0
	assert layout.block_of(PickLocation(aisle=0, bay=22)) == 1
	# bay 22 is the first bay behind the middle cross aisle (centre 24, half width 1)
	assert layout.point(PickLocation(aisle=0, bay=22)) == (0.0, 25.5)


def test_distance_within_an_aisle_is_straight():
	layout = layout_10x45(n_blocks=2)
	assert layout.distance(PickLocation(aisle=2, bay=3), PickLocation(aisle=2, bay=40)) == pytest.approx(39.0)


def test_distance_between_aisles_uses_the_nearer_cross_aisle():
	layout = layout_10x45()
	near_front = layout.distance(PickLocation(aisle=0, bay=2), PickLocation(aisle=4, bay=3))
	assert near_front == pytest.approx(3.5 + 12.0 + 4.5)
	near_back = layout.distance(PickLocation(aisle=0, bay=43), PickLocation(aisle=4, bay=44))
	assert near_back == pytest.approx((47 - 44.5) + 12.0 + (47 - 45.5))
	# middle: 22.5 down or 24.5 up
	mid = layout.distance(PickLocation(aisle=0, bay=21), PickLocation(aisle=1, bay=21))
	assert mid == pytest.approx(2 * 22.5 + 3.0)


def test_distance_uses_the_middle_cross_aisle():
	layout = layout_10x45(n_blocks=2)
	a, b = PickLocation(aisle=0, bay=20), PickLocation(aisle=5, bay=23)
	# bay 20 at y=21.5, middle aisle at 24, bay 23 at y=26.5
	assert layout.distance(a, b) == pytest.approx(2.5 + 15.0 + 2.5)


def test_depot_between_aisles_and_on_the_back():
	layout = layout_10x45(depot=Depot(aisle=4.5, cross_aisle=1))
	assert layout.point(layout.depot) == (13.5, 47.0)
	assert layout.distance(layout.depot, PickLocation(aisle=4, bay=44)) == pytest.approx(1.5 + 1.5)


@pytest.mark.parametrize(
	"loc, message",
	[
		(PickLocation(aisle=10, bay=0), "aisle must be in 0..9"),
		(PickLocation(aisle=0, bay=45), "bay must be in 0..44"),
		("A-01", "PickLocation"),
	],
)
def test_locations_outside_the_layout_are_rejected(loc, message):
	with pytest.raises(InvalidInput, match=message):
		layout_10x45().distance(layout_10x45().depot, loc)


def test_negative_bay_is_rejected_with_its_name():
	with pytest.raises(InvalidInput, match="PickLocation.bay must be >= 0"):
		PickLocation(aisle=1, bay=-1)


@pytest.mark.parametrize(
	"kwargs, message",
	[
		({"n_aisles": 0}, "n_aisles must be >= 1"),
		({"bay_width": 0}, "bay_width must be > 0"),
		({"n_blocks": 46}, "n_blocks must be <= bays_per_aisle"),
		({"depot": Depot(aisle=12)}, "depot aisle must be in 0..9"),
		({"depot": Depot(aisle=0, cross_aisle=2)}, "depot cross_aisle must be in 0..1"),
	],
)
def test_invalid_layouts_name_the_field(kwargs, message):
	args = {"n_aisles": 10, "bays_per_aisle": 45, "bay_width": 1.0, "aisle_spacing": 3.0}
	args.update(kwargs)
	with pytest.raises(InvalidInput, match=message):
		WarehouseLayout(**args)


def test_from_mapping_reads_warehouse_layout_fields():
	layout = WarehouseLayout.from_mapping(
		{
			"n_aisles": "6",
			"bays_per_aisle": 20,
			"bay_width": 1.2,
			"aisle_spacing": 2.5,
			"cross_aisle_width": 3,
			"cross_aisles": 3,
			"depot_aisle": 2.5,
			"depot_cross_aisle": 0,
		}
	)
	assert (layout.n_aisles, layout.n_blocks, layout.depot) == (6, 2, Depot(aisle=2.5, cross_aisle=0))
	with pytest.raises(InvalidInput, match="bays_per_aisle"):
		WarehouseLayout.from_mapping({"n_aisles": 3})


locations = st.builds(PickLocation, aisle=st.integers(0, 5), bay=st.integers(0, 11))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 3), locations, locations, locations)
def test_distance_is_a_metric(n_blocks, a, b, c):
	layout = WarehouseLayout(n_aisles=6, bays_per_aisle=12, aisle_spacing=2.5, n_blocks=n_blocks)
	assert layout.distance(a, a) == 0
	assert layout.distance(a, b) == pytest.approx(layout.distance(b, a))
	assert layout.distance(a, c) <= layout.distance(a, b) + layout.distance(b, c) + 1e-9
	if a != b:
		assert layout.distance(a, b) > 0
	length, pts = layout.grid_path(layout.point(a), layout.point(b))
	assert length == pytest.approx(layout.distance(a, b))
	walked = sum(abs(p[0] - q[0]) + abs(p[1] - q[1]) for p, q in zip(pts, pts[1:], strict=False))
	assert walked == pytest.approx(length)
	for p, q in zip(pts, pts[1:], strict=False):
		assert p[0] == q[0] or p[1] == q[1]  # walks along aisles or cross aisles only


def test_graph_layout_shortest_paths():
	g = GraphLayout.from_coordinates(
		{"D": (0, 0), "A": (0, 10), "B": (10, 10), "C": (10, 0)},
		edges=[("D", "A"), ("A", "B"), ("B", "C"), ("D", "C", 25)],
		depot="D",
	)
	assert g.distance("D", "C") == pytest.approx(25.0)
	assert g.distance("D", "B") == pytest.approx(20.0)
	with pytest.raises(InvalidInput, match="not a node"):
		g.distance("D", "Z")
	with pytest.raises(InvalidInput, match="unknown node"):
		GraphLayout.from_coordinates({"D": (0, 0)}, edges=[("D", "X")], depot="D")
