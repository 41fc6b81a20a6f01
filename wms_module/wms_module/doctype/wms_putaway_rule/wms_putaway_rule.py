# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

APPLIES_TO_FIELD = {"Item": "item_code", "Item Group": "item_group", "Storage Class": "storage_class"}
"""The field that names what a rule applies to, per Applies To."""


class WMSPutawayRule(Document):
	"""Directed putaway configuration: an item, an item group (and its sub-groups) or a storage class
	-> a Storage Zone and/or a bin type, preferred ("Prefer") or exclusive ("Only"), by priority.
	The engine (core/putaway.py) reads the enabled rules of a warehouse (services/putaway_planning.py).
	Named "WMS Putaway Rule" so as not to collide with ERPNext's own "Putaway Rule" (one item x one
	warehouse with a quantity cap)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		applies_to: DF.Literal["Item", "Item Group", "Storage Class"]
		bin_type: DF.Literal[
			"", "Shelf", "Pallet Rack", "Floor", "Flow Rack", "Staging Lane", "Dock", "Virtual"
		]
		description: DF.SmallText | None
		enabled: DF.Check
		item_code: DF.Link | None
		item_group: DF.Link | None
		priority: DF.Int
		rule_type: DF.Literal["Prefer", "Only"]
		storage_class: DF.Data | None
		warehouse: DF.Link | None
		zone: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.keep_one_target_field()
		self.validate_destination()

	def keep_one_target_field(self):
		"""The field Applies To names must be set; the other two are cleared (a rule applies to one thing)."""
		own = APPLIES_TO_FIELD[self.applies_to]
		if self.get(own):
			self.set(own, self.get(own).strip())
		if not self.get(own):
			frappe.throw(
				_("A rule that applies to {0} needs {1}").format(
					_(self.applies_to), frappe.bold(_(self.meta.get_label(own)))
				),
				frappe.MandatoryError,
			)
		for fieldname in APPLIES_TO_FIELD.values():
			if fieldname != own:
				self.set(fieldname, None)

	def validate_destination(self):
		if not self.zone and not self.bin_type:
			frappe.throw(
				_("Give a Storage Zone or a Bin Type: the rule must say where the items go"),
				frappe.MandatoryError,
			)
		if self.priority is not None and int(self.priority) < 0:
			frappe.throw(_("Priority must be 0 or more, got {0}").format(self.priority))
		if self.zone:
			zone_warehouse = frappe.db.get_value("Storage Zone", self.zone, "warehouse")
			if self.warehouse and zone_warehouse != self.warehouse:
				frappe.throw(
					_("Storage Zone {0} is in {1}, not in the rule's warehouse {2}").format(
						frappe.bold(self.zone), zone_warehouse, self.warehouse
					)
				)
			self.warehouse = self.warehouse or zone_warehouse  # a zone belongs to one warehouse
