# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from wms_module import erp
from wms_module.services.storage import storage_zone_name


class StorageZone(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText | None
		hazard_class: DF.Literal["", "Flammable", "Corrosive", "Toxic", "Oxidizing", "Compressed Gas"]
		picking_sequence: DF.Int
		temperature_class: DF.Literal["Ambient", "Chilled", "Frozen"]
		velocity_class: DF.Literal["", "A", "B", "C"]
		warehouse: DF.Link
		zone_code: DF.Data
		zone_type: DF.Literal[
			"Receiving",
			"Reserve",
			"Pick",
			"Staging",
			"Packing",
			"Shipping",
			"Quarantine",
			"Returns",
			"Unlocated",
		]

	# end: auto-generated types
	def autoname(self):
		self.zone_code = (self.zone_code or "").strip().upper()
		self.name = storage_zone_name(self.zone_code, self.warehouse)

	def validate(self):
		self.validate_leaf_warehouse()

	def validate_leaf_warehouse(self):
		if erp.is_group_warehouse(self.warehouse):
			frappe.throw(
				_("Warehouse {0} is a group; zones belong to a leaf warehouse").format(self.warehouse)
			)
