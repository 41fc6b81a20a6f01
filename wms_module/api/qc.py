"""QC endpoints: the lots waiting for inspection, a lot's decision, the disposition of its rejected
units, and the switching rules' resume (services/qc.py, qc_units.py, qc_views.py)."""

from dataclasses import asdict

import frappe

from wms_module.roles import WMS_MANAGER, WMS_ROLES, WMS_SUPERVISOR, require_roles
from wms_module.services import idempotency, qc, qc_decision, qc_units, qc_views
from wms_module.services.deadlocks import retry_on_deadlock


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def open_checks(warehouse: str | None = None) -> list:
	"""The lots waiting for inspection (QC Checks Open or Discontinued), oldest first, at most 50:
	each with its ``name``, item, batch, ``lot_size``, supplier, receipt, the plan (``method``,
	``inspection_level``, ``aql``, ``inspection_severity``, ``code_letter``, ``sample_size``,
	``acceptance_number``, ``rejection_number``, ``full_inspection``) and the ``characteristics``
	to count nonconforming units under."""
	return qc_views.open_checks(warehouse)


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def find(scan: str, warehouse: str | None = None) -> dict:
	"""The lots a scan names: a QC Check, its Purchase Receipt, the item (code, barcode, GTIN, GS1
	with batch), a batch id or the pallet's SSCC. Answers ``checks`` (Open, Discontinued or Awaiting
	Disposition; the fields of ``open_checks`` plus ``decision``, ``rejected_qty`` and
	``left_to_dispose``) and a ``message`` when there is none."""
	return qc_views.find_checks(scan, warehouse)


@frappe.whitelist(methods=["POST"])
@require_roles(*WMS_ROLES)
@retry_on_deadlock
def decide(
	check: str,
	sample_inspected: int,
	nonconforming: str | dict | None = None,
	accepted_qty: float | None = None,
	remarks: str | None = None,
	idempotency_key: str | None = None,
) -> dict:
	"""Decide one lot: ``sample_inspected`` units looked at (at least the plan's sample size) and
	``nonconforming``, the units found nonconforming per characteristic (an object, or its JSON:
	{"Dimensions": 1}). The lot is accepted when they are at most the acceptance number; optionally
	``accepted_qty`` accepts only part of the lot (after sorting), on a received lot.

	Answers ``status`` (Closed, or Awaiting Disposition when units were rejected), ``decision``
	(Accepted / Rejected), ``nonconforming``, ``accepted_qty``, ``rejected_qty``, the
	``putaway_tasks`` taking the accepted units to storage, the ERPNext ``quality_inspection``
	(made and submitted when ERPNext takes one for the item) and ``inspection_next``: the
	supplier's inspection (Normal / Tightened / Reduced / Discontinued) for the item's next lot.

	Refused, naming the input and what was expected (HTTP 417): a sample smaller than the plan's, an
	unknown characteristic, a negative or fractional count, more nonconforming units than inspected,
	a second decision (naming who decided and when), a discontinued inspection, part of a lot not yet
	received, a lot still on its way to quarantine. A refused decision changes nothing.
	``idempotency_key``: as for api.putaway.confirm."""
	decision = qc_decision.QCDecision(
		check, sample_inspected, qc_decision.parse_nonconforming(nonconforming), accepted_qty, remarks
	)
	return idempotency.once(
		idempotency_key, f"{__name__}.decide", asdict(decision), lambda: asdict(qc_decision.decide(decision))
	)


@frappe.whitelist(methods=["POST"])
@require_roles(*WMS_ROLES)
@retry_on_deadlock
def dispose(
	check: str, disposition: str, qty: float, reason: str | None = None, idempotency_key: str | None = None
) -> dict:
	"""Dispose of ``qty`` of a decided lot's rejected units (they are in quarantine):
	``Return to Supplier`` (a Purchase Return against the receipt, from the quarantine bins),
	``Scrap`` (a Stock Entry, Material Issue) — both WMS Supervisor or Manager only — or ``Rework``
	(the units stay in quarantine under a new QC Check, inspected again as a resubmitted lot).
	Answers ``status`` (Closed when all rejected units are disposed of), ``document_type`` /
	``document`` made and ``left_to_dispose``. Refused (HTTP 417, nothing changed): a check not
	awaiting disposition, a qty above what is left, units not in quarantine yet."""
	disposal = qc_units.QCDisposal(check, disposition, qty, reason)
	return idempotency.once(
		idempotency_key, f"{__name__}.dispose", asdict(disposal), lambda: qc_units.dispose(disposal)
	)


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR)
@retry_on_deadlock
def create_checks(purchase_receipt: str) -> dict:
	"""The QC Checks of a Purchase Receipt's lines that a WMS QC Plan applies to and that have none
	yet; a draft receipt's too (an item ERPNext inspects before purchase is decided before the
	receipt is submitted). On a submitted receipt only lines still whole on the dock, not yet planned,
	are checked (a lot on its way to storage is not pulled back). Answers the ``checks`` made and the
	lines ``skipped`` with the ``reason``."""
	return qc.create_checks_on_demand(purchase_receipt)


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER)
@retry_on_deadlock
def resume(supplier: str, item_code: str) -> dict:
	"""Resume a discontinued inspection of ``item_code`` from ``supplier`` once the supplier has
	acted: it restarts on tightened inspection, and the lots held Discontinued are planned again.
	Answers the ``inspection`` and the ``checks`` re-planned."""
	return qc.resume_inspection(supplier, item_code)
