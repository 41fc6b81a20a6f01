"""QC Supplier Quality: per supplier and item, the lots decided in the period (on ``decided_on``),
accepted and not, the rejection rate, units received and rejected, the checks still open (any date)
and the item's current ISO 2859-1 inspection state (WMS Inspection State; "Normal" when none).

What counts as a lot: a QC Check's first inspection. A lot reworked and inspected again
(``resubmitted_from`` set) was received once, so it is not counted twice; cancelled checks are left
out. Open checks are the ones still waiting for a decision or a disposition ("Open", "Awaiting
Disposition"), whatever their date: work the desk has not finished is never out of the period.

Two queries whatever the number of rows: the decided lots grouped by (supplier, item, decision), and
the open checks grouped by (supplier, item), each joined to the pair's inspection state (one row per
pair: a unique index). The decided lots are found through the ``decided_on`` index (qc_check.py).
"""

from __future__ import annotations

from typing import TypedDict

import frappe
from frappe import _
from frappe.query_builder.functions import Count, IfNull, Max, Sum
from frappe.utils import add_days, getdate, nowdate

from wms_module.core.qc_checks import WAITING, InspectionSeverity, QCCheckStatus
from wms_module.reports.columns import column, link

DEFAULT_DAYS = 90
ACCEPTED, REJECTED = "Accepted", "Rejected"
"""QC Check.decision."""
OPEN_STATUSES = WAITING
"""QC Check.status: a check waiting for its decision or the disposition of its rejected units."""
CANCELLED = QCCheckStatus.CANCELLED.value
"""QC Check.status: a check whose lot no longer counts."""
NORMAL, TIGHTENED, DISCONTINUED = (
	InspectionSeverity.NORMAL.value,
	InspectionSeverity.TIGHTENED.value,
	InspectionSeverity.DISCONTINUED.value,
)
"""WMS Inspection State.severity."""
CHART_SUPPLIERS = 10


class Filters(TypedDict, total=False):
	from_date: str
	to_date: str
	supplier: str
	item_code: str
	warehouse: str


COLUMNS = [
	link(_("Supplier"), "supplier", "Supplier", 180),
	link(_("Item"), "item_code", "Item", 160),
	column(_("Item Name"), "item_name", "Data", 160),
	column(_("Lots Decided"), "lots", "Int", 100),
	column(_("Lots Accepted"), "lots_accepted", "Int", 110),
	column(_("Lots Not Accepted"), "lots_rejected", "Int", 130),
	column(_("Rejection Rate %"), "rejection_rate", "Percent", 130),
	column(_("Units Received"), "units_received", "Float", 120),
	column(_("Units Rejected"), "units_rejected", "Float", 120),
	column(_("Open Checks"), "open_checks", "Int", 100),
	column(_("Inspection"), "severity", "Data", 110),
	column(_("Switching Score"), "switching_score", "Int", 120),
]


def rejection_rate(lots: int, rejected: int) -> float | None:
	"""Lots not accepted ÷ lots decided, in % (None when no lot was decided)."""
	return round(100.0 * rejected / lots, 1) if lots else None


class QCSupplierQuality:
	def __init__(self, filters: Filters | None):
		self.filters = frappe._dict(filters or {})
		self.end = getdate(self.filters.to_date or nowdate())
		self.start = getdate(self.filters.from_date or add_days(self.end, -DEFAULT_DAYS))

	def run(self):
		rows = supplier_item_rows(self.decided_groups(), self.open_groups())
		return COLUMNS, rows, None, chart(rows), summary(rows)

	def _checks_and_states(self):
		"""QC Check left-joined to its (supplier, item)'s inspection state, with the filters applied."""
		qc = frappe.qb.DocType("QC Check")
		state = frappe.qb.DocType("WMS Inspection State")
		query = (
			frappe.qb.from_(qc)
			.left_join(state)
			.on((state.supplier == qc.supplier) & (state.item_code == qc.item_code))
			.select(
				qc.supplier,
				qc.item_code,
				Max(qc.item_name).as_("item_name"),
				Max(state.severity).as_("severity"),
				Max(state.switching_score).as_("switching_score"),
			)
		)
		for field in ("supplier", "item_code", "warehouse"):
			if self.filters.get(field):
				query = query.where(qc[field] == self.filters[field])
		return query, qc

	def decided_groups(self) -> list[dict]:
		"""First inspections decided in the period: lots, units and rejected units per decision."""
		query, qc = self._checks_and_states()
		return (
			query.select(
				qc.decision,
				Count(qc.name).as_("lots"),
				Sum(qc.lot_size).as_("units_received"),
				Sum(qc.rejected_qty).as_("units_rejected"),
			)
			.where(qc.decided_on >= f"{self.start} 00:00:00")
			.where(qc.decided_on <= f"{self.end} 23:59:59.999999")
			.where(qc.decision.isin([ACCEPTED, REJECTED]))
			.where(qc.status != CANCELLED)
			.where(IfNull(qc.resubmitted_from, "") == "")
			.groupby(qc.supplier, qc.item_code, qc.decision)
			.run(as_dict=True)
		)

	def open_groups(self) -> list[dict]:
		"""Checks waiting for a decision or a disposition, any date, per (supplier, item)."""
		query, qc = self._checks_and_states()
		return (
			query.select(Count(qc.name).as_("open_checks"))
			.where(qc.status.isin(list(OPEN_STATUSES)))
			.groupby(qc.supplier, qc.item_code)
			.run(as_dict=True)
		)


