# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from wms_module import erp
from wms_module.core.bins import barcode_value
from wms_module.services.storage import storage_bin_name


class StorageBin(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		aisle: DF.Data | None
		barcode: DF.Data | None
		bay: DF.Int
		bin_code: DF.Data
		bin_type: DF.Literal["Shelf", "Pallet Rack", "Floor", "Flow Rack", "Staging Lane", "Dock", "Virtual"]
		fixed_item: DF.Link | None
		is_unlocated: DF.Check
		layout_aisle: DF.Int
		layout_bay: DF.Int
		level: DF.Int
		max_qty: DF.Float
		max_volume: DF.Float
		max_weight: DF.Float
		mix_policy: DF.Literal["Mixed", "Single Item", "Single Batch"]
		pick_sequence: DF.Int
		pos_x: DF.Float
		pos_y: DF.Float
		position: DF.Int
		status: DF.Literal["Active", "Blocked", "Counting"]
		warehouse: DF.Link
		zone: DF.Link
		zone_type: DF.Data | None

	# end: auto-generated types
	def autoname(self):
		self.normalise_code()
		self.name = storage_bin_name(self.bin_code, self.warehouse)

	def validate(self):
		self.normalise_code()
		self.validate_unique_code()
		self.validate_leaf_warehouse()
		self.validate_zone_warehouse()
		self.barcode = barcode_value(self.bin_code)

	def normalise_code(self):
		self.bin_code = (self.bin_code or "").strip().upper()

	def validate_unique_code(self):
		clash = frappe.db.exists(
			"Storage Bin", {"warehouse": self.warehouse, "bin_code": self.bin_code, "name": ["!=", self.name]}
		)
		if clash:
			frappe.throw(
				_("Storage bin code {0} already exists in {1}").format(
					frappe.bold(self.bin_code), self.warehouse
				),
				frappe.DuplicateEntryError,
			)

	def validate_leaf_warehouse(self):
		if erp.is_group_warehouse(self.warehouse):
			frappe.throw(
				_("Warehouse {0} is a group; bins belong to a leaf warehouse").format(self.warehouse)
			)

	def validate_zone_warehouse(self):
		zone_warehouse = frappe.db.get_value("Storage Zone", self.zone, "warehouse")
		if zone_warehouse != self.warehouse:
			frappe.throw(
				_("Zone {0} belongs to {1}, not to the bin's warehouse {2}").format(
					self.zone, zone_warehouse, self.warehouse
				)
			)
