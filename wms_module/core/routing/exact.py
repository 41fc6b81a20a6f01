"""Exact picker routing on parallel-aisle layouts: a column-by-column dynamic programme.

This is the Ratliff & Rosenthal (1983) dynamic programme, written as a frontier DP so the
same code serves one block (RR) and two blocks (Roodbergen & de Koster 2001, a middle cross
aisle): the aisles are processed left to right; a *partial tour subgraph* left of the current
column is summarised by the state of the column's ``k = n_blocks + 1`` cross-aisle vertices:

* per vertex: degree zero, or the component it belongs to and the parity of its degree;
* plus two special states, ``EMPTY`` (nothing placed yet) and ``CLOSED`` (a finished tour
  lies to the left, nothing may be added).

For ``k = 2`` the reachable non-special states are exactly RR's seven equivalence classes
(``(U,U,1C) (0,E,1C) (E,0,1C) (E,E,1C) (E,E,2C) (0,0,0C) (0,0,1C)``; here ``(0,0,0C)`` is
``EMPTY`` and ``(0,0,1C)`` is ``CLOSED``). For ``k = 3`` the same construction yields the
extended state space of Roodbergen & de Koster's middle-aisle algorithm (25 reachable states
here, generated rather than tabulated by hand). States and transitions depend only on
``k`` and are generated once (:func:`_tables`); a route then costs one pass over the columns
with a few dictionary look-ups per state.

Transitions per column:

* *vertical* (within the aisle, one choice per block segment between cross aisles ``s`` and
  ``s + 1``): ``NONE`` (empty segment only), ``TRAVERSE`` (once through), ``DOUBLE`` (twice
  through), ``LOW`` (in and back from cross aisle ``s`` up to the farthest pick),
  ``HIGH`` (the same from ``s + 1``), ``GAP`` (both ends, leaving the largest gap between
  two picks unwalked);
* *horizontal* (to the next column, per cross aisle): 0, 1 or 2 copies of the cross-aisle
  edge. A column's vertices must have even degree when the DP leaves them, and every
  component must continue to the right unless it is the whole tour.

The optimal subgraph found this way is then walked as an Euler circuit from the depot,
which gives the visiting sequence and the drawn path.
"""

from __future__ import annotations

import math
from functools import cache

NONE, TRAVERSE, DOUBLE, LOW, HIGH, GAP = range(6)
# vertical options per segment "availability": 0 = no picks, 1 = picks at one height,
# 2 = picks at two or more heights, 3 = no aisle at all (a depot between two aisles)
_AVAILABLE = {
	0: (NONE, TRAVERSE, DOUBLE),
	1: (TRAVERSE, DOUBLE, LOW, HIGH),
	2: (TRAVERSE, DOUBLE, LOW, HIGH, GAP),
	3: (NONE,),
}
EMPTY = "empty"
CLOSED = "closed"


def _normalise(comp: list[int], par: list[int]) -> tuple[int, ...]:
	"""Encode vertex statuses as a tuple: 0 = no degree, else ``2 * component + parity``."""
	relabel = {}
	out = []
	for c, p in zip(comp, par, strict=True):
		if c == 0:
			out.append(0)
		else:
			if c not in relabel:
				relabel[c] = len(relabel) + 1
			out.append(2 * relabel[c] + p)
	return tuple(out)


def _vertical(state, opts: tuple[int, ...], k: int):
	"""State after adding the aisle's vertical edges (one option per segment), or None."""
	if state == CLOSED:
		return CLOSED if all(o == NONE for o in opts) else None
	if state == EMPTY:
		state = (0,) * k
	comp = [c >> 1 for c in state]
	par = [c & 1 for c in state]
	fresh = k + 1

	def touch(v):
		nonlocal fresh
		if comp[v] == 0:
			comp[v] = fresh
			fresh += 1

	for s, o in enumerate(opts):
		lo, hi = s, s + 1
		if o == NONE:
			continue
		if o in (TRAVERSE, DOUBLE):
			touch(lo)
			touch(hi)
			a, b = comp[lo], comp[hi]
			if a != b:
				comp[:] = [a if c == b else c for c in comp]
			if o == TRAVERSE:
				par[lo] ^= 1
				par[hi] ^= 1
		elif o == LOW:
			touch(lo)
		elif o == HIGH:
			touch(hi)
		else:  # GAP
			touch(lo)
			touch(hi)
	out = _normalise(comp, par)
	return EMPTY if not any(out) else out


