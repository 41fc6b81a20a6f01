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

import frappe
from frappe import _
from frappe.utils import flt

from wms_module.core import sampling
from wms_module.core.bins import EPSILON
from wms_module.core.qc_checks import HOLDING, SEVERITY_LABELS, QCCheckStatus
from wms_module.exceptions import WMSValidationError
from wms_module.services import qc_lots, qc_plans, qc_switching
from wms_module.services.managed import managed_warehouses
from wms_module.services.qc_lots import ReceiptLot
from wms_module.services.qc_plans import AQL_SAMPLING
from wms_module.services.service_doors import SERVICE_FLAG
from wms_module.services.tasks import why_first

QC_CHECK = "QC Check"
RECEIPT = "Purchase Receipt"
OPEN, AWAITING, CLOSED, DISCONTINUED, CANCELLED = (s.value for s in QCCheckStatus)
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


def before_receipt_cancel(doc) -> None:
	"""doc_event: a receipt whose checked units have moved on through their checks (accepted to
	storage, returned, scrapped, reworked) is not cancelled: undoing it would take another lot's
	units from quarantine, or leave the checks' tasks moving stock the receipt no longer brings.
	Two queries."""
	# the checks locked before the receipt's stock and tasks are undone: a decision waits (the order
	# a decision takes: its check, then the tasks), and then finds its check Cancelled
	checks = [
		r[0]
		for r in frappe.db.sql(
			"select name from `tabQC Check` where purchase_receipt = %s order by name for update", (doc.name,)
		)
	]
	moved = (
		frappe.get_all(
			"QC Check Disposition",
			filters={"parenttype": QC_CHECK, "parent": ["in", checks]},
			fields=["parent", "disposition", "reference_name"],
			limit=1,
		)
		if checks
		else []
	)
	if moved:
		frappe.throw(
			_(
				"Purchase Receipt {0} cannot be cancelled: QC Check {1} has already dealt with its units ({2}: {3}); reverse that first"
			).format(doc.name, moved[0].parent, moved[0].disposition, moved[0].reference_name),
			WMSValidationError,
			title=_("Inspected units have moved on"),
		)


def on_receipt_cancel(doc) -> None:
	"""doc_event (after the receipt's stock and tasks are undone): its undecided checks, and those
	awaiting disposition, end as Cancelled (the units they held left with the receipt)."""
	names = frappe.get_all(
		QC_CHECK,
		filters={"purchase_receipt": doc.name, "status": ["in", list(HOLDING)]},
		pluck="name",
		order_by="name asc",
	)
	if not names:
		return
	note = _("Purchase Receipt {0} cancelled").format(doc.name)
	for name in names:  # a receipt's few checks; each saved through its door (remarks appended)
		check = frappe.get_doc(QC_CHECK, name, for_update=True)
		check.status = CANCELLED
		check.remarks = "; ".join(x for x in (check.remarks, note) if x)
		save(check)


def create_checks(purchase_receipt, *, skipped: dict | None = None) -> list[str]:
	"""A QC Check for each lot (line and batch: ``services.qc_lots``) of the receipt (a document or
	its name) that a WMS QC Plan applies to, in a managed warehouse, and has none yet. Returns the
	names made; ``skipped`` (on demand, a submitted receipt) gets the lines left out and why.
	Queries: a constant for the receipt plus one insert per check."""
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
	existing = {
		(r.purchase_receipt_item, r.batch_no or None)
		for r in frappe.get_all(
			QC_CHECK,
			filters={
				"purchase_receipt": doc.name,
				"resubmitted_from": ["is", "not set"],
				"status": ["!=", CANCELLED],
			},
			fields=["purchase_receipt_item", "batch_no"],
		)
	}
	lots = [lot for lot in qc_lots.lots_of(lines) if (lot.row.name, lot.batch_no) not in existing]
	plans = qc_plans.plans_for((lot.row.item_code, doc.supplier) for lot in lots)
	lots = [lot for lot in lots if (lot.row.item_code, doc.supplier) in plans]
	if doc.docstatus == 1 and skipped is not None:  # on demand: only lots still whole on the dock
		lots, why = qc_lots.still_whole_on_the_dock(doc, lots)
		skipped.update(why)
	states = qc_switching.states_of((doc.supplier, lot.row.item_code) for lot in lots)
	return [
		insert_check(
			doc,
			lot,
			plans[(lot.row.item_code, doc.supplier)],
			states.get((doc.supplier, lot.row.item_code), sampling.START).severity,
		)
		for lot in lots
	]


