"""Quarantine's one door: units that a QC Check holds leave a Quarantine bin only through the
check (``services.qc_units``: accept to storage, return, scrap, rework). A move by hand
(``services.moves``), a Purchase Return made in ERPNext naming the bin, or a putaway of a lot on
QC hold overridden to a storage bin is refused, naming the check. Quarantined stock no check
holds (a Sales Return quarantined on inspection, ``services.returns``) may be moved by hand as before.
"""

from __future__ import annotations

from collections.abc import Iterable

import frappe
from frappe import _

from wms_module.core.bin_ledger import plan_untracked_issue
from wms_module.core.bins import EPSILON, LedgerRow
from wms_module.core.qc_checks import HOLDING
from wms_module.exceptions import WMSValidationError, core_errors_as_validation

QUARANTINE = "Quarantine"
QC_DISPOSAL_FLAG = "wms_qc_disposal"
"""doc.flags key on the Purchase Return a QC disposition makes: it may take from a quarantine bin."""


def quarantine_bins(bins: Iterable[str]) -> set[str]:
	"""Which of ``bins`` are Quarantine bins. One query (none without bins)."""
	bins = sorted(set(bins))
	if not bins:
		return set()
	return set(
		frappe.get_all("Storage Bin", filters={"name": ["in", bins], "zone_type": QUARANTINE}, pluck="name")
	)


def refuse_leaving(rows: Iterable[tuple[str, str, str | None]], *, what: str) -> None:
	"""Refuse taking (bin, item, batch) ``rows`` out of quarantine where a QC Check holds the item
	(and batch) in the bin's warehouse. ``what`` names the move for the message. Two queries at
	most (none when no bin is a quarantine bin)."""
	rows = list(rows)
	bins = (
		{
			b.name: b
			for b in frappe.get_all(
				"Storage Bin",
				filters={"name": ["in", sorted({r[0] for r in rows})], "zone_type": QUARANTINE},
				fields=["name", "bin_code", "warehouse"],
			)
		}
		if rows
		else {}
	)
	held = [r for r in rows if r[0] in bins]
	if not held:
		return
	checks = frappe.get_all(
		"QC Check",
		filters={
			"item_code": ["in", sorted({r[1] for r in held})],
			"warehouse": ["in", sorted({bins[r[0]].warehouse for r in held})],
			"status": ["in", list(HOLDING)],
		},
		fields=["name", "item_code", "batch_no", "warehouse", "status"],
		limit=50,
	)
	for bin_name, item, batch in held:
		mine = [
			c
			for c in checks
			if c.item_code == item
			and c.warehouse == bins[bin_name].warehouse
			and (not c.batch_no or c.batch_no == batch)
		]
		if mine:
			frappe.throw(
				_(
					"{0}: {1} in quarantine bin {2} is held by QC Check {3} ({4}); it leaves quarantine through its check (accept, return, scrap or rework), not by hand"
				).format(what, item, bins[bin_name].bin_code, mine[0].name, mine[0].status),
				WMSValidationError,
				title=_("Held in quarantine"),
			)


def issue_sparing_quarantine(
	group, qty: float, balances, held: set[str], unlocated_bin: str
) -> list[LedgerRow]:
	"""Where ``qty`` issued without a bin comes out of (core.bin_ledger.plan_untracked_issue), taking
	from Quarantine bins (``held``) only what the other bins cannot give: stock under inspection or
	rejected leaves with an ERPNext document made by hand last, never first."""
	warehouse, item, batch = group[0], group[1], group[2]
	free = [b for b in balances if b.bin not in held]
	has = sum(b.on_hand for b in free if b.item == item and (b.batch or None) == (batch or None))
	rows = []
	with core_errors_as_validation():
		for part, pool in (
			(min(qty, has), free),
			(qty - min(qty, has), [b for b in balances if b.bin in held]),
		):
			if part > EPSILON:
				rows += plan_untracked_issue(
					warehouse=warehouse,
					item=item,
					batch=batch,
					qty=part,
					balances=pool,
					unlocated_bin=unlocated_bin,
				)
	return rows
