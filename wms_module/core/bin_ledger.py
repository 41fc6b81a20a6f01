"""Bin balances and the signed movements that change them.

The bin ledger is append-only: every movement is a signed row (+ into a bin,
- out of it) and a bin's balance per (item, batch) is the running sum. This
module applies rows to balances and decides where stock that ERPNext moved
without telling the WMS comes from; it never reads a database.

>>> b = {("A-01", "SKU1", None): Balance("A-01", "Stores - W", "SKU1", None, on_hand=5)}
>>> after = apply_rows(b, [LedgerRow("A-01", "Stores - W", "SKU1", None, -2)])
>>> after[("A-01", "SKU1", None)].on_hand
3
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from wms_module.core.bins import EPSILON, LedgerRow
from wms_module.core.errors import InsufficientStock, InvalidInput

Key = tuple[str, str, str | None]
"""(bin, item, batch): one balance row. ``batch`` is None for items without batches."""


def key_of(bin_: str, item: str, batch: str | None) -> Key:
	"""The balance key, with an empty batch normalised to None (a database may hold either)."""
	return (bin_, item, batch or None)


@dataclass(frozen=True)
class Balance:
	"""On hand and allocated quantity of one (item, batch) in one bin."""

	bin: str
	warehouse: str
	item: str
	batch: str | None
	on_hand: float = 0.0
	allocated: float = 0.0
	first_received: str | None = None
	"""When stock last arrived in an empty bin: the FIFO age of what is there."""

	@property
	def key(self) -> Key:
		return key_of(self.bin, self.item, self.batch)

	@property
	def available(self) -> float:
		return self.on_hand - self.allocated


def _describe(item: str, batch: str | None) -> str:
	return f"{item} batch {batch}" if batch else item


def apply_rows(
	balances: Mapping[Key, Balance], rows: Iterable[LedgerRow], *, posted_at: str | None = None
) -> dict[Key, Balance]:
	"""The balances after ``rows``, for every key the rows touch.

	Raises InsufficientStock (naming bin, item, batch and quantities) when a row
	would take a balance below zero; nothing is returned then, so a caller that
	writes only on success writes nothing. Allocations shrink with the stock when
	an issue takes allocated units (see ``plan_untracked_issue``).
	"""
	result: dict[Key, Balance] = {}
	for row in rows:
		k = key_of(row.bin, row.item, row.batch)
		current = (
			result.get(k) or balances.get(k) or Balance(row.bin, row.warehouse, row.item, row.batch or None)
		)
		if current.warehouse != row.warehouse:
			raise InvalidInput(
				f"Storage bin {row.bin!r} belongs to {current.warehouse}; a row posts it to {row.warehouse}"
			)
		on_hand = current.on_hand + row.qty
		if on_hand < -EPSILON:
			raise InsufficientStock(
				f"Storage bin {row.bin!r} holds {current.on_hand:g} of {_describe(row.item, row.batch)}; "
				f"cannot take {-row.qty:g}"
			)
		on_hand = max(on_hand, 0.0)
		first = current.first_received
		if current.on_hand <= EPSILON and row.qty > 0:
			first = posted_at or first
		result[k] = replace(
			current, on_hand=on_hand, allocated=min(current.allocated, on_hand), first_received=first
		)
	return result


def reversal(rows: Sequence[LedgerRow]) -> list[LedgerRow]:
	"""The rows that undo ``rows`` exactly (a cancel posts these; nothing is edited)."""
	return [replace(r, qty=-r.qty) for r in reversed(rows)]


def plan_untracked_issue(
	*,
	warehouse: str,
	item: str,
	batch: str | None,
	qty: float,
	balances: Sequence[Balance],
	unlocated_bin: str,
) -> list[LedgerRow]:
	"""Where ``qty`` that ERPNext issued without naming a bin comes out of.

	Order: the unlocated bin first (stock whose place nobody knows), then
	unallocated stock oldest first (FIFO by ``first_received``, then bin code),
	and allocated stock only last. Raises InsufficientStock when the bins of the
	warehouse hold less than ``qty``: the bins and ERPNext disagree, and the
	reconciliation report is the place to look.
	"""
	if qty <= 0:
		raise InvalidInput(f"Issue qty for {item} is {qty:g}; expected > 0")
	wanted = [
		b
		for b in balances
		if b.warehouse == warehouse and b.item == item and (b.batch or None) == (batch or None)
	]
	wanted.sort(key=lambda b: (b.bin != unlocated_bin, b.first_received or "", b.bin))
	rows: list[LedgerRow] = []
	remaining = qty
	for take_allocated in (False, True):
		for bal in wanted:
			if remaining <= EPSILON:
				break
			already = -sum(r.qty for r in rows if r.bin == bal.bin)
			whole = take_allocated or bal.bin == unlocated_bin  # nothing is allocated from unlocated stock
			free = (bal.on_hand if whole else bal.available) - already
			take = min(free, remaining)
			if take > EPSILON:
				rows.append(LedgerRow(bal.bin, warehouse, item, batch or None, -take))
				remaining -= take
	if remaining > EPSILON:
		held = sum(b.on_hand for b in wanted)
		raise InsufficientStock(
			f"The bins of {warehouse} hold {held:g} of {_describe(item, batch)}; ERPNext issued {qty:g}"
		)
	return _merge(rows)


def _merge(rows: list[LedgerRow]) -> list[LedgerRow]:
	merged: dict[Key, LedgerRow] = {}
	for r in rows:
		k = key_of(r.bin, r.item, r.batch)
		merged[k] = replace(merged[k], qty=merged[k].qty + r.qty) if k in merged else r
	return list(merged.values())
