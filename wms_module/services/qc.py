"""QC checks of received lots: made per Purchase Receipt line a WMS QC Plan applies to, held in
quarantine until decided, decided once.

The life of a check (QC Check.status):

- **Open**: made when the receipt is submitted (``on_receipt_submit``), or on demand for a draft or
  submitted receipt (``create_checks``: a draft's lines for items ERPNext inspects *before* purchase,
  "Inspection Required before Purchase"). The lot size is the line's stock qty; the sample size and
  acceptance number come from the plan (``services.qc_plans``) at the inspection severity the
  (supplier, item) is on (``services.qc_switching``). A line with an Open check is received **on QC
  hold**: directed putaway sends it to a Quarantine-zone bin only (``putaway_planning``), never
  cross-docked; allocation never takes from quarantine.
- **Discontinued**: made while the supplier's inspection of the item is discontinued (5 lots not
  accepted on tightened inspection): held like an Open check; decided only once a WMS Manager resumes
  inspection (api.qc.resume) and the check is re-planned.
- ``decide``: the units inspected (at least the sample), the nonconforming units per characteristic,
  and optionally how many units are accepted (partial acceptance after sorting). The verdict is the
  plan's: accepted when the nonconforming units are at most Ac. The (supplier, item) switching
  state counts the lot (original inspection only). The ERPNext Quality Inspection of the row is
  completed or made and submitted when ERPNext takes one (``erp.record_quality_inspection``). The
  accepted units go to storage (``services.qc_units.put_away_accepted``); the check is **Closed**
  when nothing was rejected, else **Awaiting Disposition**.
- ``services.qc_units.dispose``: the rejected units are returned to the supplier (a Purchase
  Return), scrapped (a Material Issue) or sent to rework (a new check of them, a resubmitted lot);
  **Closed** once all are disposed of.

A decision on a draft receipt (inspection before purchase) moves no stock: an accepted lot is put
away as usual on submit; a rejected one is received on QC hold and awaits its disposition.
"""

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
from wms_module.exceptions import WMSValidationError
from wms_module.services import qc_plans, qc_switching
from wms_module.services.managed import managed_warehouses
from wms_module.services.qc_plans import AQL_SAMPLING, SEVERITY_LABELS
from wms_module.services.rows import lock_row
from wms_module.services.service_doors import SERVICE_FLAG

QC_CHECK = "QC Check"
RECEIPT = "Purchase Receipt"
OPEN, AWAITING, CLOSED, DISCONTINUED, CANCELLED = (
	"Open",
	"Awaiting Disposition",
	"Closed",
	"Discontinued",
	"Cancelled",
)
HOLDING = (OPEN, AWAITING, DISCONTINUED)
"""Statuses whose lot is (or will be) in quarantine."""
ACCEPTED, REJECTED = "Accepted", "Rejected"
QC_HOLD_RULE = "QC hold"
"""How a hold task's putaway_rule starts: a Putaway task of a lot on QC hold, to quarantine."""
CHECK_FIELDS = (
	"name status item_code batch_no lot_size supplier purchase_receipt purchase_receipt_item warehouse "
	"resubmitted_from qc_plan method aql inspection_severity sample_size acceptance_number rejection_number "
	"decision decided_by decided_on accepted_qty rejected_qty disposed_qty quality_inspection"
).split()


# ------------------------------------------------------------------------------------ making checks


def on_receipt_submit(doc) -> None:
	"""doc_event, before the receipt's putaway is planned: its lines' checks (lines already checked
	before purchase keep theirs)."""
	if not doc.get("is_return"):
		create_checks(doc)


def on_receipt_cancel(doc) -> None:
	"""doc_event (after the receipt's stock and tasks are undone): its undecided checks, and those
	awaiting disposition, end as Cancelled (the units they held left with the receipt)."""
	names = frappe.get_all(
		QC_CHECK, filters={"purchase_receipt": doc.name, "status": ["in", list(HOLDING)]}, pluck="name"
	)
	for name in names:
		check = frappe.get_doc(QC_CHECK, name)
		check.status = CANCELLED
		check.remarks = "; ".join(
			x for x in (check.remarks, _("Purchase Receipt {0} cancelled").format(doc.name)) if x
		)
		_save(check)


