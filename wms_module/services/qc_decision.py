"""Deciding a QC Check's lot (services.qc has the life of a check): the inspector's result checked,
the plan's verdict, the (supplier, item) switching state, the ERPNext Quality Inspection, and the
accepted units sent to storage (``services.qc_units``). One lot is decided once: the check's row is
locked first, so a second decision waits and is then refused, naming who decided and when."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import cint, flt, now_datetime

from wms_module import erp
from wms_module.core import sampling
from wms_module.core.bins import EPSILON
from wms_module.core.qc_checks import SEVERITY_LABELS
from wms_module.exceptions import WMSValidationError
from wms_module.roles import WMS_MANAGER, WMS_SUPERVISOR, has_any_role
from wms_module.services import qc_plans, qc_switching, qc_units
from wms_module.services.qc import (
	ACCEPTED,
	AWAITING,
	CHECK_FIELDS,
	CLOSED,
	DISCONTINUED,
	OPEN,
	QC_CHECK,
	RECEIPT,
	REJECTED,
	follow_switch,
	save,
)
from wms_module.services.qc_plans import AQL_SAMPLING
from wms_module.services.rows import lock_row

QUALITY_MANAGER = "Quality Manager"
"""ERPNext's quality role: may accept part of a rejected lot, as a WMS Supervisor may."""


@dataclass
class QCDecision:
	check: str
	sample_inspected: int
	nonconforming: dict[str, int] = field(default_factory=dict)
	"""Nonconforming units found per characteristic (a characteristic not named found none)."""
	accepted_qty: float | None = None
	"""Units accepted; default all of the lot when the verdict accepts it, none when it rejects it."""
	remarks: str | None = None


@dataclass
class QCResult:
	check: str
	status: str
	decision: str
	nonconforming: int
	accepted_qty: float
	rejected_qty: float
	putaway_tasks: list[str]
	quality_inspection: str | None
	inspection_next: str | None
	"""The (supplier, item)'s inspection severity for its next lot (AQL sampling)."""


def decide(d: QCDecision) -> QCResult:
	"""Decide one lot. Locks the check first, so a second decision waits and is then refused."""
	c = lock_row(QC_CHECK, d.check, CHECK_FIELDS)
	receipt_status = frappe.db.get_value(RECEIPT, c.purchase_receipt, "docstatus")
	found, per_characteristic = check_decision(c, d)
	accepted = found <= cint(c.acceptance_number)
	accepted_qty = decided_qty(c, d, accepted, received=receipt_status == 1, found=found)
	doc = frappe.get_doc(QC_CHECK, c.name)
	for row in doc.characteristics:
		row.nonconforming = per_characteristic.get(row.characteristic, 0)
	now = now_datetime()
	rejected_qty = flt(c.lot_size) - accepted_qty
	doc.update(
		{
			"sample_inspected": d.sample_inspected,
			"nonconforming": found,
			"decision": ACCEPTED if accepted else REJECTED,
			"decided_by": frappe.session.user,
			"decided_on": now,
			"accepted_qty": accepted_qty,
			"rejected_qty": rejected_qty,
			"status": AWAITING if rejected_qty > EPSILON else CLOSED,
			"remarks": d.remarks or doc.remarks,
		}
	)
	tasks = (
		qc_units.put_away_accepted(doc, accepted_qty)
		if receipt_status == 1 and accepted_qty > EPSILON
		else []
	)
	doc.quality_inspection = quality_inspection_of(doc, accepted)
	save(doc)
	state = switch(c, doc, accepted, found)
	return QCResult(
		doc.name,
		doc.status,
		doc.decision,
		found,
		accepted_qty,
		rejected_qty,
		tasks,
		doc.quality_inspection,
		state,
	)


def check_decision(c, d: QCDecision) -> tuple[int, dict[str, int]]:
	"""(nonconforming units in all, per characteristic), after checking the decision may be made."""
	if c.status != OPEN:
		by = _(" by {0} on {1}").format(c.decided_by, c.decided_on) if c.decided_by else ""
		frappe.throw(
			_("QC Check {0} is {1}{2}: a lot is decided once").format(c.name, c.status, by)
			if c.status != DISCONTINUED
			else _(
				"QC Check {0}: inspection of {1} from {2} is discontinued (5 lots not accepted on tightened inspection); a WMS Manager resumes it once the supplier has acted"
			).format(c.name, c.item_code, c.supplier),
			WMSValidationError,
		)
	if cint(d.sample_inspected) < cint(c.sample_size) or cint(d.sample_inspected) > math.ceil(
		flt(c.lot_size)
	):
		frappe.throw(
			_(
				"QC Check {0}: sample_inspected must be at least the sample size {1} and at most the lot of {2}; got {3}"
			).format(c.name, c.sample_size, f"{flt(c.lot_size):g}", d.sample_inspected),
			WMSValidationError,
		)
	known = set(
		frappe.get_all(
			"QC Check Characteristic",
			filters={"parent": c.name, "parenttype": QC_CHECK},
			pluck="characteristic",
		)
	)
	found = {}
	for name, count in (d.nonconforming or {}).items():
		if name not in known:
			frappe.throw(
				_(
					"QC Check {0}: characteristic {1!r} is not checked by its plan; expected one of {2}"
				).format(c.name, name, ", ".join(sorted(known))),
				WMSValidationError,
			)
		if not isinstance(count, int) or isinstance(count, bool) or count < 0:
			frappe.throw(
				_(
					"QC Check {0}: nonconforming units of {1} must be a whole number of 0 or more; got {2!r}"
				).format(c.name, name, count),
				WMSValidationError,
			)
		found[name] = count
	total = sum(found.values())
	if total > cint(d.sample_inspected):
		frappe.throw(
			_(
				"QC Check {0}: {1} nonconforming units found in a sample of {2}; a unit counts once, under one characteristic"
			).format(c.name, total, d.sample_inspected),
			WMSValidationError,
		)
	return total, found


