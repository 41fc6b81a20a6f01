# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class WMSLaborLog(Document):
	"""Written only by ``wms_module.services.labor`` (never from the desk or REST: in_create and
	read_only). Who may read which rows: ``wms_module.permissions`` (labour log section)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		activity: DF.Literal[
			"Pick",
			"Count",
			"Putaway",
			"Move",
			"Replenish",
			"Inspect",
			"Break",
			"Meeting",
			"Cleaning",
			"Waiting for Stock",
			"Equipment",
			"Other",
		]
		duration_s: DF.Float
		employee: DF.Link | None
		ended_on: DF.Datetime | None
		is_direct: DF.Check
		lines: DF.Int
		operator: DF.Link
		pick_wave: DF.Link | None
		remarks: DF.SmallText | None
		shift: DF.Data | None
		shift_date: DF.Date | None
		standard_s: DF.Float
		started_on: DF.Datetime
		travel_m: DF.Float
		units: DF.Float
		warehouse: DF.Link | None
		warehouse_task: DF.Link | None
		zone: DF.Link | None
	# end: auto-generated types
	pass
