# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class PickWave(Document):
	"""Orders picked together; planning and release live in services/waves.py (api/waves.py)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from wms_module.wms_module.doctype.pick_wave_order.pick_wave_order import PickWaveOrder
		from wms_module.wms_module.doctype.pick_wave_tour.pick_wave_tour import PickWaveTour

		customer: DF.Link | None
		delivery_date_cutoff: DF.Date | None
		done_lines: DF.Int
		max_lines: DF.Int
		max_orders: DF.Int
		max_volume: DF.Float
		max_weight: DF.Float
		min_priority: DF.Literal["", "High", "Urgent"]
		order_cutoff: DF.Datetime | None
		orders: DF.Table[PickWaveOrder]
		percent_lines: DF.Percent
		percent_units: DF.Percent
		picked_qty: DF.Float
		picking_mode: DF.Literal["Batch", "Cluster", "Zone"]
		release_method: DF.Literal["Manual", "By Delivery Date"]
		released_on: DF.Datetime | None
		shipping_rule: DF.Link | None
		status: DF.Literal["Draft", "Planned", "Released", "In Progress", "Completed", "Cancelled"]
		total_lines: DF.Int
		total_qty: DF.Float
		total_volume: DF.Float
		total_weight: DF.Float
		tours: DF.Table[PickWaveTour]
		warehouse: DF.Link
		zone: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.validate_unique_orders()
		self.validate_orders_submitted()
		self.validate_cutoff()
		self.validate_zone()

	def validate_unique_orders(self):
		seen = set()
		for row in self.orders:
			if row.sales_order in seen:
				frappe.throw(_("Sales Order {0} is listed twice in the wave").format(row.sales_order))
			seen.add(row.sales_order)

	def validate_orders_submitted(self):
		orders = [row.sales_order for row in self.orders]
		if not orders:
			return
		states = {
			r[0]: (r[1], r[2])
			for r in frappe.get_all(
				"Sales Order",
				filters={"name": ["in", orders]},
				fields=["name", "docstatus", "status"],
				as_list=True,
			)
		}
		for so in orders:
			docstatus, status = states.get(so, (None, None))
			if docstatus != 1:
				frappe.throw(
					_("Sales Order {0} is not submitted; only submitted orders can be picked").format(so)
				)
			if status in ("On Hold", "Closed"):
				frappe.throw(
					_("Sales Order {0} is {1}; resume or re-open it before it joins a wave").format(
						so, status
					)
				)

	def validate_cutoff(self):
		if self.release_method == "By Delivery Date" and not self.delivery_date_cutoff:
			frappe.throw(_("A wave released by delivery date needs a Delivery Date Cut-off"))

	def validate_zone(self):
		if not self.get("zone"):
			return
		zone_warehouse = frappe.db.get_value("Storage Zone", self.zone, "warehouse")
		if zone_warehouse != self.warehouse:
			frappe.throw(
				_("Zone {0} is in warehouse {1}, not in the wave's warehouse {2}").format(
					self.zone, zone_warehouse, self.warehouse
				)
			)
