"""Where a QC Check's units are, and the moves that take them out of quarantine: the accepted units
to storage, the rejected ones back to the supplier, to scrap or to rework. The only door out of a
Quarantine bin (``services.moves`` and a Purchase Return made by hand refuse one).

A received lot on QC hold gets **hold tasks**: Putaway tasks of its receipt row (reference
Purchase Receipt / row) whose ``putaway_rule`` starts with ``QC_HOLD_RULE``, from the dock to
Quarantine bins. So, for an original check, always:

- in a quarantine bin: what its done hold tasks put there, less what its dispositions took from it;
- on the dock (the receiving bin): the lot, less what done hold tasks took away, less what
  dispositions took from the dock (open hold tasks, or none yet, may be about to move it).

A reworked lot's check (``resubmitted_from``) holds what its parent's Rework rows left, bin by bin.
Each disposition is a QC Check Disposition row (what, how many, from which bin, the document made),
so the figures above are the check's own ledger, and bins still equal ERPNext after every step:
the moves go through Putaway tasks, a Purchase Return or a Material Issue, each with its bin rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import flt, now_datetime

from wms_module import erp
from wms_module.core.bins import EPSILON, LedgerRow
from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.exceptions import WMSValidationError
from wms_module.roles import SUPERUSER_ROLES, WMS_MANAGER, WMS_SUPERVISOR, has_any_role
from wms_module.services import qc
from wms_module.services import tasks as task_service
from wms_module.services.putaway_planning import PutawayLine, putaway_tasks_for
from wms_module.services.qc import QC_HOLD_RULE, hold
from wms_module.services.quarantine import QC_DISPOSAL_FLAG
from wms_module.services.rows import lock_row
from wms_module.services.stock_sync import WMS_PLAN_FLAG, receiving_bins

ACCEPT, RETURN, SCRAP, REWORK = "Accept", "Return to Supplier", "Scrap", "Rework"
DISPOSITIONS = (RETURN, SCRAP, REWORK)


@dataclass
class Units:
	"""A check's units: per quarantine bin, and on the dock (with the open hold tasks moving them)."""

	quarantine: dict[str, float]
	dock_bin: str | None
	on_dock: float
	open_hold_tasks: list


def units_of(doc, *, lock: bool = False) -> Units:
	"""Where ``doc``'s (a QC Check document's) units are now. Two queries (``lock``: see hold_tasks)."""
	taken = defaultdict(float)
	for row in doc.dispositions:
		if row.from_bin:
			taken[row.from_bin] += flt(row.qty)
	if doc.resubmitted_from:
		quarantine = defaultdict(float)
		for r in frappe.get_all(
			"QC Check Disposition",
			filters={"parent": doc.resubmitted_from, "parenttype": "QC Check", "reference_name": doc.name},
			fields=["from_bin", "qty"],
		):
			quarantine[r.from_bin] += flt(r.qty)
		return Units(_less(quarantine, taken), None, 0.0, [])
	tasks = hold_tasks(doc, lock=lock)
	placed = defaultdict(float)
	for t in tasks:
		if t.status == TaskStatus.DONE.value:
			placed[t.destination_bin] += flt(t.qty)
	dock = next((t.source_bin for t in tasks), None) or receiving_bins([doc.warehouse]).get(doc.warehouse)
	on_dock = flt(doc.lot_size) - sum(placed.values()) - taken.get(dock, 0.0)
	open_tasks = [t for t in tasks if t.status != TaskStatus.DONE.value]  # active, or no room (Exception)
	return Units(_less(placed, taken), dock, max(0.0, on_dock), open_tasks)


def hold_tasks(doc, *, lock: bool = False) -> list:
	"""The Putaway tasks taking the check's receipt row (and batch) to quarantine, not cancelled. One
	query. ``lock``: their rows locked (``for update``), so a putaway being confirmed meanwhile is
	seen Done, never cancelled under the operator (the confirmation locks the task row first too)."""
	return frappe.db.sql(
		"""select name, status, qty, source_bin, destination_bin from `tabWarehouse Task`
		where reference_doctype = %(doctype)s and reference_name = %(receipt)s
			and reference_detail = %(row)s and task_type = %(putaway)s and putaway_rule like %(rule)s
			and status != %(cancelled)s and (%(batch)s is null or batch_no = %(batch)s)
		order by creation asc{}""".format(" for update" if lock else ""),
		{
			"doctype": "Purchase Receipt",
			"receipt": doc.purchase_receipt,
			"row": doc.purchase_receipt_item,
			"putaway": TaskType.PUTAWAY.value,
			"rule": f"{QC_HOLD_RULE}%",
			"cancelled": TaskStatus.CANCELLED.value,
			"batch": doc.batch_no or None,
		},
		as_dict=True,
	)