def decided_qty(c, d: QCDecision, accepted: bool, *, received: bool, found: int) -> float:
	"""The units accepted, checked: 0 to the lot; before receipt a lot is accepted or rejected whole;
	of a lot the plan rejects, a supervisor's call (after sorting it) and never the units found bad."""
	lot = flt(c.lot_size)
	if d.accepted_qty is None or d.accepted_qty == "":
		return lot if accepted else 0.0
	qty = flt(d.accepted_qty)
	if qty < -EPSILON or qty > lot + EPSILON:
		frappe.throw(
			_("QC Check {0}: accepted_qty must be between 0 and the lot of {1}; got {2}").format(
				c.name, f"{lot:g}", d.accepted_qty
			),
			WMSValidationError,
		)
	if not received and EPSILON < qty < lot - EPSILON:
		frappe.throw(
			_(
				"QC Check {0}: Purchase Receipt {1} is not submitted, so the lot is accepted or rejected whole (accepted_qty 0 or {2}); receive it first to accept part of it"
			).format(c.name, c.purchase_receipt, f"{lot:g}"),
			WMSValidationError,
		)
	if not accepted and qty > EPSILON:
		check_accepting_a_rejected_lot(c, qty, found)
	return qty


def check_accepting_a_rejected_lot(c, qty: float, found: int) -> None:
	"""Units of a lot the sampling plan rejects are accepted (after a 100 % sort) by a WMS Supervisor,
	Manager or Quality Manager only, and never the nonconforming units found."""
	if not has_any_role(WMS_MANAGER, WMS_SUPERVISOR, QUALITY_MANAGER):
		frappe.throw(
			_(
				"QC Check {0}: the plan rejects the lot ({1} nonconforming, Ac {2}); accepting part of it after sorting is a WMS Supervisor's, Manager's or Quality Manager's decision"
			).format(c.name, found, c.acceptance_number),
			frappe.PermissionError,
		)
	most = flt(c.lot_size) - found
	if qty > most + EPSILON:
		frappe.throw(
			_(
				"QC Check {0}: accepted_qty {1} would accept nonconforming units: at most {2} ({3} of the lot less the {4} found)"
			).format(c.name, f"{qty:g}", f"{most:g}", f"{flt(c.lot_size):g}", found),
			WMSValidationError,
		)


def quality_inspection_of(doc, accepted: bool) -> str | None:
	"""The row's ERPNext Quality Inspection (made, completed or read), when ERPNext takes one."""
	if doc.resubmitted_from or not (doc.quality_inspection or erp.quality_inspection_allowed(doc.item_code)):
		return doc.quality_inspection
	record = erp.InspectionRecord(
		receipt=doc.purchase_receipt,
		row_name=doc.purchase_receipt_item,
		item_code=doc.item_code,
		batch_no=doc.batch_no,
		sample_size=cint(doc.sample_inspected),
		accepted=accepted,
		readings=[(r.specification, cint(r.nonconforming)) for r in doc.characteristics if r.specification],
		remarks=_("WMS QC Check {0}: {1} nonconforming of {2} inspected (Ac {3}, Re {4}){5}").format(
			doc.name,
			doc.nonconforming,
			doc.sample_inspected,
			doc.acceptance_number,
			doc.rejection_number,
			f"; {doc.remarks}" if doc.remarks else "",
		),
	)
	return erp.record_quality_inspection(record, doc.quality_inspection)


def switch(c, doc, accepted: bool, found: int) -> str | None:
	"""Count the lot in the (supplier, item)'s switching state: AQL sampling, original inspection."""
	if c.method != AQL_SAMPLING or c.resubmitted_from or not c.supplier:
		return None
	plan = qc_plans.plan_of(c.item_code, c.supplier)
	lot = sampling.Lot(
		accepted=accepted,
		acceptance_number=cint(c.acceptance_number),
		accepted_one_step_tighter=bool(plan)
		and qc_plans.one_step_tighter_accepts(plan, flt(c.lot_size), found),
		production_steady=plan.production_steady if plan else True,
		# reduced inspection only where its master table is encoded (core.sampling: II-C is)
		reduced_approved=bool(plan)
		and plan.reduced_approved
		and sampling.REDUCED in sampling.ENCODED_SEVERITIES,
	)
	before = qc_switching.severity_of(c.supplier, c.item_code)
	after = qc_switching.record_lot(c.supplier, c.item_code, lot, c.name)
	if after.severity != before:
		follow_switch(c.supplier, c.item_code, after.severity)
	return SEVERITY_LABELS[after.severity]


def parse_nonconforming(value) -> dict[str, int]:
	"""The per-characteristic counts as a request gives them (a dict, or its JSON)."""
	if value in (None, ""):
		return {}
	if isinstance(value, str):
		try:
			value = json.loads(value)
		except ValueError:
			value = None
	if not isinstance(value, dict):
		frappe.throw(
			_("nonconforming must be an object of characteristic -> nonconforming units, e.g. {0}").format(
				'{"Dimensions": 1}'
			),
			WMSValidationError,
		)
	return value
