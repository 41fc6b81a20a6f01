"""QC Checks made on a draft Purchase Receipt (an item ERPNext inspects before purchase) follow the
draft until it is submitted or deleted: a check is of the lot the row will receive, so

- on submit, an undecided check of a row whose qty changed is planned again for the new lot (the
  sample follows the lot size), and one of a row removed is cancelled; a decided check whose row
  changed or went refuses the submit, naming both (its decision was about another lot);
- a draft deleted takes its undecided checks with it (a decided one has a submitted Quality
  Inspection, and ERPNext refuses the delete itself).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from wms_module.core import sampling
from wms_module.core.bins import EPSILON
from wms_module.exceptions import WMSValidationError
from wms_module.services import qc_plans, qc_switching
from wms_module.services.qc import CANCELLED, OPEN, QC_CHECK, plan_values, save

DELETING_FLAG = "wms_qc_draft_receipt_deleted"
"""frappe.flags key: the draft receipt being deleted, whose undecided checks QC Check.on_trash lets go."""


def before_receipt_submit(doc) -> None:
	"""doc_event: the checks made on the draft match what it receives (see the module docstring)."""
	checks = frappe.get_all(
		QC_CHECK,
		filters={
			"purchase_receipt": doc.name,
			"status": ["!=", CANCELLED],
			"resubmitted_from": ["is", "not set"],
		},
		fields=["name", "status", "decision", "purchase_receipt_item", "batch_no", "lot_size", "item_code"],
	)
	rows = {r.name: r for r in doc.items}
	for c in checks:
		row = rows.get(c.purchase_receipt_item)
		lot = flt(row.stock_qty or row.qty) if row and not c.batch_no else (flt(c.lot_size) if row else 0.0)
		if row and abs(lot - flt(c.lot_size)) <= EPSILON:
			continue
		if c.decision:
			frappe.throw(
				_(
					"QC Check {0} decided a lot of {1} of {2} on this receipt, which now {3}; submit the receipt as inspected, or receive the change on a new receipt"
				).format(
					c.name,
					f"{flt(c.lot_size):g}",
					c.item_code,
					_("receives {0}").format(f"{lot:g}") if row else _("has no such line"),
				),
				WMSValidationError,
				title=_("Inspected lot changed"),
			)
		_follow(doc, c, lot)


def _follow(doc, c, lot: float) -> None:
	check = frappe.get_doc(QC_CHECK, c.name)
	if lot <= EPSILON:
		check.status = CANCELLED
		check.remarks = "; ".join(x for x in (check.remarks, _("its line left the receipt")) if x)
	else:
		plan = qc_plans.plan_of(c.item_code, doc.supplier)
		severity = qc_switching.severity_of(doc.supplier, c.item_code)
		if not plan or severity == sampling.DISCONTINUED:
			return
		check.lot_size = lot
		check.update(plan_values(plan, lot, severity))
	save(check)


def on_receipt_trash(doc) -> None:
	"""doc_event (a draft deleted): its undecided checks go with it."""
	names = frappe.get_all(
		QC_CHECK,
		filters={
			"purchase_receipt": doc.name,
			"decision": ["in", ["", None]],
			"status": ["in", [OPEN, CANCELLED]],
		},
		pluck="name",
	)
	frappe.flags[DELETING_FLAG] = doc.name
	try:
		for name in names:
			frappe.delete_doc(QC_CHECK, name, ignore_permissions=True)
	finally:
		frappe.flags.pop(DELETING_FLAG, None)