def supplier_item_rows(decided: list[dict], open_checks: list[dict]) -> list[dict]:
	"""One row per (supplier, item) from the grouped query rows, sorted by supplier and item."""
	rows: dict[tuple, dict] = {}
	for group in (*decided, *open_checks):
		key = (group.get("supplier") or "", group["item_code"])
		row = rows.get(key)
		if row is None:
			row = rows[key] = {
				"supplier": group.get("supplier"),
				"item_code": group["item_code"],
				"item_name": group.get("item_name"),
				"lots": 0,
				"lots_accepted": 0,
				"lots_rejected": 0,
				"units_received": 0.0,
				"units_rejected": 0.0,
				"open_checks": 0,
				"severity": group.get("severity") or NORMAL,
				"switching_score": group.get("switching_score") or 0,
			}
		if group.get("decision"):
			lots = int(group["lots"])
			row["lots"] += lots
			row["lots_accepted" if group["decision"] == ACCEPTED else "lots_rejected"] += lots
			row["units_received"] += float(group["units_received"] or 0)
			row["units_rejected"] += float(group["units_rejected"] or 0)
		else:
			row["open_checks"] += int(group["open_checks"])
	for row in rows.values():
		row["rejection_rate"] = rejection_rate(row["lots"], row["lots_rejected"])
	return [rows[k] for k in sorted(rows)]


def chart(rows: list[dict]) -> dict | None:
	"""Rejection rate % per supplier, the ten with the most lots decided, worst first.

	A rate rather than stacked accepted / not-accepted counts: a QA manager compares suppliers, and
	stacked counts make the supplier who delivers most look worst (or hide a small supplier who fails
	half its lots behind a big one's bar). One bar per supplier, highest rate first, reads at a glance;
	the counts are in the table below it."""
	suppliers: dict[str, list[int]] = {}
	for row in rows:
		if row["lots"]:
			totals = suppliers.setdefault(row["supplier"] or _("(no supplier)"), [0, 0])
			totals[0] += row["lots"]
			totals[1] += row["lots_rejected"]
	if not suppliers:
		return None
	busiest = sorted(suppliers, key=lambda s: (-suppliers[s][0], s))[:CHART_SUPPLIERS]
	rates = {s: rejection_rate(*suppliers[s]) for s in busiest}
	shown = sorted(busiest, key=lambda s: (-rates[s], s))
	return {
		"data": {
			"labels": shown,
			"datasets": [{"name": _("Rejection Rate %"), "values": [rates[s] for s in shown]}],
		},
		"type": "bar",
		"colors": ["#e24c4c"],
	}


def summary(rows: list[dict]) -> list[dict]:
	lots = sum(r["lots"] for r in rows)
	rejected = sum(r["lots_rejected"] for r in rows)
	rate = rejection_rate(lots, rejected)
	tightened = {r["supplier"] for r in rows if r["severity"] == TIGHTENED}
	discontinued = {r["supplier"] for r in rows if r["severity"] == DISCONTINUED}
	return [
		{"label": _("Lots Decided"), "value": lots, "datatype": "Int"},
		{
			"label": _("Rejection Rate %"),
			"value": rate or 0.0,
			"datatype": "Percent",
			"indicator": "Red" if rejected else "Green",
		},
		{
			"label": _("Suppliers on Tightened"),
			"value": len(tightened),
			"datatype": "Int",
			"indicator": "Orange" if tightened else "Green",
		},
		{
			"label": _("Suppliers Discontinued"),
			"value": len(discontinued),
			"datatype": "Int",
			"indicator": "Red" if discontinued else "Green",
		},
	]


def execute(filters: Filters | None = None):
	return QCSupplierQuality(filters).run()
