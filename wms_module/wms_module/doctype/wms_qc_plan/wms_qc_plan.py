# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from wms_module.core.errors import InvalidInput
from wms_module.core.sampling import normalize_aql

APPLIES_TO_FIELD = {"Item": "item_code", "Item Group": "item_group", "Supplier": "supplier"}
"""The field that names what a plan applies to, per Applies To."""


class WMSQCPlan(Document):
	"""How the receipt lines of an item, an item group (and its sub-groups) or a supplier are inspected:
	ISO 2859-1 single sampling (inspection level, AQL; core/sampling.py) or a fixed sample, and the
	characteristics checked. services/qc_plans.py picks the most specific enabled plan per line."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from wms_module.wms_module.doctype.wms_qc_plan_characteristic.wms_qc_plan_characteristic import (
			WMSQCPlanCharacteristic,
		)

		applies_to: DF.Literal["Item", "Item Group", "Supplier"]
		aql: DF.Literal[
			"0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65", "1.0", "1.5", "2.5", "4.0", "6.5", "10"
		]
		characteristics: DF.Table[WMSQCPlanCharacteristic]
		enabled: DF.Check
		fixed_acceptance_number: DF.Int
		fixed_sample_size: DF.Int
		inspection_level: DF.Literal["S-1", "S-2", "S-3", "S-4", "I", "II", "III"]
		item_code: DF.Link | None
		item_group: DF.Link | None
		method: DF.Literal["AQL Sampling", "Fixed Sample"]
		plan_name: DF.Data
		priority: DF.Int
		production_steady: DF.Check
		quality_inspection_template: DF.Link | None
		reduced_inspection_approved: DF.Check
		supplier: DF.Link | None
	# end: auto-generated types

	def validate(self):
		field = APPLIES_TO_FIELD[self.applies_to]
		if not self.get(field):
			frappe.throw(
				_("WMS QC Plan {0}: Applies To {1} needs {2}").format(
					self.name, self.applies_to, self.meta.get_label(field)
				)
			)
		for other in APPLIES_TO_FIELD.values():
			if other != field:
				self.set(other, None)
		if self.method == "AQL Sampling":
			try:
				self.aql = normalize_aql(self.aql)
			except InvalidInput as e:
				frappe.throw(str(e))
			self.fixed_sample_size = self.fixed_acceptance_number = 0
		elif self.fixed_sample_size < 1 or self.fixed_acceptance_number >= self.fixed_sample_size:
			frappe.throw(
				_(
					"WMS QC Plan {0}: a fixed sample needs a sample size of at least 1 and an acceptance number below it; got {1} and {2}"
				).format(self.name, self.fixed_sample_size, self.fixed_acceptance_number)
			)
