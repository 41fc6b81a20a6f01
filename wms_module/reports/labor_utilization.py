"""Labor Utilization: per operator and shift date paid, direct, indirect and idle hours and
utilisation % (direct ÷ paid). Paid time is the shift (HRMS Shift Type when the rows name one,
else WMS Settings' shift); overlapping rows count once; paid breaks count as indirect.

Rows come from ``frappe.get_list``, so the labour log's privacy rules apply.
"""

from __future__ import annotations

from typing import TypedDict

import frappe
from frappe import _

from wms_module.reports.columns import column, link
from wms_module.reports.operator_productivity import date_range
from wms_module.services import labor_figures, labor_settings


class Filters(TypedDict, total=False):
	from_date: str
	to_date: str
	warehouse: str
	operator: str


COLUMNS = [
	link(_("Operator"), "operator", "User", 200),
	column(_("Shift Date"), "shift_date", "Date", 110),
	column(_("Shift"), "shift", "Data", 120),
	column(_("Paid Hours"), "paid_hours", "Float", 100),
	column(_("Direct Hours"), "direct_hours", "Float", 110),
	column(_("Indirect Hours"), "indirect_hours", "Float", 110),
	column(_("Idle Hours"), "idle_hours", "Float", 100),
	column(_("Utilisation %"), "utilisation_percent", "Percent", 110),
]


def execute(filters: Filters | None = None):
	filters = frappe._dict(filters or {})
	from_date, to_date = date_range(filters)
	rows = labor_figures.rows_between(
		from_date, to_date, operator=filters.get("operator"), warehouse=filters.get("warehouse")
	)
	data = labor_figures.utilisation_rows(rows, labor_settings.labor_settings())
	for row in data:
		for key, value in list(row.items()):
			if isinstance(value, float):
				row[key] = round(value, 3 if key.endswith("hours") else 1)
	return COLUMNS, data