# ------------------------------------------------------------------------------------ taking units


def take(doc, qty: float, *, from_dock: bool) -> list[tuple[str, float]]:
	"""[(bin, qty)] of ``qty`` of the check's units: quarantine bins first (the fullest first), then,
	when ``from_dock``, the dock (its open hold tasks are cancelled and what stays on the dock is
	held again). Refused, naming where the units are, when there are not enough."""
	units = units_of(doc, lock=True)
	out, left = [], qty
	for bin_name, held in sorted(units.quarantine.items(), key=lambda kv: (-kv[1], kv[0])):
		q = min(held, left)
		if q > EPSILON:
			out.append((bin_name, q))
			left -= q
	if left > EPSILON and from_dock and units.on_dock > EPSILON:
		q = min(units.on_dock, left)
		out.append((units.dock_bin, q))
		left -= q
		_rehold_dock(doc, units, units.on_dock - q)
	if left > EPSILON:
		in_quarantine = sum(units.quarantine.values())
		frappe.throw(
			_(
				"QC Check {0}: {1} of its units are in quarantine and {2} still on the dock{3}; {4} are needed. Confirm the putaway to quarantine first"
			).format(
				doc.name,
				f"{in_quarantine:g}",
				f"{units.on_dock:g}",
				_(" (Warehouse Task {0})").format(", ".join(t.name for t in units.open_hold_tasks))
				if units.open_hold_tasks
				else "",
				f"{qty:g}",
			),
			WMSValidationError,
		)
	return out


def _rehold_dock(doc, units: Units, stays: float) -> None:
	"""The dock's open hold tasks end; what stays on the dock gets new hold tasks to quarantine."""
	task_service.change_status(  # a Putaway task holds no allocation: nothing to release
		units.open_hold_tasks,
		TaskStatus.CANCELLED,
		{
			"exception_reason": _("QC Check {0} decided on the dock").format(doc.name),
			"completed_on": now_datetime(),
		},
	)
	if stays > EPSILON:
		task_service.insert_tasks(
			hold(
				putaway_tasks_for(
					doc.warehouse,
					units.dock_bin,
					[
						PutawayLine(
							doc.item_code, stays, doc.batch_no, doc.purchase_receipt_item, qc_hold=True
						)
					],
					reference_doctype="Purchase Receipt",
					reference_name=doc.purchase_receipt,
				)
			)
		)


# ------------------------------------------------------------------------------------ dispositions


def put_away_accepted(doc, qty: float) -> list[str]:
	"""Putaway tasks of ``qty`` accepted units to storage, from wherever they are (a unit still on the
	dock goes straight to storage); each a disposition row of ``doc``. Returns the task names."""
	tasks = []
	for bin_name, q in take(doc, qty, from_dock=True):
		# one bin's tasks inserted before the next bin is planned: the engine counts open tasks'
		# loads, so two pallets are not both sent to the one bin with room for one
		planned = putaway_tasks_for(
			doc.warehouse,
			bin_name,
			[PutawayLine(doc.item_code, q, doc.batch_no, doc.purchase_receipt_item)],
			reference_doctype="QC Check",
			reference_name=doc.name,
		)
		task_service.insert_tasks(task_service.why_first(planned, "QC accepted"))
		tasks += planned
	for t in tasks:
		_record(doc, ACCEPT, t.qty, t.source_bin, ("Warehouse Task", t.name))
	return [t.name for t in tasks]


@dataclass
class QCDisposal:
	check: str
	disposition: str
	qty: float
	reason: str | None = None


