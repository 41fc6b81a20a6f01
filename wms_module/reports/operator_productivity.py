"""Operator Productivity: per operator and day (or shift) lines, units, direct and standard hours
and performance % (Σ standard ÷ Σ actual over direct time), with a chart of performance.

Rows come from ``frappe.get_list`` (``services.labor_figures.rows_between``), so the labour log's
privacy rules apply: an operator sees their own line, a supervisor those of their warehouses.
"""

from __future__ import annotations

from typing import TypedDict

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from wms_module.reports.columns import column, link
from wms_module.services import labor_figures


class Filters(TypedDict, total=False):
	from_date: str
	to_date: str
	warehouse: str
	operator: str
	group_by: str
	""""Day" (default) or "Shift"."""


def columns(by_shift: bool) -> list[dict]:
	return [
		link(_("Operator"), "operator", "User", 200),
		column(_("Shift Date"), "shift_date", "Date", 110),
		*([column(_("Shift"), "shift", "Data", 120)] if by_shift else []),
		column(_("Lines"), "lines", "Int", 80),
		column(_("Units"), "units", "Float", 90),
		column(_("Direct Hours"), "direct_hours", "Float", 110),
		column(_("Standard Hours"), "standard_hours", "Float", 120),
		column(_("Travel (m)"), "travel_m", "Float", 100),
		column(_("Performance %"), "performance_percent", "Percent", 120),
	]


def date_range(filters) -> tuple:
	to_date = getdate(filters.get("to_date") or nowdate())
	from_date = getdate(filters.get("from_date") or add_days(to_date, -6))
	return from_date, to_date


def chart(data: list[dict]) -> dict | None:
	"""Performance % per operator over the period (Σ standard ÷ Σ direct of their rows)."""
	totals: dict[str, list[float]] = {}
	for row in data:
		t = totals.setdefault(row["operator"], [0.0, 0.0])
		t[0] += row["standard_hours"]
		t[1] += row["direct_hours"]
	labels = sorted(o for o, (_s, d) in totals.items() if d > 0)
	if not labels:
		return None
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{
					"name": _("Performance %"),
					"values": [round(100.0 * totals[o][0] / totals[o][1], 1) for o in labels],
				}
			],
		},
		"type": "bar",
	}


def execute(filters: Filters | None = None):
	filters = frappe._dict(filters or {})
	by_shift = filters.get("group_by") == "Shift"
	from_date, to_date = date_range(filters)
	rows = labor_figures.rows_between(
		from_date, to_date, operator=filters.get("operator"), warehouse=filters.get("warehouse")
	)
	data = labor_figures.productivity(rows, by_shift=by_shift)
	for row in data:
		for key in ("direct_hours", "standard_hours"):
			row[key] = round(row[key], 4)
		if row["performance_percent"] is not None:
			row["performance_percent"] = round(row["performance_percent"], 1)
	return columns(by_shift), data, None, chart(data)
