"""Drift between the bins and ERPNext: find it, log it, repair it through the unlocated bin."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import frappe
from frappe import _
from frappe.utils import now_datetime

from wms_module import erp
from wms_module.core.bins import EPSILON
from wms_module.services import bin_ledger
from wms_module.services.managed import ACTIVE_FIELD, is_managed
from wms_module.services.storage import require_warehouse
from wms_module.services.true_up import true_up_rows


@dataclass(frozen=True)
class Drift:
	warehouse: str
	item_code: str
	batch_no: str | None
	erp_qty: float
	bin_qty: float

	@property
	def difference(self) -> float:
		return self.erp_qty - self.bin_qty

	@property
	def key(self) -> tuple[str, str, str | None]:
		return (self.warehouse, self.item_code, self.batch_no or None)

	def as_row(self) -> dict:
		"""The drift as the report, the API and the Bin Drift Log show it, difference included."""
		return asdict(self) | {"difference": self.difference}


def bin_qty_by_key(warehouses: list[str] | None) -> dict[tuple, float]:
	filters = {"warehouse": ["in", warehouses]} if warehouses else {}
	rows = frappe.get_all(
		"Bin Stock",
		filters=filters,
		fields=["warehouse", "item_code", "batch_no", "sum(on_hand_qty) as qty"],
		group_by="warehouse, item_code, batch_no",
	)
	totals: dict[tuple, float] = {}
	for r in rows:
		key = (r.warehouse, r.item_code, r.batch_no or None)
		totals[key] = totals.get(key, 0.0) + r.qty
	return totals


def warehouses_in_scope(warehouse: str | None) -> list[str]:
	"""The named warehouse, or every managed warehouse: bins exist only there (a warehouse the WMS
	does not manage has no drift, its stock is ERPNext's alone). An unknown name is refused as
	Frappe v15 refuses an unknown document (``Document.load_from_db``: "{0} {1} not found",
	DoesNotExistError, HTTP 404), never read as "no drift"."""
	if warehouse:
		require_warehouse(warehouse)
		return [warehouse] if is_managed(warehouse) else []
	return sorted(frappe.get_all("Warehouse Layout", filters={ACTIVE_FIELD: 1}, pluck="warehouse"))


def find_drift(warehouse: str | None = None) -> list[Drift]:
	"""Every (warehouse, item, batch) whose bins do not add up to ERPNext's stock ledger."""
	warehouses = warehouses_in_scope(warehouse)
	if not warehouses:
		return []
	erp_qty = erp.get_actual_qty_by_batch(warehouses)
	bins = bin_qty_by_key(warehouses)
	drift = [
		Drift(w, i, b, erp_qty.get((w, i, b), 0.0), bins.get((w, i, b), 0.0))
		for (w, i, b) in sorted(set(erp_qty) | set(bins), key=str)
	]
	return [d for d in drift if abs(d.difference) > EPSILON]


def log_drift(action: str, drift: list[Drift], warehouse: str | None) -> str:
	log = frappe.get_doc(
		{
			"doctype": "Bin Drift Log",
			"checked_at": now_datetime(),
			"action": action,
			"warehouse": warehouse,
			"drift_lines": len(drift),
			"net_difference": sum(d.difference for d in drift),
			"details": json.dumps([d.as_row() for d in drift], indent=1),
		}
	)
	log.insert(ignore_permissions=True)
	return log.name


def repair(warehouse: str | None = None) -> dict:
	"""Post each difference to (or take it from) the unlocated bin, and log what was done.
	An unknown ``warehouse`` is refused (DoesNotExistError) before anything is written."""
	drift = find_drift(warehouse)
	rows = true_up_rows([d.key for d in drift], {d.key: d.erp_qty for d in drift})
	log = log_drift("Repair", drift, warehouse)
	bin_ledger.post_rows(rows, movement_type="Correction", voucher_type="Bin Drift Log", voucher_no=log)
	return {"repaired_lines": len(drift), "log": log}


def record_daily_drift() -> None:
	"""Scheduled daily (hooks.py): log the drift, if any and if WMS Settings asks for it."""
	# get_single (not db.get_single_value) so a never-saved Single still reads its JSON defaults
	# (frappe/model/document.py load_from_db falls back to new_doc for Singles).
	if not frappe.get_single("WMS Settings").daily_drift_check:
		return
	drift = find_drift()
	if drift:
		log_drift("Check", drift, None)
