# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class WMSLaborStandard(Document):
	"""A row of WMS Settings > Labour Standards: element times for one task type (and zone)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		per_line_s: DF.Float
		per_task_s: DF.Float
		per_unit_s: DF.Float
		task_type: DF.Literal["Pick", "Count", "Putaway", "Move", "Replenish", "Inspect"]
		walking_speed_m_s: DF.Float
		zone: DF.Link | None
	# end: auto-generated types
	pass
