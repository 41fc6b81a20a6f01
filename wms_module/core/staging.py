"""Where a Delivery Note's stock leaves from: the staging bins its picks moved it to (no frappe).

A pick moves stock from its bin to the layout's staging bin; the order's Delivery Note then takes
it out of staging. Per (warehouse, item, batch) the note's quantity is taken from the staging bins
the picks left it in, in bin order. A group the staged picks do not cover in full is not planned
(a plan must match what ERPNext posts exactly); the default rule for untracked issues takes it.

>>> key = ("WH", "SKU", None)
>>> plan_from_staging({key: 5}, {key: {"STAGE-2": 2, "STAGE-1": 4}})
[LedgerRow(bin='STAGE-1', warehouse='WH', item='SKU', batch=None, qty=-4), LedgerRow(bin='STAGE-2', warehouse='WH', item='SKU', batch=None, qty=-1)]
>>> plan_from_staging({key: 7}, {key: {"STAGE-1": 4}})
[]
"""

from __future__ import annotations

from collections.abc import Mapping

from wms_module.core.bins import EPSILON, LedgerRow

Key = tuple[str, str, str | None]
"""(warehouse, item, batch)"""


def plan_from_staging(
	wanted: Mapping[Key, float], staged: Mapping[Key, Mapping[str, float]]
) -> list[LedgerRow]:
	"""Rows taking ``wanted`` of each key out of the staging bins ``staged`` holds it in (bin -> qty)."""
	plan = []
	for key, qty in wanted.items():
		bins = staged.get(key, {})
		if sum(bins.values()) < qty - EPSILON:
			continue
		for bin_name, held in sorted(bins.items()):
			take = min(held, qty)
			if take > EPSILON:
				plan.append(LedgerRow(bin_name, key[0], key[1], key[2], -take))
				qty -= take
	return plan
