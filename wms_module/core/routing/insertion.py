"""A stop added to a walk already under way: where it costs the fewest extra metres.

A short pick re-allocates the rest of its line to another bin while the operator is out on the
tour. Re-routing the whole tour would reshuffle the stops the operator has already been told;
cheapest insertion keeps their order and slips the new stop in where the walk grows least.

>>> from wms_module.core.layout import WarehouseLayout, PickLocation
>>> layout = WarehouseLayout(n_aisles=4, bays_per_aisle=10, bay_width=1.0, aisle_spacing=3.0, cross_aisle_width=2.0)
>>> here, ahead = PickLocation(aisle=0, bay=1), [PickLocation(aisle=0, bay=2), PickLocation(aisle=2, bay=3)]
>>> insertion_index(layout, here, ahead, PickLocation(aisle=1, bay=5))  # between bay 2 and aisle 2
1
"""

from __future__ import annotations

from collections.abc import Sequence


def insertion_index(layout, start, stops: Sequence, new) -> int:
	"""Where ``new`` goes in the walk ``start`` -> ``stops`` -> depot so that the walk grows least.

	Returns ``i``: visit ``new`` just before ``stops[i]`` (``len(stops)``: after the last stop,
	on the way back to the depot). Ties go to the earliest place: the stop is not left for later.
	"""
	points = [start, *stops, layout.depot]
	best, best_extra = 0, float("inf")
	for i in range(len(points) - 1):
		a, b = points[i], points[i + 1]
		extra = layout.distance(a, new) + layout.distance(new, b) - layout.distance(a, b)
		if extra < best_extra - 1e-9:
			best, best_extra = i, extra
	return best
