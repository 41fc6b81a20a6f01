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
	"""Draw one 20-pick instance with a few methods; returns the files written ([] without a renderer)."""
	render = _renderer()
	if render is None:
		return []
	from wms_module.core.layout import PickLocation, WarehouseLayout
	from wms_module.core.routing import route

	layout = WarehouseLayout(**HENN.kwargs())
	locs = random_pick_list(20, random.Random(20), location=PickLocation)
	directory.mkdir(parents=True, exist_ok=True)
	out = []
	for method in ("optimal", "s_shape", "largest_gap", "combined"):
		r = route(layout, locs, method=method)
		try:
			svg = render(layout, r, title=f"{method}: {r.length:.1f} m, 20 picks")
		except TypeError:
			svg = render(layout, r)
		path = directory / f"route_{method}_20picks.svg"
		path.write_text(svg if isinstance(svg, str) else svg.decode())
		out.append(path)
	return out
