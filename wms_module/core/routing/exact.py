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
from functools import cache, lru_cache

from wms_module.core.layout import PickLocation as _PickLocation

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


# long: the Roodbergen-de Koster dynamic program: states, transitions and the walk read back are one recurrence
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


# -- length only ------------------------------------------------------------------------------
#
# Batching asks for the lengths of thousands of tours and never looks at the tours. The DP
# above depends on a location set only through, per aisle and block segment, the lowest and
# the highest pick and the largest gap between two neighbouring picks (the costs of LOW, HIGH
# and GAP); everything else is the layout. :class:`LengthSolver` reduces a location set to that
# *canonical key* (one entry per column, from one sort of integer codes) and runs the same DP
# without back-pointers, over integer states: per column, the vertical step uses the column's
# option costs (memoised per column key) and the transitions of its availability (memoised per
# availability tuple); the step to the next column uses tables built once per layout column
# (its dx and whether the depot is on it). Lengths are memoised per canonical key, so equal
# keys from different location sets cost one DP.


class LengthSolver:
	"""Exact tour length (no sequence, no path) on one ``WarehouseLayout`` with 1 or 2 blocks.

	``LengthSolver(layout).length(locations) == solve(layout, locations)[0]`` (up to float
	rounding); see the comment above for how it is computed. Memos are bounded by
	``max_cached`` entries each (a full memo starts over). Calling the solver is ``length``.
	"""

	# long: the transition tables of the dynamic program, built once per layout next to the program they serve
	def __init__(self, layout, max_cached: int = 100_000) -> None:
		self.layout = layout
		self.max_cached = max_cached
		k = self.k = layout.n_blocks + 1
		vertical, horizontal = _tables(k)
		index: dict = {}
		for st in vertical:
			index.setdefault(st, len(index))
		for (st, _row), lst in horizontal.items():
			index.setdefault(st, len(index))
			for _h, _c, ns in lst:
				index.setdefault(ns, len(index))
		self.n_states = len(index)
		self.empty = index[EMPTY]
		self._index = index
		self._states = sorted(index, key=index.get)
		self._vertical_raw = vertical
		self._vertical: dict = {}  # availability -> (option combinations, per state [(combo, state)])
		self._columns: dict = {}  # column key -> (cost per combination, per state [(combo, state)])
		self._lengths: dict = {}  # canonical key -> length
		self._lower: dict = {}  # canonical key -> proven lower bound (from length_below)
		self.evaluations = 0  # DP runs (memo misses)

		# the layout's columns, left to right: every aisle, plus the depot between two aisles
		self.bay_y = layout._bay_y
		self.bay_width = layout.bay_width
		self.bay_block = layout._bay_block
		self.rows_y = layout.cross_aisle_y
		self.n_aisles = layout.n_aisles
		self.n_bays = layout.bays_per_aisle
		depot_x, _ = layout.depot_point
		depot_aisle = layout.depot.aisle
		depot_row = layout.depot.cross_aisle
		depot_is_aisle = layout._on_aisle_line(depot_x)
		xs: list[float] = []
		template: list = []
		col_of_aisle = []
		depot_col = -1
		for a in range(layout.n_aisles):
			if not depot_is_aisle and a - 1 < depot_aisle < a:
				depot_col = len(xs)
				xs.append(depot_x)
				template.append("depot")
			if depot_is_aisle and abs(a - depot_aisle) < 1e-9:
				depot_col = len(xs)
			col_of_aisle.append(len(xs))
			xs.append(a * layout.aisle_spacing)
			template.append(None)
		self._template = template
		self._xs = xs
		self._depot_col = depot_col
		self.col_of_aisle = col_of_aisle
		self.depot_first_col = col_of_aisle[math.floor(depot_aisle + 1e-9)]
		self.depot_last_col = col_of_aisle[math.ceil(depot_aisle - 1e-9)]
		# leaving column i: per state after its aisle, [(state at column i + 1, cross-aisle cost)];
		# closing the tour at column i: per state after its aisle, may the tour end here
		zero = (0,) * k
		self._next = []
		self._close = []
		for i in range(len(xs)):
			row = depot_row if i == depot_col else -1
			dx = xs[i + 1] - xs[i] if i + 1 < len(xs) else 0.0
			steps = []
			closable = []
			for st in self._states:
				lst = horizontal.get((st, row), ())
				steps.append(tuple((index[ns], dx * copies) for _h, copies, ns in lst))
				closable.append(any(h == zero and ns == CLOSED for h, _c, ns in lst))
			self._next.append(steps)
			self._close.append(closable)

	# -- canonical key ----------------------------------------------------------------------

	def key(self, locations) -> tuple:
		"""``(first column, column keys...)`` of ``PickLocation`` s: all the DP depends on.

		A column key is ``None`` for an aisle without picks, ``"depot"`` for the depot's own
		column (between two aisles), else ``(lowest bay, highest bay, largest gap in bays)`` of
		the aisle's picks (two blocks: a pair of such triples or ``None``, front block first).
		"""
		n_bays = self.n_bays
		bad = self._bad
		codes = [
			(loc.aisle << 32) | loc.bay if loc.__class__ is _PickLocation and loc.bay < n_bays else bad(loc)
			for loc in locations
		]
		if not codes:
			return ()
		codes.sort()
		if codes[-1] >> 32 >= self.n_aisles:  # (locations may be a one-shot iterator)
			self.layout.check(_PickLocation(codes[-1] >> 32, codes[-1] & 0xFFFFFFFF))
		cols = self._template[:]
		col_of_aisle = self.col_of_aisle
		if self.k == 2:
			cur = -1
			lo = hi = gap = 0
			for code in codes:
				a = code >> 32
				b = code & 0xFFFFFFFF
				if a != cur:
					if cur >= 0:
						cols[col_of_aisle[cur]] = (lo, hi, gap)
					cur = a
					lo = hi = b
					gap = 0
				else:
					d = b - hi
					if d > gap:
						gap = d
					hi = b
			cols[col_of_aisle[cur]] = (lo, hi, gap)
		else:
			per: dict = {}
			for code in codes:
				per.setdefault(code >> 32, []).append(code & 0xFFFFFFFF)
			for a, bays in per.items():
				cols[col_of_aisle[a]] = self._blocks_key(bays)
		first = min(col_of_aisle[codes[0] >> 32], self.depot_first_col)
		last = max(col_of_aisle[codes[-1] >> 32], self.depot_last_col)
		return (first, *cols[first : last + 1])

	def _bad(self, loc) -> int:
		"""The code of an unusual location (a ``PickLocation`` subclass) or the layout's error."""
		self.layout.check(loc)
		return (loc.aisle << 32) | loc.bay

	def _blocks_key(self, bays: list[int]) -> tuple:
		block = self.bay_block
		segs: list = [[] for _ in range(self.k - 1)]
		for b in bays:  # sorted
			segs[block[b]].append(b)
		return tuple(
			(s[0], s[-1], max(map(int.__sub__, s[1:], s[:-1]), default=0)) if s else None for s in segs
		)

	# -- the DP ---------------------------------------------------------------------------------

	def length(self, locations) -> float:
		"""Length of the optimal tour through ``locations`` (PickLocations; duplicates allowed)."""
		key = self.key(locations)
		got = self._lengths.get(key)
		if got is not None:
			return got
		value = self._run(key)[0]
		if len(self._lengths) >= self.max_cached:
			self._lengths.clear()
		self._lengths[key] = value
		return value

	def length_below(self, locations, bound: float) -> tuple[float, bool]:
		"""``(length, True)`` if it is below ``bound``; else possibly ``(lower bound >= bound, False)``.

		For searches that only need the length when it beats a threshold: the DP stops as soon
		as its lower bound reaches ``bound``. An exact length is also returned (with True)
		when it is known or the DP finished anyway.
		"""
		key = self.key(locations)
		got = self._lengths.get(key)
		if got is not None:
			return got, True
		lower = self._lower.get(key)
		if lower is not None and lower >= bound:
			return lower, False
		value, exact = self._run(key, bound)
		memo = self._lengths if exact else self._lower
		if len(memo) >= self.max_cached:
			memo.clear()
		memo[key] = value
		return value, exact

	__call__ = length

	# long: the dynamic program's column loop with its lower bound, one recurrence
	def _run(self, key: tuple, bound: float = math.inf) -> tuple[float, bool]:
		"""``(length, True)``; or ``(lower bound >= bound, False)`` once the DP proves one.

		The lower bound after column ``c``: the cheapest state so far, plus the cheapest
		vertical option of every column still to come, plus two crossings of every cross-aisle
		stretch right of ``c`` with a pick or the depot on both sides (a closed tour crosses
		each such cut at least twice).
		"""
		if not key:
			return 0.0, True
		self.evaluations += 1
		inf = math.inf
		columns = self._columns
		c = key[0]
		last = c + len(key) - 2
		cols = [columns.get(k) or self._column(k) for k in key[1:]]
		bounded = bound < inf
		if bounded:
			rest = [0.0] * (len(cols) + 1)
			for i in range(len(cols) - 1, -1, -1):
				rest[i] = rest[i + 1] + cols[i][2]
			xs = self._xs
			# the tour must reach every column from the leftmost to the rightmost one with a
			# pick or the depot (the DP's range may include empty aisles beyond them)
			picked = [c + i for i, k in enumerate(key[1:]) if k is not None and k != "depot"]
			need_lo = min(picked[0], self._depot_col)
			need_hi = max(picked[-1], self._depot_col)
		hz = self._next
		vec = ((self.empty, 0.0),)
		for costs, rows, _ in cols:
			mid: dict = {}
			get = mid.get
			for s, base in vec:
				for ci, m in rows[s]:
					v = base + costs[ci]
					if v < get(m, inf):
						mid[m] = v
			if c == last:
				break
			if bounded:
				lb = min(mid.values()) + rest[c - key[0] + 1]
				left = c if c > need_lo else need_lo
				if need_hi > left:
					lb += 2 * (xs[need_hi] - xs[left])
				if lb >= bound:
					return lb, False
			new: dict = {}
			get = new.get
			steps = hz[c]
			for m, base in mid.items():
				for ns, const in steps[m]:
					v = base + const
					if v < get(ns, inf):
						new[ns] = v
			vec = new.items()
			c += 1
		closable = self._close[c]
		best = min([base for m, base in mid.items() if closable[m]], default=inf)
		if best == inf:  # pragma: no cover - every instance has a tour
			raise AssertionError("routing DP found no tour")
		return best, True

	def _column(self, col_key):
		"""``(cost per option combination, per state [(combination, state after the aisle)], min cost)``."""
		avail, seg_costs = self._column_costs(col_key)
		entry = self._vertical.get(avail)
		if entry is None:
			combos = _product([_AVAILABLE[a] for a in avail])
			index = self._index
			rows = []
			for st in self._states:
				table = self._vertical_raw.get(st, {})
				rows.append(
					tuple((ci, index[table[o]]) for ci, o in enumerate(combos) if table.get(o) is not None)
				)
			entry = self._vertical[avail] = (combos, rows)
		combos, rows = entry
		if self.k == 2:
			c0 = seg_costs[0]
			costs = [c0[o[0]] for o in combos]
		else:
			costs = [sum(seg_costs[s][o[s]] for s in range(self.k - 1)) for o in combos]
		if len(self._columns) >= self.max_cached:
			self._columns.clear()
		col = self._columns[col_key] = (costs, rows, min(costs))
		return col

	def _column_costs(self, col_key):
		"""``(availability per segment, option costs per segment)`` of one column key."""
		k = self.k
		rows = self.rows_y
		if col_key == "depot":
			return (3,) * (k - 1), [[0.0] + [math.inf] * 5 for _ in range(k - 1)]
		segs = (col_key,) if k == 2 else (col_key or (None,) * (k - 1))
		avail = []
		seg_costs = []
		for s, sk in enumerate(segs):
			cst, av = self._key_costs(sk, rows[s], rows[s + 1])
			seg_costs.append(cst)
			avail.append(av)
		return tuple(avail), seg_costs

	def _key_costs(self, seg_key, lo: float, hi: float):
		""":func:`_segment_costs` from a segment key ``(lowest, highest, largest gap)`` in bays."""
		if seg_key is None:
			return _segment_costs([], lo, hi)
		y = self.bay_y
		first, last, gap = seg_key
		if first == last:
			return _segment_costs([y[first]], lo, hi)
		costs, _ = _segment_costs([y[first], y[last]], lo, hi)
		# inside one block neighbouring bays are bay_width apart, so the gap scales
		costs[GAP] = 2 * ((hi - lo) - gap * self.bay_width)
		return costs, 2


@lru_cache(maxsize=16)
def length_solver(layout) -> LengthSolver:
	"""A shared :class:`LengthSolver` for ``layout`` (used by ``routing.route_length``)."""
	return LengthSolver(layout, max_cached=4096)