def create_checks(purchase_receipt) -> list[str]:
	"""A QC Check for each line of the receipt (a document or its name) that a WMS QC Plan applies
	to, in a managed warehouse, and has none yet. Returns the names made. Queries: a constant for
	the receipt plus one insert per check."""
	doc = (
		purchase_receipt
		if not isinstance(purchase_receipt, str)
		else frappe.get_doc(RECEIPT, purchase_receipt, for_update=True)
	)
	if doc.docstatus == 2 or doc.get("is_return"):
		frappe.throw(
			_("Purchase Receipt {0} is {1}: it has no lots to inspect").format(
				doc.name, _("cancelled") if doc.docstatus == 2 else _("a return")
			),
			WMSValidationError,
		)
	managed = set(managed_warehouses({r.warehouse for r in doc.items if r.warehouse}))
	lines = [r for r in doc.items if r.warehouse in managed and flt(r.stock_qty or r.qty) > EPSILON]
	if not lines:
		return []
	existing = set(
		frappe.get_all(
			QC_CHECK,
			filters={
				"purchase_receipt": doc.name,
				"resubmitted_from": ["is", "not set"],
				"status": ["!=", CANCELLED],
			},
			pluck="purchase_receipt_item",
		)
	)
	lines = [r for r in lines if r.name not in existing]
	plans = qc_plans.plans_for((r.item_code, doc.supplier) for r in lines)
	states = qc_switching.states_of((doc.supplier, r.item_code) for r in lines)
	made = []
	for row in lines:
		plan = plans.get((row.item_code, doc.supplier))
		if plan:
			state = states.get((doc.supplier, row.item_code), sampling.START)
			made.append(insert_check(doc, row, plan, state.severity))
	return made


def insert_check(
	doc, row, plan: qc_plans.QCPlan, severity: str, *, lot_qty=None, resubmitted_from=None
) -> str:
	"""Insert one QC Check of ``row`` (its whole stock qty, or ``lot_qty``) under ``plan``."""
	lot = flt(lot_qty if lot_qty is not None else (row.stock_qty or row.qty))
	values = {
		"doctype": QC_CHECK,
		"status": OPEN,
		"item_code": row.item_code,
		"batch_no": row.get("batch_no") or None,
		"lot_size": lot,
		"supplier": doc.supplier,
		"purchase_receipt": doc.name,
		"purchase_receipt_item": row.name,
		"warehouse": row.warehouse,
		"resubmitted_from": resubmitted_from,
		"qc_plan": plan.name,
		"method": plan.method,
		"characteristics": [
			{"characteristic": c.characteristic, "specification": c.specification, "nonconforming": 0}
			for c in plan.characteristics
		],
		"quality_inspection": row.get("quality_inspection") or None,
	}
	if plan.method == AQL_SAMPLING:
		values.update(inspection_level=plan.inspection_level, aql=plan.aql)
	if severity == sampling.DISCONTINUED and not resubmitted_from:
		values.update(status=DISCONTINUED, inspection_severity=SEVERITY_LABELS[severity])
	else:
		values.update(
			_plan_values(
				plan,
				lot,
				sampling.NORMAL_SEVERITY
				if resubmitted_from and plan.method == AQL_SAMPLING and severity == sampling.DISCONTINUED
				else severity,
			)
		)
	check = frappe.get_doc(values)
	check.flags[SERVICE_FLAG] = True
	check.insert(ignore_permissions=True)
	return check.name


def _plan_values(plan: qc_plans.QCPlan, lot: float, severity: str) -> dict:
	p = qc_plans.lot_plan(plan, lot, severity)
	return {
		"inspection_severity": p.severity,
		"code_letter": p.code_letter,
		"sample_size": p.sample_size,
		"acceptance_number": p.acceptance_number,
		"rejection_number": p.rejection_number,
		"full_inspection": int(p.full_inspection),
	}


def held_lines(receipt: str) -> set[str]:
	"""The receipt's rows received on QC hold: an Open or Discontinued check, or one decided before
	purchase and rejected. One query."""
	return set(
		frappe.get_all(
			QC_CHECK,
			filters={
				"purchase_receipt": receipt,
				"status": ["in", list(HOLDING)],
				"resubmitted_from": ["is", "not set"],
			},
			pluck="purchase_receipt_item",
		)
	)