def dispose(d: QCDisposal) -> dict:
	"""Return, scrap or rework ``qty`` of the check's rejected units (from quarantine)."""
	check_disposal(d)
	# a second disposition of the same units waits, then counts the first's
	lock_row(qc.QC_CHECK, d.check, ["name"])
	doc = frappe.get_doc(qc.QC_CHECK, d.check)
	qty = disposal_qty(doc, d)
	taken = take(doc, qty, from_dock=False)
	if d.disposition == RETURN:
		document = ("Purchase Receipt", return_to_supplier(doc, taken, d.reason))
	elif d.disposition == SCRAP:
		document = ("Stock Entry", scrap(doc, taken, d.reason))
	else:
		document = ("QC Check", qc.rework_check(doc, qty))
	for bin_name, q in taken:
		_record(doc, d.disposition, q, bin_name, document, reason=d.reason)
	doc.disposed_qty = flt(doc.disposed_qty) + qty
	if doc.disposed_qty >= flt(doc.rejected_qty) - EPSILON:
		doc.status = qc.CLOSED
	qc.save(doc)
	return {
		"check": doc.name,
		"status": doc.status,
		"disposition": d.disposition,
		"qty": qty,
		"document_type": document[0],
		"document": document[1],
		"left_to_dispose": flt(doc.rejected_qty) - flt(doc.disposed_qty),
	}


def check_disposal(d: QCDisposal) -> None:
	if d.disposition not in DISPOSITIONS:
		frappe.throw(
			_("disposition must be one of {0}; got {1!r}").format(", ".join(DISPOSITIONS), d.disposition),
			WMSValidationError,
		)
	if d.disposition in (RETURN, SCRAP) and not has_any_role(WMS_MANAGER, WMS_SUPERVISOR, *SUPERUSER_ROLES):
		frappe.throw(
			_("{0} writes stock off in ERPNext: a WMS Supervisor or Manager decides it").format(
				d.disposition
			),
			frappe.PermissionError,
		)


def disposal_qty(doc, d: QCDisposal) -> float:
	if doc.status != qc.AWAITING:
		frappe.throw(
			_(
				"QC Check {0} is {1}: only a decided check with rejected units awaiting disposition is disposed of"
			).format(doc.name, doc.status),
			WMSValidationError,
		)
	if frappe.db.get_value("Purchase Receipt", doc.purchase_receipt, "docstatus") != 1:
		frappe.throw(
			_(
				"QC Check {0}: Purchase Receipt {1} is not submitted; its units are not in the warehouse yet"
			).format(doc.name, doc.purchase_receipt),
			WMSValidationError,
		)
	left = flt(doc.rejected_qty) - flt(doc.disposed_qty)
	qty = flt(d.qty)
	if qty <= EPSILON or qty > left + EPSILON:
		frappe.throw(
			_(
				"QC Check {0}: qty must be more than 0 and at most the {1} rejected units left to dispose of; got {2}"
			).format(doc.name, f"{left:g}", d.qty),
			WMSValidationError,
		)
	return qty


def return_to_supplier(doc, taken: list[tuple[str, float]], reason: str | None) -> str:
	return erp.make_purchase_return(
		doc.purchase_receipt,
		doc.purchase_receipt_item,
		[erp.ReturnRow(bin_name, q) for bin_name, q in taken],
		remarks=_("Rejected on QC Check {0}{1}").format(doc.name, f": {reason}" if reason else ""),
		flags={QC_DISPOSAL_FLAG: True},
	)


def scrap(doc, taken: list[tuple[str, float]], reason: str | None) -> str:
	uom = frappe.db.get_value("Item", doc.item_code, "stock_uom")
	return erp.make_material_issue(
		erp.MaterialIssue(
			warehouse=doc.warehouse,
			item_code=doc.item_code,
			qty=sum(q for _b, q in taken),
			uom=uom,
			batch_no=doc.batch_no,
			remarks=_("Scrapped on QC Check {0}{1}").format(doc.name, f": {reason}" if reason else ""),
		),
		flags={
			WMS_PLAN_FLAG: [LedgerRow(b, doc.warehouse, doc.item_code, doc.batch_no, -q) for b, q in taken]
		},
	)


def _record(
	doc, disposition: str, qty: float, from_bin: str | None, document: tuple[str, str], reason=None
) -> None:
	"""One disposition row: ``document`` is the (doctype, name) it made."""
	ref_type, ref_name = document
	doc.append(
		"dispositions",
		{
			"disposition": disposition,
			"qty": qty,
			"from_bin": from_bin,
			"reference_doctype": ref_type,
			"reference_name": ref_name,
			"done_by": frappe.session.user,
			"done_on": now_datetime(),
			"reason": reason,
		},
	)


def _less(have: dict[str, float], taken: dict[str, float]) -> dict[str, float]:
	return {b: q - taken.get(b, 0.0) for b, q in have.items() if q - taken.get(b, 0.0) > EPSILON}