def _horizontal(state, h: tuple[int, ...], k: int, depot_row: int):
	"""State after leaving the column with ``h[r]`` copies of each cross-aisle edge, or None.

	``depot_row`` (or -1): the depot is this column's vertex on that cross aisle, so it must
	end up with positive degree; it is also the only vertex allowed to start a spur (a
	there-and-back walk from the next column) while having no degree of its own.
	"""
	if depot_row >= 0:
		status = 0 if state in (EMPTY, CLOSED) else state[depot_row]
		if status == 0 and h[depot_row] == 0:
			return None
	if state == CLOSED:
		return CLOSED if not any(h) else None
	if state == EMPTY:
		state = (0,) * k
	comp = [c >> 1 for c in state]
	par = [c & 1 for c in state]
	for r in range(k):
		if (par[r] + h[r]) & 1:
			return None
		if comp[r] == 0 and h[r] and r != depot_row:
			return None
	present = {c for c in comp if c}
	continuing = {comp[r] for r in range(k) if comp[r] and h[r]}
	if present - continuing:
		if len(present) == 1 and not any(h):
			return CLOSED
		return None
	new_comp = []
	fresh = k + 1
	for r in range(k):
		if h[r] == 0:
			new_comp.append(0)
		elif comp[r]:
			new_comp.append(comp[r])
		else:
			new_comp.append(fresh)
			fresh += 1
	out = _normalise(new_comp, [x & 1 for x in h])
	return EMPTY if not any(out) else out


def _product(options_per_segment):
	combos = [()]
	for opts in options_per_segment:
		combos = [c + (o,) for c in combos for o in opts]
	return combos


@cache
def _tables(k: int):
	"""All reachable states for ``k`` cross aisles and their transition tables.

	Returns ``(vertical, horizontal)``: ``vertical[state][opts] -> state``;
	``horizontal[(state, depot_row)] -> [(h, copies, state), ...]``.
	"""
	all_opts = _product([range(6)] * (k - 1))
	all_h = _product([range(3)] * k)
	vertical: dict = {}
	horizontal: dict = {}
	seen = {EMPTY}
	todo = [EMPTY]
	while todo:
		st = todo.pop()
		vt = vertical.setdefault(st, {})
		for opts in all_opts:
			ns = _vertical(st, opts, k)
			if ns is None:
				continue
			vt[opts] = ns
			for depot_row in range(-1, k):
				key = (ns, depot_row)
				if key in horizontal:
					continue
				lst = horizontal[key] = []
				for h in all_h:
					ns2 = _horizontal(ns, h, k, depot_row)
					if ns2 is None:
						continue
					lst.append((h, sum(h), ns2))
					if ns2 not in seen:
						seen.add(ns2)
						todo.append(ns2)
	return vertical, horizontal


class _Column:
	__slots__ = ("x", "aisle", "segments", "avail", "combos")

	def __init__(self, x, aisle):
		self.x = x
		self.aisle = aisle  # None for a depot column between two aisles
		self.segments = None  # per segment: sorted distinct pick heights
		self.avail = None
		self.combos = None


def _segment_costs(ys: list[float], lo: float, hi: float):
	"""Cost of each vertical option on one block segment of one aisle."""
	length = hi - lo
	costs = [math.inf] * 6
	costs[TRAVERSE] = length
	costs[DOUBLE] = 2 * length
	if not ys:
		costs[NONE] = 0.0
		return costs, 0
	costs[LOW] = 2 * (ys[-1] - lo)
	costs[HIGH] = 2 * (hi - ys[0])
	if len(ys) == 1:
		return costs, 1
	gap = max(b - a for a, b in zip(ys, ys[1:], strict=False))
	costs[GAP] = 2 * (length - gap)
	return costs, 2