def resume_inspection(supplier: str, item_code: str) -> dict:
	"""Resume a discontinued inspection (on tightened) and plan its held lots again."""
	state = qc_switching.resume(supplier, item_code)
	held = frappe.get_all(
		QC_CHECK, filters={"supplier": supplier, "item_code": item_code, "status": DISCONTINUED}, pluck="name"
	)
	return {"inspection": SEVERITY_LABELS[state.severity], "checks": [replan(name) for name in held]}


def replan(check: str) -> str:
	"""A Discontinued check planned again once inspection has resumed (on tightened inspection)."""
	c = lock_row(QC_CHECK, check, CHECK_FIELDS)
	if c.status != DISCONTINUED:
		frappe.throw(_("QC Check {0} is {1}, not Discontinued").format(check, c.status), WMSValidationError)
	state = qc_switching.states_of([(c.supplier, c.item_code)]).get((c.supplier, c.item_code), sampling.START)
	if state.severity == sampling.DISCONTINUED:
		frappe.throw(
			_(
				"QC Check {0}: inspection of {1} from {2} is still discontinued; a WMS Manager resumes it first"
			).format(check, c.item_code, c.supplier),
			WMSValidationError,
		)
	plan = qc_plans.plans_for([(c.item_code, c.supplier)]).get((c.item_code, c.supplier))
	if not plan:
		frappe.throw(
			_("QC Check {0}: no enabled WMS QC Plan applies to {1} any more").format(check, c.item_code),
			WMSValidationError,
		)
	doc = frappe.get_doc(QC_CHECK, check)
	doc.update({"status": OPEN, **_plan_values(plan, flt(c.lot_size), state.severity)})
	_save(doc)
	return doc.name


def hold(tasks: list) -> list:
	"""Mark Putaway tasks of a lot on QC hold as hold tasks (their rule names why: quarantine)."""
	for t in tasks:
		t.putaway_rule = f"{QC_HOLD_RULE}; {t.putaway_rule or ''}"[:140]
	return tasks


# ------------------------------------------------------------------------------------ deciding


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
	from wms_module.services import qc_units

	c = lock_row(QC_CHECK, d.check, CHECK_FIELDS)
	receipt_status = frappe.db.get_value(RECEIPT, c.purchase_receipt, "docstatus")
	found, per_characteristic = check_decision(c, d)
	accepted = found <= cint(c.acceptance_number)
	accepted_qty = decided_qty(c, d, accepted, received=receipt_status == 1)
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
	_save(doc)
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


def decided_qty(c, d: QCDecision, accepted: bool, *, received: bool) -> float:
	"""The units accepted, checked: 0 to the lot; before receipt a lot is accepted or rejected whole."""
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
	return qty


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
	plan = qc_plans.plans_for([(c.item_code, c.supplier)]).get((c.item_code, c.supplier))
	lot = sampling.Lot(
		accepted=accepted,
		acceptance_number=cint(c.acceptance_number),
		accepted_one_step_tighter=bool(plan)
		and qc_plans.one_step_tighter_accepts(plan, flt(c.lot_size), found),
		production_steady=plan.production_steady if plan else True,
		reduced_approved=plan.reduced_approved if plan else False,
	)
	after = qc_switching.record_lot(c.supplier, c.item_code, lot, c.name)
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


def _save(doc) -> None:
	doc.flags[SERVICE_FLAG] = True
	doc.save(ignore_permissions=True)


def rework_check(parent, qty: float) -> str:
	"""The check of ``qty`` rejected units of ``parent`` sent to rework: inspected again when
	reworked, as a resubmitted lot (the switching rules do not count it), under the same plan."""
	receipt = frappe.get_doc(RECEIPT, parent.purchase_receipt)
	row = next(r for r in receipt.items if r.name == parent.purchase_receipt_item)
	plan = qc_plans.plans_for([(parent.item_code, parent.supplier)]).get((parent.item_code, parent.supplier))
	if not plan:
		frappe.throw(
			_(
				"QC Check {0}: no enabled WMS QC Plan applies to {1} any more, so a reworked lot cannot be planned"
			).format(parent.name, parent.item_code),
			WMSValidationError,
		)
	severity = (
		qc_switching.states_of([(parent.supplier, parent.item_code)])
		.get((parent.supplier, parent.item_code), sampling.START)
		.severity
	)
	return insert_check(receipt, row, plan, severity, lot_qty=qty, resubmitted_from=parent.name)
