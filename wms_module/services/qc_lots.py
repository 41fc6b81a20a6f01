"""The lots of a Purchase Receipt that QC inspects: one per line and batch.

A line received with its batch on the row is one lot; a v15 line received through a Serial and
Batch Bundle (no batch on the row) is one lot per batch of the bundle, since quarantine, putaway
and returns move stock per batch; a line of an item without batches is one lot. On a submitted
receipt, checks made on demand (``qc.create_checks``) only take lots still whole on the dock and
not yet planned: a lot already on its way to storage is not pulled back into quarantine.
"""

from __future__ import annotations

from dataclasses import dataclass

from frappe import _
from frappe.utils import flt

from wms_module import erp
from wms_module.core.bin_ledger import key_of
from wms_module.core.bins import EPSILON
from wms_module.core.tasks import TaskStatus
from wms_module.services import bin_ledger
from wms_module.services.stock_sync import receiving_bins
from wms_module.services.tasks import tasks_of


@dataclass(frozen=True)
class ReceiptLot:
	row: object
	"""The Purchase Receipt Item."""
	batch_no: str | None
	qty: float
	"""In the stock UOM."""


def lots_of(rows) -> list[ReceiptLot]:
	"""The lots of ``rows`` (receipt lines). One query, for the bundles' batches."""
	bundles = erp.bundle_batches(
		r.get("serial_and_batch_bundle")
		for r in rows
		if not r.get("batch_no") and r.get("serial_and_batch_bundle")
	)
	out = []
	for r in rows:
		stock_qty = flt(r.stock_qty or r.qty)
		batches = [] if r.get("batch_no") else bundles.get(r.get("serial_and_batch_bundle"), [])
		if batches:
			out += [ReceiptLot(r, batch, qty) for batch, qty in batches if qty > EPSILON]
		else:
			out.append(ReceiptLot(r, r.get("batch_no") or None, stock_qty))
	return out


def still_whole_on_the_dock(doc, lots: list[ReceiptLot]) -> tuple[list[ReceiptLot], dict[str, str]]:
	"""Of a submitted receipt's ``lots``, those with no Putaway task yet whose units its receiving bin
	still holds; and {row: why not} for the others. Three queries."""
	planned = {
		t.reference_detail
		for t in tasks_of("Purchase Receipt", doc.name)
		if t.status != TaskStatus.CANCELLED.value
	}
	docks = receiving_bins({lot.row.warehouse for lot in lots})
	balances = bin_ledger.load_balances(list(set(docks.values())), [lot.row.item_code for lot in lots])
	ok, skipped = [], {}
	for lot in lots:
		dock = docks.get(lot.row.warehouse)
		held = balances.get(key_of(dock, lot.row.item_code, lot.batch_no)) if dock else None
		if lot.row.name in planned:
			skipped[lot.row.name] = _("its putaway is already planned")
		elif not held or flt(held.on_hand_qty) < lot.qty - EPSILON:
			skipped[lot.row.name] = _("its units are no longer all on the dock")
		else:
			ok.append(lot)
	return ok, skipped