def create_checks_on_demand(purchase_receipt: str) -> dict:
	"""``create_checks`` from the form or REST: the checks made, and the lines left out, with why."""
	skipped: dict[str, str] = {}
	made = create_checks(purchase_receipt, skipped=skipped)
	return {
		"purchase_receipt": purchase_receipt,
		"checks": made,
		"skipped": [{"purchase_receipt_item": row, "reason": why} for row, why in skipped.items()],
	}


def insert_check(
	doc, receipt_lot: ReceiptLot, plan: qc_plans.QCPlan, severity: str, *, resubmitted_from=None
) -> str:
	"""Insert one QC Check of ``receipt_lot`` under ``plan``."""
	row, lot = receipt_lot.row, flt(receipt_lot.qty)
	values = {
		"doctype": QC_CHECK,
		"status": OPEN,
		"item_code": row.item_code,
		"batch_no": receipt_lot.batch_no,
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
			plan_values(
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


def plan_values(plan: qc_plans.QCPlan, lot: float, severity: str) -> dict:
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
	return {
		"inspection": SEVERITY_LABELS[state.severity],
		"checks": follow_switch(supplier, item_code, state.severity),
	}


def tasks_of_checks(receipt: str) -> list:
	"""The Warehouse Tasks of the receipt's QC Checks (their accepted units' putaway). Two queries."""
	from wms_module.services.tasks import READ_FIELDS

	checks = frappe.get_all(QC_CHECK, filters={"purchase_receipt": receipt}, pluck="name")
	if not checks:
		return []
	return frappe.get_all(
		"Warehouse Task",
		filters={"reference_doctype": QC_CHECK, "reference_name": ["in", checks]},
		fields=list(READ_FIELDS),
	)


def follow_switch(supplier: str, item_code: str, severity: str) -> list[str]:
	"""The pair's lots not inspected yet follow a switch: planned again at ``severity`` (the next lot
	inspected is inspected as the switching rules now say), or held Discontinued. Returns the checks
	changed. A constant number of reads, then one save per check."""
	waiting = frappe.get_all(
		QC_CHECK,
		filters={
			"supplier": supplier,
			"item_code": item_code,
			"status": ["in", [OPEN, DISCONTINUED]],
			"method": AQL_SAMPLING,
			"resubmitted_from": ["is", "not set"],
		},
		fields=["name", "lot_size", "inspection_severity", "status"],
		order_by="name asc",
	)
	label = SEVERITY_LABELS[severity]
	waiting = [c for c in waiting if c.inspection_severity != label]
	plan = qc_plans.plan_of(item_code, supplier) if waiting else None
	changed = []
	for c in waiting:
		doc = frappe.get_doc(QC_CHECK, c.name, for_update=True)
		if severity == sampling.DISCONTINUED:
			doc.update({"status": DISCONTINUED, "inspection_severity": label})
		elif plan:
			doc.update({"status": OPEN, **plan_values(plan, flt(c.lot_size), severity)})
		else:
			continue  # no plan applies any more: the check keeps its plan (a manager may decide it)
		save(doc)
		changed.append(doc.name)
	return changed


def hold(tasks: list) -> list:
	"""Mark Putaway tasks of a lot on QC hold as hold tasks (their rule names why: quarantine)."""
	return why_first(tasks, QC_HOLD_RULE)


def save(doc) -> None:
	doc.flags[SERVICE_FLAG] = True
	doc.save(ignore_permissions=True)


def rework_check(parent, qty: float) -> str:
	"""The check of ``qty`` rejected units of ``parent`` sent to rework: inspected again when
	reworked, as a resubmitted lot (the switching rules do not count it), under the same plan."""
	receipt = frappe.get_doc(RECEIPT, parent.purchase_receipt)
	row = next(r for r in receipt.items if r.name == parent.purchase_receipt_item)
	plan = qc_plans.plan_of(parent.item_code, parent.supplier)
	if not plan:
		frappe.throw(
			_(
				"QC Check {0}: no enabled WMS QC Plan applies to {1} any more, so a reworked lot cannot be planned"
			).format(parent.name, parent.item_code),
			WMSValidationError,
		)
	severity = qc_switching.severity_of(parent.supplier, parent.item_code)
	return insert_check(
		receipt, ReceiptLot(row, parent.batch_no, qty), plan, severity, resubmitted_from=parent.name
	)
