"""Cross-docking: which received units go straight to which waiting order line (no frappe).

Received stock (per item and batch) is matched against shortage records (order lines waiting for
stock no bin could cover) in the order given: the caller sorts them (highest priority, earliest
delivery date, oldest record first). A shortage takes what is left of its item, one batch after
another in the order received, never more than it is short of; a batch whose expiry leaves less
than the shortage's minimum shelf life (or is past) is not given to it. Whole-number shortages
take whole units.

>>> received = [Received("SKU1", "B1", 4), Received("SKU1", "B2", 5)]
>>> waiting = [Waiting("T-1", "SKU1", 6), Waiting("T-2", "SKU1", 5)]
>>> [(m.shortage, m.batch, m.qty) for m in match(received, waiting)]
[('T-1', 'B1', 4), ('T-1', 'B2', 2), ('T-2', 'B2', 3)]
>>> left(received, match(received, waiting))
[]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from wms_module.core.bins import EPSILON
from wms_module.core.errors import InvalidInput


@dataclass(frozen=True)
class Received:
	"""Units of an item (batch) that just landed in the receiving bin."""

	item: str
	batch: str | None
	qty: float
	expiry: date | None = None


@dataclass(frozen=True)
class Waiting:
	"""A shortage record: ``qty`` of ``item`` an order line is short of."""

	shortage: str
	item: str
	qty: float
	whole_number: bool = False
	min_expiry: date | None = None
	"""The earliest expiry the line accepts (as_of + the customer's minimum shelf life); None: any
	batch not yet expired by ``as_of`` of ``match``."""


@dataclass(frozen=True)
class Match:
	shortage: str
	item: str
	batch: str | None
	qty: float


def _usable(r: Received, w: Waiting, as_of: date | None) -> bool:
	if r.expiry is None:
		return True
	if as_of is not None and r.expiry < as_of:
		return False
	return w.min_expiry is None or r.expiry >= w.min_expiry


def match(
	received: Sequence[Received], waiting: Sequence[Waiting], *, as_of: date | None = None
) -> list[Match]:
	"""Give received units to the waiting shortages, in the order given. Pure: no input changes."""
	for r in received:
		if r.qty < 0:
			raise InvalidInput(f"Received {r.item} (batch {r.batch}): qty must be >= 0, got {r.qty}")
	for w in waiting:
		if w.qty < 0:
			raise InvalidInput(f"Shortage {w.shortage!r}: qty must be >= 0, got {w.qty}")
	free = [r.qty for r in received]
	out: list[Match] = []
	for w in waiting:
		need = w.qty
		for i, r in enumerate(received):
			if need <= EPSILON:
				break
			if r.item != w.item or free[i] <= EPSILON or not _usable(r, w, as_of):
				continue
			take = min(need, free[i])
			if w.whole_number:
				take = math.floor(take + EPSILON)
			if take <= EPSILON:
				continue
			free[i] -= take
			need -= take
			out.append(Match(w.shortage, w.item, r.batch, take))
	return out


def left(received: Sequence[Received], matches: Sequence[Match]) -> list[Received]:
	"""What of ``received`` the matches did not take (lines with nothing left dropped), in order."""
	taken: dict[tuple[str, str | None], float] = {}
	for m in matches:
		taken[(m.item, m.batch)] = taken.get((m.item, m.batch), 0.0) + m.qty
	out = []
	for r in received:
		key = (r.item, r.batch)
		take = min(r.qty, taken.get(key, 0.0))
		taken[key] = taken.get(key, 0.0) - take
		if r.qty - take > EPSILON:
			out.append(replace(r, qty=r.qty - take))
	return out
