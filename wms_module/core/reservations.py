"""Stock other orders have reserved is left in the bins (no frappe).

ERPNext reserves stock per warehouse (Stock Reservation Entries); until the reserving order's own
Pick tasks hold it in bins, the WMS must not allocate it to another order, or ERPNext would refuse
that order's Delivery Note. So the lines of one order share, per item and in order, only what is
free in allocatable bins minus what other orders reserved and hold nowhere yet; what that keeps
back joins the line's shortage (``services.reservations`` reads the reservations and words the
reason).

>>> lines = [OrderLine("L1", "SKU", 5), OrderLine("L2", "SKU", 4)]
>>> lowered, held = hold_back(lines, free={"SKU": 10}, reserved={"SKU": Reserved(3, ("SO-2",))})
>>> [(line.line_id, line.qty) for line in lowered]
[('L1', 5), ('L2', 2)]
>>> held
[HeldBack(line_id='L2', item='SKU', requested=4, kept=2, reserved=Reserved(qty=3, orders=('SO-2',)))]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from wms_module.core.allocation import OrderLine, Shortage, shortage_message
from wms_module.core.bins import EPSILON


@dataclass(frozen=True)
class Reserved:
	"""Of one item: what other orders reserved and hold in no bin yet, and which orders."""

	qty: float
	orders: tuple[str, ...]


@dataclass(frozen=True)
class HeldBack:
	"""``kept`` of line ``line_id`` (asked ``requested``) is left in the bins for ``reserved``."""

	line_id: str
	item: str
	requested: float
	kept: float
	reserved: Reserved


def hold_back(
	lines: Sequence[OrderLine], *, free: Mapping[str, float], reserved: Mapping[str, Reserved]
) -> tuple[list[OrderLine], list[HeldBack]]:
	"""Lower ``lines`` so that, per item, they share ``free[item] - reserved[item].qty`` in order
	(whole units for a whole-number line). Returns the lowered lines and what each kept back."""
	left: dict[str, float] = {}
	out, held = [], []
	for line in lines:
		res = reserved.get(line.item)
		if res is None:
			out.append(line)
			continue
		if line.item not in left:
			left[line.item] = max(0.0, free.get(line.item, 0.0) - res.qty)
		take = min(line.qty, left[line.item])
		if line.whole_number:
			take = float(int(take + EPSILON))  # 0.9999999 of a unit left is one unit
		# never below 0: a whole unit rounded up from just under it must not leave a negative share
		left[line.item] = max(0.0, left[line.item] - take)
		if line.qty - take > EPSILON:
			held.append(HeldBack(line.line_id, line.item, line.qty, line.qty - take, res))
			line = replace(line, qty=take)
		out.append(line)
	return out, held


def with_held_back(
	shortages: Sequence[Shortage], held: Sequence[HeldBack], phrase: Callable[[HeldBack], str]
) -> list[Shortage]:
	"""The allocator's shortages with what ``hold_back`` kept: still one shortage per line, the
	reservation's ``phrase`` after the allocator's own reasons."""
	held_of = {h.line_id: h for h in held}
	out = []
	for s in shortages:
		h = held_of.pop(s.line_id, None)
		if h is None:
			out.append(s)
			continue
		short, phrases = s.short + h.kept, (*s.phrases, phrase(h))
		message = shortage_message(s.line_id, s.item, h.requested, short, phrases)
		out.append(Shortage(s.line_id, s.item, h.requested, short, s.causes, message, phrases))
	for h in held_of.values():
		phrases = (phrase(h),)
		message = shortage_message(h.line_id, h.item, h.requested, h.kept, phrases)
		out.append(Shortage(h.line_id, h.item, h.requested, h.kept, (), message, phrases))
	return out
