"""The route SVG: well-formed XML with the layout, a marker per pick and the route path."""

import xml.etree.ElementTree as ET

import pytest

from wms_module.core.errors import InvalidInput
from wms_module.core.layout import Depot, GraphLayout, PickLocation, WarehouseLayout
from wms_module.core.routing import route
from wms_module.core.routing.render import render_route_svg

NS = {"svg": "http://www.w3.org/2000/svg"}


def by_class(root, cls):
	return [el for el in root.iter() if el.get("class") == cls]


@pytest.mark.parametrize("n_blocks", [1, 2, 3])
def test_svg_has_layout_picks_and_route(n_blocks):
	layout = WarehouseLayout(n_aisles=6, bays_per_aisle=20, n_blocks=n_blocks, depot=Depot(aisle=2.5))
	locs = [PickLocation(0, 3), PickLocation(5, 19), PickLocation(2, 10), PickLocation(2, 10)]
	r = route(layout, locs, method="best")
	root = ET.fromstring(render_route_svg(layout, r))
	assert root.tag == "{http://www.w3.org/2000/svg}svg"
	picks = by_class(root, "pick")
	assert len(picks) == 3  # duplicates drawn once
	assert sorted(int(p.get("data-seq")) for p in picks) == [1, 2, 3]
	assert {(int(p.get("data-aisle")), int(p.get("data-bay"))) for p in picks} == {(0, 3), (5, 19), (2, 10)}
	(path,) = by_class(root, "route")
	d = path.get("d")
	assert d.startswith("M") and d.count("L") >= 4
	assert len(by_class(root, "cross-aisle")) == n_blocks + 1
	assert len(by_class(root, "rack")) == 7 * n_blocks
	assert len(by_class(root, "depot")) == 1
	assert "best" not in root.find("svg:title", NS).text  # names the method actually used


def test_route_path_points_lie_inside_the_drawing():
	layout = WarehouseLayout(n_aisles=10, bays_per_aisle=45)
	r = route(layout, [PickLocation(a, (a * 11) % 45) for a in range(10)], method="optimal")
	root = ET.fromstring(render_route_svg(layout, r, scale=5))
	w, h = float(root.get("width")), float(root.get("height"))
	d = by_class(root, "route")[0].get("d")
	coords = [tuple(map(float, part.split())) for part in d[1:].split("L")]
	assert all(0 <= x <= w and 0 <= y <= h for x, y in coords)
	# front cross aisle at the bottom: the depot (front) is drawn below every pick
	depot_y = float(by_class(root, "depot")[0].get("y"))
	assert all(float(c.get("cy")) < depot_y for c in by_class(root, "pick"))


def test_layout_only_and_graph_layouts():
	layout = WarehouseLayout(n_aisles=3, bays_per_aisle=5, cross_aisle_width=0)
	root = ET.fromstring(render_route_svg(layout, picks=[PickLocation(1, 1)], title="A & B <zone>"))
	assert len(by_class(root, "pick")) == 1 and not by_class(root, "route")
	assert root.find("svg:title", NS).text == "A & B <zone>"
	g = GraphLayout.from_coordinates({"D": (0, 0), "A&1": (4, 3), "B": (8, 0)}, depot="D")
	root = ET.fromstring(render_route_svg(g, route(g, ["A&1", "B"])))
	assert [p.get("data-node") for p in by_class(root, "pick")] in (["A&1", "B"], ["B", "A&1"])
	assert by_class(root, "route")
	with pytest.raises(InvalidInput):
		render_route_svg(layout, picks=[PickLocation(7, 0)])


@pytest.mark.parametrize(
	"module",
	["wms_module.core.layout", "wms_module.core.routing", "wms_module.core.routing.render"],
)
def test_docstring_examples_stay_true(module):
	import doctest
	import importlib

	result = doctest.testmod(importlib.import_module(module))
	assert result.attempted > 0 and result.failed == 0
