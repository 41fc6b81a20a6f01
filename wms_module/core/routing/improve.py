"""Improvement heuristic: 2-opt and Or-opt on the walking-distance matrix.

Used for layouts without an exact router (three or more blocks, free graphs). Seeds: the
classic heuristics' sequences on a parallel-aisle layout and a nearest-neighbour tour (the
only seed on a graph). From each seed, local search applies improving 2-opt reversals and
Or-opt moves (a run of 1-3 stops moved elsewhere, either way round) until none is left;
the shortest local optimum wins, so the result is never longer than any seed.
"""

from __future__ import annotations

from wms_module.core.errors import InvalidInput
from wms_module.core.layout import GraphLayout

__all__ = ["improved_sequence", "local_search", "walk_of"]

_EPS = 1e-9


def _matrix(layout, locs) -> list[list[float]]:
	pts = [layout.depot, *locs]
	n = len(pts)
	if isinstance(layout, GraphLayout):
		d = []
		for a in pts:
			dist, _ = layout.shortest_paths(a)
			row = []
			for b in pts:
				if b not in dist:
					raise InvalidInput(f"pick location {b!r} cannot be reached from {a!r}")
				row.append(dist[b])
			d.append(row)
		return d
	d = [[0.0] * n for _ in range(n)]
	for i in range(n):
		for j in range(i + 1, n):
			d[i][j] = d[j][i] = layout.distance(pts[i], pts[j])
	return d


def _tour_length(d, tour) -> float:
	t = [0, *tour, 0]
	return sum(d[t[k]][t[k + 1]] for k in range(len(t) - 1))


def _nearest_neighbour(d, n) -> list[int]:
	left = set(range(1, n + 1))
	cur = 0
	tour = []
	while left:
		nxt = min(left, key=lambda j: (d[cur][j], j))
		tour.append(nxt)
		left.remove(nxt)
		cur = nxt
	return tour


def local_search(d, tour: list[int]) -> list[int]:
	"""2-opt + Or-opt on a tour of indices 1..n (0 is the depot, implicit at both ends)."""
	t = [0, *tour, 0]
	m = len(t)
	improved = True
	while improved:
		improved = False
		# 2-opt: reverse t[i..j]
		for i in range(1, m - 2):
			a, b = t[i - 1], t[i]
			dab = d[a][b]
			for j in range(i + 1, m - 1):
				c, e = t[j], t[j + 1]
				if d[a][c] + d[b][e] - dab - d[c][e] < -_EPS:
					t[i : j + 1] = t[i : j + 1][::-1]
					improved = True
					b = t[i]
					dab = d[a][b]
		# Or-opt: move a run of 1..3 stops
		for seg in (1, 2, 3):
			i = 1
			while i + seg <= m - 1:
				run = t[i : i + seg]
				p, nx = t[i - 1], t[i + seg]
				gain = d[p][run[0]] + d[run[-1]][nx] - d[p][nx]
				rest = t[:i] + t[i + seg :]
				best_gain, best_j, best_flip = _EPS, None, False
				for j in range(len(rest) - 1):
					if j == i - 1:
						continue
					u, v = rest[j], rest[j + 1]
					duv = d[u][v]
					fwd = gain - (d[u][run[0]] + d[run[-1]][v] - duv)
					rev = gain - (d[u][run[-1]] + d[run[0]][v] - duv)
					if fwd > best_gain:
						best_gain, best_j, best_flip = fwd, j, False
					if rev > best_gain:
						best_gain, best_j, best_flip = rev, j, True
				if best_j is not None:
					ins = run[::-1] if best_flip else run
					t = rest[: best_j + 1] + ins + rest[best_j + 1 :]
					improved = True
				i += 1
	return t[1:-1]


def improved_sequence(layout, locs) -> tuple[list, float]:
	"""``(sequence, length)`` where length is depot -> legs -> depot by shortest walks."""
	d = _matrix(layout, locs)
	n = len(locs)
	index = {loc: k + 1 for k, loc in enumerate(locs)}
	seeds = [_nearest_neighbour(d, n)]
	if not isinstance(layout, GraphLayout):
		from wms_module.core.routing import _sequence_from_walk, heuristics

		for method in ("s_shape", "return", "midpoint", "largest_gap", "combined"):
			_, walk = heuristics.run(method, layout, locs)
			seeds.append([index[loc] for loc in _sequence_from_walk(layout, walk, locs)])
	tour = min((local_search(d, s) for s in seeds), key=lambda t: _tour_length(d, t))
	return [locs[k - 1] for k in tour], _tour_length(d, tour)


def walk_of(layout, sequence) -> list[tuple[float, float]]:
	"""The drawn path of a sequence: shortest walks between consecutive stops."""
	stops = [layout.depot, *sequence, layout.depot]
	if isinstance(layout, GraphLayout):
		out = [layout.point(layout.depot)]
		for a, b in zip(stops, stops[1:], strict=False):
			_, prev = layout.shortest_paths(a)
			nodes = [b]
			while nodes[-1] != a:
				nodes.append(prev[nodes[-1]])
			out.extend(layout.point(n) for n in reversed(nodes[:-1]))
		return out
	out = [layout.point(layout.depot)]
	for a, b in zip(stops, stops[1:], strict=False):
		_, pts = layout.grid_path(layout.point(a), layout.point(b))
		out.extend(pts[1:])
	return out
