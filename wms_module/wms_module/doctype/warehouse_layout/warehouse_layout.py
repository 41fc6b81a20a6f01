# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from wms_module import erp
from wms_module.services import going_live


class WarehouseLayout(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		aisle_spacing: DF.Float
		bay_width: DF.Float
		bays_per_aisle: DF.Int
		cross_aisle_width: DF.Float
		cross_dock: DF.Check
		depot_aisle: DF.Int
		is_active: DF.Check
		n_aisles: DF.Int
		n_blocks: DF.Int
		receiving_bin: DF.Link | None
		returns_bin: DF.Link | None
		removal_strategy: DF.Literal[
			"", "FIFO", "FEFO", "LIFO", "Closest to Depot", "Fewest Bins", "Clear Small Quantities"
		]
		staging_bin: DF.Link | None
		warehouse: DF.Link

	# end: auto-generated types
	def validate(self):
		self.validate_leaf_warehouse()
		self.validate_geometry()
		self.validate_default_bins()
		self.validate_returns_bin()
		if self.was_active() and not self.is_active:
			going_live.check_can_deactivate(self.warehouse)

	def on_update(self):
		# after insert too (Frappe runs on_update on insert): turning management on adopts the stock
		if self.is_active and not self.was_active():
			going_live.on_activated(self.warehouse)

	def on_trash(self):
		if self.is_active:
			going_live.check_can_deactivate(self.warehouse)

	def was_active(self) -> bool:
		before = self.get_doc_before_save()
		return bool(before and before.is_active)

	def validate_leaf_warehouse(self):
		if erp.is_group_warehouse(self.warehouse):
			frappe.throw(
				_("Warehouse {0} is a group; a layout belongs to a leaf warehouse").format(self.warehouse)
			)

	def validate_geometry(self):
		for fieldname in ("n_aisles", "bays_per_aisle", "n_blocks"):
			if (self.get(fieldname) or 0) < 1:
				frappe.throw(
					_("{0} must be at least 1, got {1}").format(
						self.meta.get_label(fieldname), self.get(fieldname)
					)
				)
		for fieldname in ("bay_width", "aisle_spacing"):
			if (self.get(fieldname) or 0) <= 0:
				frappe.throw(
					_("{0} must be greater than 0, got {1}").format(
						self.meta.get_label(fieldname), self.get(fieldname)
					)
				)
		if not 0 <= (self.depot_aisle or 0) < self.n_aisles:
			frappe.throw(
				_("Depot aisle {0} is outside aisles 0 to {1}").format(self.depot_aisle, self.n_aisles - 1)
			)

	def validate_default_bins(self):
		for fieldname in ("receiving_bin", "staging_bin", "returns_bin"):
			name = self.get(fieldname)
			if name and frappe.db.get_value("Storage Bin", name, "warehouse") != self.warehouse:
				frappe.throw(
					_("{0} {1} is not a bin of {2}").format(
						self.meta.get_label(fieldname), name, self.warehouse
					)
				)

	def validate_returns_bin(self):
		"""Returned stock waits for inspection in a Returns zone, never where it could be picked."""
		if not self.returns_bin:
			return
		zone_type = frappe.db.get_value("Storage Bin", self.returns_bin, "zone_type")
		if zone_type != "Returns":
			frappe.throw(
				_("Returns Bin {0} is in a {1} zone; expected a bin of a Returns zone").format(
					self.returns_bin, zone_type or _("zoneless")
				)
			)
