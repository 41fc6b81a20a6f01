# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from wms_module.core.errors import InvalidInput
from wms_module.core.putaway import parse_rule_order


class WMSSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from wms_module.wms_module.doctype.wms_customer_shelf_life.wms_customer_shelf_life import (
			WMSCustomerShelfLife,
		)
		from wms_module.wms_module.doctype.wms_labor_standard.wms_labor_standard import WMSLaborStandard
		from wms_module.wms_module.doctype.wms_removal_rule.wms_removal_rule import WMSRemovalRule

		allow_batch_mix_per_line: DF.Check
		batching_method: DF.Literal["ils", "savings", "seed", "fcfs"]
		count_variance_tolerance_percent: DF.Percent
		count_variance_tolerance_qty: DF.Float
		customer_shelf_life: DF.Table[WMSCustomerShelfLife]
		daily_drift_check: DF.Check
		default_removal_strategy: DF.Literal[
			"FIFO", "FEFO", "LIFO", "Closest to Depot", "Fewest Bins", "Clear Small Quantities"
		]
		delivery_note_action: DF.Literal["Create Draft", "Create and Submit", "Do Nothing"]
		label_dpi: DF.Literal["203", "300", "600"]
		labor_paid_break_minutes: DF.Int
		labor_per_line_s: DF.Float
		labor_per_task_s: DF.Float
		labor_per_unit_s: DF.Float
		labor_shift_end: DF.Time | None
		labor_shift_start: DF.Time | None
		labor_standards: DF.Table[WMSLaborStandard]
		labor_walking_speed_m_s: DF.Float
		max_lines_per_wave: DF.Int
		max_orders_per_wave: DF.Int
		pick_task_creation: DF.Literal["On Sales Order Submit", "On Demand"]
		picker_capacity_items: DF.Int
		putaway_rule_order: DF.SmallText | None
		putaway_task_creation: DF.Literal["On Receipt Submit", "On Demand"]
		removal_rules: DF.Table[WMSRemovalRule]
		routing_method: DF.Literal[
			"best", "optimal", "improved", "combined", "largest_gap", "midpoint", "s_shape", "return"
		]
		totes_per_cart: DF.Int

	# end: auto-generated types
	def validate(self):
		self.validate_limits()
		self.validate_unique_rows("removal_rules", "item_group")
		self.validate_unique_rows("customer_shelf_life", "customer")
		self.validate_labor_standards()
		self.validate_putaway_rule_order()

	def validate_limits(self):
		for fieldname in (
			"picker_capacity_items",
			"totes_per_cart",
			"max_orders_per_wave",
			"max_lines_per_wave",
		):
			if cint(self.get(fieldname)) < 1:
				frappe.throw(
					_("{0} must be at least 1, got {1}").format(
						self.meta.get_label(fieldname), self.get(fieldname)
					),
					title=_("Invalid WMS Settings"),
				)

	def validate_unique_rows(self, table: str, key: str):
		"""One rule per item group / one shelf-life row per customer: two would contradict each other."""
		seen = {}
		for row in self.get(table) or []:
			value = row.get(key)
			if value in seen:
				frappe.throw(
					_("{0}: {1} is in rows {2} and {3}; keep one row per {4}").format(
						self.meta.get_label(table),
						frappe.bold(value),
						seen[value],
						row.idx,
						_(row.meta.get_label(key)),
					),
					title=_("Invalid WMS Settings"),
				)
			seen[value] = row.idx

	def validate_labor_standards(self):
		"""A walking speed of 0 would make every standard infinite; one row per (task type, zone)."""
		if self.labor_walking_speed_m_s is not None and float(self.labor_walking_speed_m_s or 0) <= 0:
			frappe.throw(_("Labour: Walking Speed must be above 0 m/s"), title=_("Invalid WMS Settings"))
		seen = {}
		for row in self.get("labor_standards") or []:
			key = (row.task_type, row.zone or "")
			if key in seen:
				frappe.throw(
					_(
						"Labour Standards: {0} {1} is in rows {2} and {3}; keep one row per task type and zone"
					).format(row.task_type, row.zone or _("(every zone)"), seen[key], row.idx),
					title=_("Invalid WMS Settings"),
				)
			seen[key] = row.idx

	def validate_putaway_rule_order(self):
		"""Each line names a step of directed putaway once (core/putaway.py parse_rule_order)."""
		try:
			parse_rule_order(self.putaway_rule_order)
		except InvalidInput as e:
			frappe.throw(str(e), title=_("Invalid WMS Settings"))
