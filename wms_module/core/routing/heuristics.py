"""Classic routing heuristics for parallel-aisle layouts (Hall 1993, Petersen 1997,
Roodbergen & de Koster 2001, "Routing methods for warehouses with multiple cross aisles").

Each heuristic *walks* the layout with :class:`_Walk` (along aisles and cross aisles only)
and reports the walked length; a pick counts as visited when the walk stands at it.

Words used below: the *near* cross aisle of a block is the one on the depot's side (the
front when the depot is on the front half of the cross aisles, else the back); blocks are
numbered from the depot side. The *left pick aisle* is the leftmost aisle with a pick; the
*farthest block* is the farthest block from the depot holding a pick.

* ``s_shape``: go to the near end of the left pick aisle and walk up it to the near cross
  aisle of the farthest block (picking on the way). Then, block by block from the farthest
  to the nearest, visit the block's aisles with picks starting from the end nearer to where
  the picker stands: each aisle is traversed entirely, except the block's last aisle, which
  is entered and left from the near side if the picker is on the near side (so every block
  is left on its near cross aisle). Then back to the depot. On one block this is the
  textbook S-shape: an odd number of pick aisles makes the last one a return.
* ``return``: block by block from the nearest, along each block's near cross aisle, enter
  every aisle with picks there and leave it the same way (nearer end first).
* ``midpoint`` / ``largest_gap``: walk the left pick aisle entirely up to the far cross aisle
  of the farthest block. Then per block, from the farthest: go along the block's far cross
  aisle and take each aisle's *far part* with a return from there, traverse the last aisle
  of the block entirely, and come back along the near cross aisle taking each *near part*
  with a return. The far part is the picks beyond the middle of the block (midpoint), or
  beyond the largest gap between consecutive stops counted from the near cross aisle
  (largest gap; the gap before the first pick and after the last count too).
* ``combined``: the same path through the blocks as S-shape, but in each block a dynamic
  programme chooses per aisle between traversing it and a return from the side the picker is
  on, to leave the block on its near side as cheaply as possible (Roodbergen & de Koster's
  combined heuristic). On one block with the depot on the left it is never longer than
  S-shape or return.
"""

from __future__ import annotations

import math

__all__ = ["run"]


class _Walk:
	__slots__ = ("layout", "points", "length")

	def __init__(self, layout, start):
		self.layout = layout
		self.points = [start]
		self.length = 0.0

	@property
	def pos(self):
		return self.points[-1]

	def to(self, pt):
		if pt == self.points[-1]:
			return
		d, pts = self.layout.grid_path(self.points[-1], pt)
		self.length += d
		self.points.extend(pts[1:])


class _Frame:
	"""Blocks ordered from the depot side, picks per (aisle, block) ordered by depth."""

	def __init__(self, layout, locs):
		self.layout = layout
		nb = layout.n_blocks
		rows = layout.cross_aisle_y
		self.back_oriented = layout.depot.cross_aisle * 2 > nb
		if self.back_oriented:
			self.block_ids = list(range(nb - 1, -1, -1))
			self.near_y = [rows[b + 1] for b in self.block_ids]
			self.far_y = [rows[b] for b in self.block_ids]
		else:
			self.block_ids = list(range(nb))
			self.near_y = [rows[b] for b in self.block_ids]
			self.far_y = [rows[b + 1] for b in self.block_ids]
		position = {b: i for i, b in enumerate(self.block_ids)}
		# picks[i][aisle] = sorted pick heights of block position i, nearest first
		self.picks: list[dict[int, list[float]]] = [{} for _ in range(nb)]
		for loc in locs:
			i = position[layout._bay_block[loc.bay]]
			self.picks[i].setdefault(loc.aisle, []).append(layout._bay_y[loc.bay])
		for i, per_aisle in enumerate(self.picks):
			for ys in per_aisle.values():
				ys.sort(key=lambda y, i=i: abs(y - self.near_y[i]))
		self.aisles = sorted({loc.aisle for loc in locs})
		self.left = self.aisles[0]
		self.farthest = max(i for i in range(nb) if self.picks[i])
		self.x = layout.aisle_x

	def depth(self, i, y):
		return abs(y - self.near_y[i])

	def block_length(self, i):
		return abs(self.far_y[i] - self.near_y[i])

	def ordered_aisles(self, i, x_now):
		aisles = sorted(self.picks[i])
		if not aisles:
			return aisles
		if abs(self.x(aisles[-1]) - x_now) < abs(self.x(aisles[0]) - x_now):
			aisles.reverse()
		return aisles


def _traverse(w, f, i, a, from_near):
	"""Walk aisle ``a`` through block ``i`` from one cross aisle to the other, picking all."""
	x = f.x(a)
	ys = f.picks[i].pop(a, [])
	if from_near:
		w.to((x, f.near_y[i]))
		for y in ys:
			w.to((x, y))
		w.to((x, f.far_y[i]))
	else:
		w.to((x, f.far_y[i]))
		for y in reversed(ys):
			w.to((x, y))
		w.to((x, f.near_y[i]))


