# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model import no_value_fields
from frappe.model.document import Document
from frappe.utils import flt


class WarehouseTask(Document):
	"""One unit of floor work (pick, putaway, move, replenish, count).

	The services create and update tasks in bulk (services/tasks.py) through the lifecycle of
	core/tasks.py, with the bin ledger. Through the desk or REST, for every role, a task is never
	made, deleted, or changed in what it says about stock; only ``EDITABLE_FIELDS`` (assignee,
	priority, tote) may be.
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
		item_code: DF.Link | None
		override_reason: DF.SmallText | None
		pick_wave: DF.Link | None
		picked_qty: DF.Float
		priority: DF.Int
		putaway_rule: DF.Data | None
		qty: DF.Float
		reference_detail: DF.Data | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		sequence: DF.Int
		short_qty: DF.Float
		source_bin: DF.Link | None
		sscc: DF.Data | None
		started_on: DF.Datetime | None
		status: DF.Literal[
			"Open", "Assigned", "In Progress", "Awaiting Approval", "Done", "Cancelled", "Exception"
		]
		suggested_bin: DF.Link | None
		task_type: DF.Literal["Pick", "Putaway", "Move", "Replenish", "Count"]
		tote: DF.Data | None
		tour: DF.Int
		uom: DF.Link | None
		warehouse: DF.Link
		zone: DF.Link | None

	# end: auto-generated types

	def before_insert(self):
		frappe.throw(
			_(
				"Warehouse Tasks are made by the WMS (order allocation, waves, counts), not through the desk or"
				" REST: a task made by hand would hold no bin allocation"
			),
			frappe.PermissionError,
		)

	def validate(self):
		changed = [
			f.fieldname
			for f in self.meta.fields
			if f.fieldtype not in no_value_fields
			and f.fieldname not in EDITABLE_FIELDS
			and self.is_changed(f.fieldname)
		]
		if changed:
			frappe.throw(
				_(
					"Warehouse Task {0}: {1} change only through the WMS (confirm a pick, submit, approve or"
					" recount a count, edit or cancel the order), so that the bins follow; nobody edits them here"
				).format(self.name, ", ".join(self.meta.get_label(f) for f in changed)),
				frappe.PermissionError,
			)

	def on_trash(self):
		frappe.throw(
			_(
				"Warehouse Task {0} cannot be deleted: it holds or records stock; cancel its order or let the"
				" WMS cancel it"
			).format(self.name),
			frappe.PermissionError,
		)

	def is_changed(self, fieldname: str) -> bool:
		"""``has_value_changed`` with an empty value equal to None and numbers compared as numbers
		(the desk sends the whole document back, REST what it was given)."""
		before = self.get_doc_before_save()
		old, new = before.get(fieldname) if before else None, self.get(fieldname)
		if isinstance(old, int | float) or isinstance(new, int | float):
			return abs(flt(old) - flt(new)) > 1e-9
		if not old and not new:
			return False
		return self.has_value_changed(fieldname)


EDITABLE_FIELDS = frozenset({"priority", "assigned_to", "tote"})
"""What a supervisor may change on a task through the desk or REST; every other field says
something about stock and is written by the services only (services/tasks.py and the
confirmations), through the lifecycle of core/tasks.py and the bin ledger. A new field is
protected unless it is added here."""


def on_doctype_update():
	"""Composite indexes (Frappe runs this after the DocType is synced: doctype.py ``on_update``),
	for the handheld's work list (``services.task_lists``), which otherwise reads history:

	- ``(assigned_to, status)``: an operator's open tasks, not every task they ever did (on
	``assigned_to`` alone a year of picks is read for each list);
	- ``(pick_wave, assigned_to, status)``: the tasks of released tours queued for anyone, not every
	task the waves ever had (on ``pick_wave`` alone: 11-20 ms per list at 6,000 tasks of open
	waves on MariaDB, tools/realbench/scale_check.sh);
	- ``(pick_wave, tour, sequence)``: a confirmation's labour row looks up the tour's previous stop
	and its open stops (services.labor), a short pick re-numbers the tour (services.tours); on
	``pick_wave`` alone each reads the whole wave (the labour context query: 5 ms, 1.1 ms with it, of
	a 17 ms confirmation at 500-line waves on the scale site);
	- ``(destination_bin, status)``: what open Putaway tasks are bringing to a bin, re-checked by
	every putaway confirmation (services.putaway.incoming), not every task that ever filled it."""
	frappe.db.add_index("Warehouse Task", ["assigned_to", "status"])
	frappe.db.add_index("Warehouse Task", ["pick_wave", "assigned_to", "status"])
	frappe.db.add_index("Warehouse Task", ["pick_wave", "tour", "sequence"])
	frappe.db.add_index("Warehouse Task", ["destination_bin", "status"])
