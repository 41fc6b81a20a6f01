# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from wms_module.services.service_doors import refuse_changes_by_hand, refuse_delete, refuse_insert_by_hand

EDITABLE_FIELDS = frozenset({"remarks"})
"""What the desk or REST may change on a QC Check; the rest is written by services.qc only."""
HOW = "receipt submit, the handheld QC flow or api.qc: create_checks, decide, dispose"


class QCCheck(Document):
	"""One lot's inspection (services/qc.py): made per Purchase Receipt line a WMS QC Plan applies to,
	decided once (accept or reject, part of it accepted), its units then put away, returned, scrapped
	or reworked. Never made, changed or deleted by hand: its figures are the quarantine's ledger."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from wms_module.wms_module.doctype.qc_check_characteristic.qc_check_characteristic import (
			QCCheckCharacteristic,
		)
		from wms_module.wms_module.doctype.qc_check_disposition.qc_check_disposition import QCCheckDisposition

		acceptance_number: DF.Int
		accepted_qty: DF.Float
		aql: DF.Data | None
		batch_no: DF.Link | None
		characteristics: DF.Table[QCCheckCharacteristic]
		code_letter: DF.Data | None
		decided_by: DF.Link | None
		decided_on: DF.Datetime | None
		decision: DF.Literal["", "Accepted", "Rejected"]
		disposed_qty: DF.Float
		dispositions: DF.Table[QCCheckDisposition]
		full_inspection: DF.Check
		inspection_level: DF.Data | None
		inspection_severity: DF.Literal["Normal", "Tightened", "Reduced", "Discontinued"]
		item_code: DF.Link
		item_name: DF.Data | None
		lot_size: DF.Float
		method: DF.Data | None
		nonconforming: DF.Int
		purchase_receipt: DF.Link | None
		purchase_receipt_item: DF.Data | None
		qc_plan: DF.Link | None
		quality_inspection: DF.Link | None
		rejected_qty: DF.Float
		rejection_number: DF.Int
		remarks: DF.SmallText | None
		resubmitted_from: DF.Link | None
		sample_inspected: DF.Int
		sample_size: DF.Int
		status: DF.Literal["Open", "Awaiting Disposition", "Closed", "Discontinued", "Cancelled"]
		supplier: DF.Link | None
		warehouse: DF.Link | None
	# end: auto-generated types

	def before_insert(self):
		refuse_insert_by_hand(self, HOW)

	def validate(self):
		refuse_changes_by_hand(self, EDITABLE_FIELDS, HOW)

	def on_trash(self):
		import frappe

		from wms_module.services.qc_drafts import DELETING_FLAG

		if frappe.flags.get(DELETING_FLAG) == self.purchase_receipt and not self.decision:
			return  # an undecided check of a draft receipt being deleted goes with it
		refuse_delete(self, "it records an inspection and where its units went")


def on_doctype_update():
	import frappe

	# the QC Supplier Quality report reads the lots decided in a period (decided_on between two
	# dates): without it, a quarter's lots are found by reading every QC Check ever made
	frappe.db.add_index("QC Check", ["decided_on"])
	# the handheld's list of lots waiting in one warehouse (services.qc_views.open_checks)
	frappe.db.add_index("QC Check", ["warehouse", "status"])