def solve(layout, locations) -> tuple[float, list[tuple[float, float]]]:
	"""Optimal tour over ``locations`` (distinct, validated ``PickLocation``): ``(length, walk)``.

	``walk`` is the list of points of an Euler circuit starting and ending at the depot.
	"""
	k = layout.n_blocks + 1
	vertical, horizontal = _tables(k)
	ys_rows = layout.cross_aisle_y
	spacing = layout.aisle_spacing
	bay_y = layout._bay_y
	bay_block = layout._bay_block
	depot_x, _ = layout.depot_point
	depot_row = layout.depot.cross_aisle

	# picks per aisle and block segment
	per_aisle: dict[int, list[list[float]]] = {}
	for loc in locations:
		segs = per_aisle.get(loc.aisle)
		if segs is None:
			segs = per_aisle[loc.aisle] = [[] for _ in range(k - 1)]
		segs[bay_block[loc.bay]].append(bay_y[loc.bay])
	depot_aisle = layout.depot.aisle
	depot_is_aisle = layout._on_aisle_line(depot_x)
	lo = min(min(per_aisle), math.floor(depot_aisle + 1e-9))
	hi = max(max(per_aisle), math.ceil(depot_aisle - 1e-9))
	columns: list[_Column] = []
	depot_col = -1
	for a in range(lo, hi + 1):
		if not depot_is_aisle and a - 1 < depot_aisle < a:
			depot_col = len(columns)
			columns.append(_Column(depot_x, None))
		col = _Column(a * spacing, a)
		if depot_is_aisle and abs(a - depot_aisle) < 1e-9:
			depot_col = len(columns)
		columns.append(col)

	# per-column option costs and allowed option combinations
	combo_cache: dict = {}
	for col in columns:
		if col.aisle is None:
			col.segments = [[] for _ in range(k - 1)]
			seg_costs = [[0.0] + [math.inf] * 5 for _ in range(k - 1)]
			avail = (3,) * (k - 1)
		else:
			segs = per_aisle.get(col.aisle)
			if segs is None:
				segs = [[] for _ in range(k - 1)]
			seg_costs = []
			av = []
			for s, ys in enumerate(segs):
				ys.sort()
				c, a = _segment_costs(ys, ys_rows[s], ys_rows[s + 1])
				seg_costs.append(c)
				av.append(a)
			col.segments = segs
			avail = tuple(av)
		col.avail = avail
		opts_list = combo_cache.get(avail)
		if opts_list is None:
			opts_list = combo_cache[avail] = _product([_AVAILABLE[a] for a in avail])
		if k == 2:
			c0 = seg_costs[0]
			col.combos = [(o, c0[o[0]]) for o in opts_list]
		else:
			col.combos = [(o, sum(seg_costs[s][o[s]] for s in range(k - 1))) for o in opts_list]

	# the DP
	dp = {EMPTY: 0.0}
	back = []  # per step: {state: (previous state, choice)}
	inf = math.inf
	for ci, col in enumerate(columns):
		if ci:
			dx = col.x - columns[ci - 1].x
			row = depot_row if ci - 1 == depot_col else -1
			new: dict = {}
			bp: dict = {}
			for st, cost in dp.items():
				for h, copies, ns in horizontal[(st, row)]:
					v = cost + dx * copies
					if v < new.get(ns, inf):
						new[ns] = v
						bp[ns] = (st, h)
			back.append(bp)
			dp = new
		new = {}
		bp = {}
		combos = col.combos
		for st, cost in dp.items():
			vt = vertical[st]
			for opts, c in combos:
				ns = vt.get(opts)
				if ns is None:
					continue
				v = cost + c
				if v < new.get(ns, inf):
					new[ns] = v
					bp[ns] = (st, opts)
		back.append(bp)
		dp = new
	# close the last column
	row = depot_row if depot_col == len(columns) - 1 else -1
	best = inf
	best_state = None
	zero = (0,) * k
	for st, cost in dp.items():
		for h, _copies, ns in horizontal[(st, row)]:
			if h == zero and ns == CLOSED and cost < best:
				best, best_state = cost, st
	if best_state is None:  # pragma: no cover - every instance has a tour
		raise AssertionError("routing DP found no tour")

	# backtrack the choices
	choices = []
	st = best_state
	for bp in reversed(back):
		prev, choice = bp[st]
		choices.append(choice)
		st = prev
	choices.reverse()  # vertical(col0), horizontal(0->1), vertical(col1), ...

	# build the multigraph and walk it
	edges: list[tuple] = []
	for ci, col in enumerate(columns):
		opts = choices[2 * ci]
		if col.aisle is not None:
			x = col.x
			for s, o in enumerate(opts):
				if o == NONE:
					continue
				ys = col.segments[s]
				chain = [ys_rows[s], *ys, ys_rows[s + 1]]
				n = len(chain) - 1  # sub-edges 0..n-1
				if o == TRAVERSE:
					mult = [1] * n
				elif o == DOUBLE:
					mult = [2] * n
				elif o == LOW:
					mult = [2] * (n - 1) + [0]
				elif o == HIGH:
					mult = [0] + [2] * (n - 1)
				else:
					gaps = [chain[i + 1] - chain[i] for i in range(1, n - 1)]
					g = 1 + gaps.index(max(gaps))
					mult = [2] * n
					mult[g] = 0
				for i, m in enumerate(mult):
					for _ in range(m):
						edges.append(((x, chain[i]), (x, chain[i + 1])))
		if ci + 1 < len(columns):
			h = choices[2 * ci + 1]
			x2 = columns[ci + 1].x
			for r, m in enumerate(h):
				for _ in range(m):
					edges.append(((col.x, ys_rows[r]), (x2, ys_rows[r])))
	return best, _euler_walk(edges, layout.depot_point)


def _euler_walk(edges, start) -> list:
	if not edges:
		return [start]
	adj: dict = {}
	for i, (u, v) in enumerate(edges):
		adj.setdefault(u, []).append(i)
		adj.setdefault(v, []).append(i)
	used = [False] * len(edges)
	ptr = dict.fromkeys(adj, 0)
	stack = [start]
	circuit = []
	while stack:
		u = stack[-1]
		lst = adj[u]
		p = ptr[u]
		while p < len(lst) and used[lst[p]]:
			p += 1
		ptr[u] = p
		if p == len(lst):
			circuit.append(stack.pop())
		else:
			e = lst[p]
			used[e] = True
			a, b = edges[e]
			stack.append(b if a == u else a)
	circuit.reverse()
	return circuit
