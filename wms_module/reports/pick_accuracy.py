"""Pick Accuracy: per operator, picks made, picks a count variance points back to, accuracy %;
or ("Blamed Picks") the variances and the picks blamed for them, to check one by one.

The rule that points a variance to picks is ``core.accuracy``'s (most recent picks since the last
count, as few as explain the variance); the data is read by ``services.accuracy``."""

from __future__ import annotations

from typing import TypedDict

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from wms_module.reports.columns import column, link
from wms_module.services.accuracy import pick_accuracy

OPERATORS, BLAMED = "Operators", "Blamed Picks"


class Filters(TypedDict, total=False):
	from_date: str
	to_date: str
	warehouse: str
	view: str
	operator: str


OPERATOR_COLUMNS = [
	link(_("Operator"), "operator", "User", 220),
	column(_("Picks"), "picks", "Int", 90),
	column(_("Picks Blamed"), "blamed", "Int", 110),
	column(_("Accuracy %"), "accuracy", "Percent", 110),
]

BLAMED_COLUMNS = [
	link(_("Count Task"), "count_task", "Warehouse Task", 130),
	column(_("Counted At"), "counted_at", "Datetime", 160),
	link(_("Storage Bin"), "storage_bin", "Storage Bin", 160),
	link(_("Item"), "item_code", "Item", 150),
	link(_("Batch"), "batch_no", "Batch", 110),
	column(_("Variance"), "variance", "Float", 90),
	link(_("Pick Task"), "pick_task", "Warehouse Task", 130),
	link(_("Operator"), "operator", "User", 200),
	column(_("Picked Qty"), "pick_qty", "Float", 90),
	column(_("Picked At"), "picked_at", "Datetime", 160),
	column(_("Unexplained"), "unexplained", "Float", 100),
]


class PickAccuracyReport:
	def __init__(self, filters: Filters | None):
		self.filters = frappe._dict(filters or {})
		self.start = getdate(self.filters.from_date or add_days(nowdate(), -30))
		self.end = getdate(self.filters.to_date or nowdate())

	def run(self):
		result = pick_accuracy(
			start=f"{self.start} 00:00:00",
			end=f"{self.end} 23:59:59.999999",
			warehouse=self.filters.warehouse,
		)
		operator = self.filters.operator
		if self.filters.view == BLAMED:
			return BLAMED_COLUMNS, self.blamed_rows(result.blames, operator)
		rows = [
			{
				"operator": a.operator,
				"picks": a.picks,
				"blamed": a.blamed,
				"accuracy": None if a.accuracy is None else round(100.0 * a.accuracy, 2),
			}
			for a in result.operators
			if not operator or a.operator == operator
		]
		return OPERATOR_COLUMNS, rows, None, self.chart(rows)

	@staticmethod
	def blamed_rows(blames, operator: str | None) -> list[dict]:
		rows = []
		for b in blames:
			c = b.count
			picks = [p for p in b.picks if not operator or p.operator == operator]
			if operator and not picks:
				continue
			base = {
				"count_task": c.task,
				"counted_at": c.counted_at,
				"storage_bin": c.bin,
				"item_code": c.item,
				"batch_no": c.batch,
				"variance": c.variance,
				"unexplained": b.unexplained,
			}
			for p in picks or [None]:
				rows.append(
					{
						**base,
						"pick_task": p and p.task,
						"operator": p and p.operator,
						"pick_qty": p and p.qty,
						"picked_at": p and p.confirmed_at,
					}
				)
		return rows

	@staticmethod
	def chart(rows: list[dict]) -> dict | None:
		scored = [r for r in rows if r["accuracy"] is not None]
		if not scored:
			return None
		return {
			"data": {
				"labels": [r["operator"] for r in scored],
				"datasets": [{"name": _("Accuracy %"), "values": [r["accuracy"] for r in scored]}],
			},
			"type": "bar",
		}


def execute(filters: Filters | None = None):
	return PickAccuracyReport(filters).run()
