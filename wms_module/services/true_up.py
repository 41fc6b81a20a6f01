"""Bring the bins of (warehouse, item, batch) to ERPNext's figure: a surplus in ERPNext lands in
the warehouse's unlocated bin, a deficit leaves the bins by the removal rules (unlocated bin first).

Used after a Stock Reconciliation or a cancel ERPNext reposts (services.stock_sync) and by the
drift repair (services.reconciliation).
"""

from __future__ import annotations

from wms_module.core.bin_ledger import plan_untracked_issue
from wms_module.core.bins import EPSILON, LedgerRow
from wms_module.exceptions import core_errors_as_validation
from wms_module.services import bin_ledger
from wms_module.services.storage import unlocated_bins


def untracked_issue(
	key: tuple[str, str, str | None], qty: float, balances, unlocated_bin: str
) -> list[LedgerRow]:
	"""Rows taking ``qty`` of (warehouse, item, batch) out of its bins by the removal rules, the
	unlocated bin first (core.bin_ledger.plan_untracked_issue)."""
	warehouse, item, batch = key
	with core_errors_as_validation():
		return plan_untracked_issue(
			warehouse=warehouse,
			item=item,
			batch=batch,
			qty=qty,
			balances=balances,
			unlocated_bin=unlocated_bin,
		)


def true_up_rows(keys, erp_qty: dict[tuple[str, str, str | None], float]) -> list[LedgerRow]:
	"""Rows that bring each (warehouse, item, batch) in the bins to ``erp_qty``: a surplus in
	ERPNext lands in the unlocated bin, a deficit leaves by the removal rules."""
	if not keys:
		return []
	unlocated = unlocated_bins({k[0] for k in keys})
	rows: list[LedgerRow] = []
	for warehouse, item, batch in keys:
		balances = [
			b
			for b in bin_ledger.warehouse_balances(warehouse, [item])
			if (b.batch or None) == (batch or None)
		]
		diff = erp_qty.get((warehouse, item, batch), 0) - sum(b.on_hand for b in balances)
		if diff > EPSILON:
			rows.append(LedgerRow(unlocated[warehouse], warehouse, item, batch, diff))
		elif diff < -EPSILON:
			rows.extend(untracked_issue((warehouse, item, batch), -diff, balances, unlocated[warehouse]))
	return rows
