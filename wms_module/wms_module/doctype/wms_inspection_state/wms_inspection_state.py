# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from wms_module.services.service_doors import refuse_changes_by_hand, refuse_delete, refuse_insert_by_hand

HOW = "a QC decision (api.qc.decide) or a resume (api.qc.resume)"


class WMSInspectionState(Document):
	"""ISO 2859-1 switching state of one (supplier, item) (core/sampling.py): written by the QC
	decisions only (services/qc_switching.py), read when a QC Check is made."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		accepted_in_a_row: DF.Int
		item_code: DF.Link
		last_check: DF.Link | None
		last_decided_on: DF.Datetime | None
		lots_inspected: DF.Int
		lots_rejected: DF.Int
		not_accepted_on_tightened: DF.Int
		recent_on_normal: DF.Data | None
		severity: DF.Literal["Normal", "Tightened", "Reduced", "Discontinued"]
		supplier: DF.Link
		switching_score: DF.Int
	# end: auto-generated types

	def before_insert(self):
		refuse_insert_by_hand(self, HOW)

	def validate(self):
		refuse_changes_by_hand(self, frozenset(), HOW)

	def on_trash(self):
		refuse_delete(self, "the switching rules read it")


def on_doctype_update():
	import frappe

	frappe.db.add_unique("WMS Inspection State", ["supplier", "item_code"], "supplier_item")
