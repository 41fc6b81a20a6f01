"""Example route drawings for docs/img, if the routing package has a renderer."""

from __future__ import annotations

import importlib
import random
from pathlib import Path

from .instances import HENN, random_pick_list


def _renderer():
	for mod_name in (
		"wms_module.core.render",
		"wms_module.core.routing.render",
		"wms_module.core.routing.svg",
	):
		try:
			mod = importlib.import_module(mod_name)
		except ImportError:
			continue
		for fn in ("route_svg", "render_route_svg", "render_svg", "to_svg", "render"):
			if callable(getattr(mod, fn, None)):
				return getattr(mod, fn)
	return None


def write_examples(directory: Path) -> list[Path]:
	"""Draw example routes; returns the files written ([] without a renderer).

	One 20-pick instance on the one-block Henn layout with a few methods, the same picks on
	two blocks (exact) and three blocks (improvement heuristic), and 12 picks on a free graph
	of bin coordinates.
	"""
	render = _renderer()
	if render is None:
		return []
	from dataclasses import replace

	from wms_module.core.layout import PickLocation, WarehouseLayout
	from wms_module.core.routing import route

	from .instances import random_bin_graph

	layout = WarehouseLayout(**HENN.kwargs())
	locs = random_pick_list(20, random.Random(20), location=PickLocation)
	directory.mkdir(parents=True, exist_ok=True)
	drawings = [
		(f"route_{m}_20picks.svg", layout, locs, m, "one block")
		for m in ("optimal", "s_shape", "largest_gap", "combined")
	]
	for n_blocks in (2, 3):
		lay = WarehouseLayout(**replace(HENN, n_blocks=n_blocks).kwargs())
		drawings.append((f"route_best_{n_blocks}blocks_20picks.svg", lay, locs, "best", f"{n_blocks} blocks"))
	rng = random.Random(12)
	graph = random_bin_graph(80, rng)
	picks = rng.sample([n for n in graph.nodes if n != graph.depot], 12)
	drawings.append(("route_best_graph_12picks.svg", graph, picks, "best", "free graph"))
	out = []
	for name, lay, stops, method, label in drawings:
		r = route(lay, stops, method=method)
		title = f"{label}, {r.method}: {r.length:.1f} m, {len(r.sequence)} picks"
		try:
			svg = render(lay, r, title=title)
		except TypeError:
			svg = render(lay, r)
		path = directory / name
		path.write_text(svg if isinstance(svg, str) else svg.decode())
		out.append(path)
	return out
