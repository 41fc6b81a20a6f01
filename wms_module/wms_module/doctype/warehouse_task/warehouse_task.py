# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from wms_module.core.tasks import check_transition
from wms_module.exceptions import core_errors_as_validation


class WarehouseTask(Document):
	"""One unit of floor work (pick, putaway, move, replenish, count).

	The outbound services create and update tasks in bulk (services/tasks.py); this
	controller guards edits made through the desk or REST.
	"""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		assigned_to: DF.Link | None
		batch_no: DF.Link | None
		book_qty_at_count: DF.Float
		completed_on: DF.Datetime | None
		confirmed_by: DF.Link | None
		counted_by: DF.Link | None
		counted_on: DF.Datetime | None
		counted_qty: DF.Float
		created_on: DF.Datetime | None
		delivery_date: DF.Date | None
		delivery_note: DF.Link | None
		destination_bin: DF.Link | None
		exception_reason: DF.SmallText | None
		item_code: DF.Link
		pick_wave: DF.Link | None
		picked_qty: DF.Float
		priority: DF.Int
		qty: DF.Float
		reference_detail: DF.Data | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		sequence: DF.Int
		short_qty: DF.Float
		source_bin: DF.Link | None
		started_on: DF.Datetime | None
		status: DF.Literal["Open", "Assigned", "In Progress", "Done", "Cancelled", "Exception"]
		task_type: DF.Literal["Pick", "Putaway", "Move", "Replenish", "Count"]
		tote: DF.Data | None
		tour: DF.Int
		uom: DF.Link | None
		warehouse: DF.Link
		zone: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.validate_qty()
		self.validate_status_change()
		self.validate_bins_in_warehouse()

	def validate_qty(self):
		if (self.qty or 0) <= 0:
			frappe.throw(_("Warehouse Task qty must be greater than 0, got {0}").format(self.qty))
		if (self.picked_qty or 0) > self.qty + 1e-9:
			frappe.throw(_("Done qty {0} exceeds the task qty {1}").format(self.picked_qty, self.qty))

	def validate_status_change(self):
		before = self.get_doc_before_save()
		if before and before.status != self.status:
			with core_errors_as_validation():
				check_transition(self.name, before.status, self.status)

	def validate_bins_in_warehouse(self):
		bins = [b for b in (self.source_bin, self.destination_bin) if b]
		if not bins:
			return
		for name, warehouse in frappe.get_all(
			"Storage Bin", filters={"name": ["in", bins]}, fields=["name", "warehouse"], as_list=True
		):
			if warehouse != self.warehouse:
				frappe.throw(
					_("Storage Bin {0} is in {1}, not in the task's warehouse {2}").format(
						name, warehouse, self.warehouse
					)
				)