def _return(w, f, i, a, ys, from_near):
	"""Enter aisle ``a`` of block ``i`` from one side, pick ``ys``, leave the same way."""
	if not ys:
		return
	x = f.x(a)
	row = f.near_y[i] if from_near else f.far_y[i]
	w.to((x, row))
	for y in sorted(ys, key=lambda y: abs(y - row)):
		w.to((x, y))
	w.to((x, row))


def _up_left_aisle(w, f, to_far_of_farthest):
	"""Go to the near end of the left pick aisle and walk it up through the nearer blocks."""
	a = f.left
	x = f.x(a)
	w.to((x, f.near_y[0]))
	last = f.farthest if to_far_of_farthest else f.farthest - 1
	for i in range(last + 1):
		for y in f.picks[i].pop(a, []):
			w.to((x, y))
		w.to((x, f.far_y[i]))


def _s_shape(w, f):
	_up_left_aisle(w, f, to_far_of_farthest=False)
	for i in range(f.farthest, -1, -1):
		near = i == f.farthest  # the farthest block is entered from its near side
		aisles = f.ordered_aisles(i, w.pos[0])
		if not aisles:
			w.to((w.pos[0], f.near_y[i]))
			continue
		for k, a in enumerate(aisles):
			if k < len(aisles) - 1 or not near:
				_traverse(w, f, i, a, from_near=near)
				near = not near
			else:
				_return(w, f, i, a, f.picks[i].pop(a), from_near=True)


def _return_policy(w, f):
	for i in range(f.farthest + 1):
		for a in f.ordered_aisles(i, w.pos[0]):
			_return(w, f, i, a, f.picks[i].pop(a), from_near=True)


def _split_policy(w, f, split):
	_up_left_aisle(w, f, to_far_of_farthest=True)
	for i in range(f.farthest, -1, -1):
		aisles = f.ordered_aisles(i, w.pos[0])
		if not aisles:
			w.to((w.pos[0], f.near_y[i]))
			continue
		parts = {a: split(f, i, f.picks[i][a]) for a in aisles[:-1]}
		for a in aisles[:-1]:
			_return(w, f, i, a, parts[a][1], from_near=False)
		_traverse(w, f, i, aisles[-1], from_near=False)
		for a in reversed(aisles[:-1]):
			_return(w, f, i, a, parts[a][0], from_near=True)
			f.picks[i].pop(a)


def _midpoint_split(f, i, ys):
	half = f.block_length(i) / 2
	return [y for y in ys if f.depth(i, y) <= half], [y for y in ys if f.depth(i, y) > half]


def _largest_gap_split(f, i, ys):
	depths = [f.depth(i, y) for y in ys]  # ascending
	stops = [0.0, *depths, f.block_length(i)]
	gaps = [stops[k + 1] - stops[k] for k in range(len(stops) - 1)]
	g = gaps.index(max(gaps))  # picks before gap g are taken from the near side
	return ys[:g], ys[g:]


def _combined(w, f):
	_up_left_aisle(w, f, to_far_of_farthest=False)
	for i in range(f.farthest, -1, -1):
		start_near = i == f.farthest
		aisles = f.ordered_aisles(i, w.pos[0])
		if not aisles:
			w.to((w.pos[0], f.near_y[i]))
			continue
		length = f.block_length(i)
		# cost[side] with side True = near; choice[k][side] = (previous side, traverse?)
		cost = {start_near: 0.0, not start_near: math.inf}
		x_prev = w.pos[0]
		choices = []
		for a in aisles:
			dx = abs(f.x(a) - x_prev)
			ys = f.picks[i][a]
			new = {True: math.inf, False: math.inf}
			ch = {}
			for side, c in cost.items():
				if c == math.inf:
					continue
				deepest = max(f.depth(i, y) if side else length - f.depth(i, y) for y in ys)
				ret = c + dx + 2 * deepest
				if ret < new[side]:
					new[side], ch[side] = ret, (side, False)
				trav = c + dx + length
				if trav < new[not side]:
					new[not side], ch[not side] = trav, (side, True)
			choices.append(ch)
			cost = new
			x_prev = f.x(a)
		plan = []
		side = True  # must leave on the near side
		for ch in reversed(choices):
			prev, trav = ch[side]
			plan.append((prev, trav))
			side = prev
		plan.reverse()
		for a, (side, trav) in zip(aisles, plan, strict=True):
			if trav:
				_traverse(w, f, i, a, from_near=side)
			else:
				_return(w, f, i, a, f.picks[i].pop(a), from_near=side)


_POLICIES = {
	"s_shape": _s_shape,
	"return": _return_policy,
	"midpoint": lambda w, f: _split_policy(w, f, _midpoint_split),
	"largest_gap": lambda w, f: _split_policy(w, f, _largest_gap_split),
	"combined": _combined,
}


def run(method: str, layout, locs) -> tuple[float, list]:
	"""Walk ``locs`` (distinct, validated, non-empty) by ``method``: ``(length, walk points)``."""
	w = _Walk(layout, layout.depot_point)
	f = _Frame(layout, locs)
	_POLICIES[method](w, f)
	w.to(layout.depot_point)
	return w.length, w.points
