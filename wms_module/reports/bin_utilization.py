"""Bin Utilization: occupancy against capacity by zone; empty and over-capacity bins."""

from __future__ import annotations

from typing import TypedDict

import frappe
from frappe import _

from wms_module.core.bins import EPSILON


class Filters(TypedDict, total=False):
	warehouse: str
	zone: str


COLUMNS = [
	{"label": _("Zone"), "fieldname": "zone", "fieldtype": "Link", "options": "Storage Zone", "width": 180},
	{"label": _("Zone Type"), "fieldname": "zone_type", "fieldtype": "Data", "width": 100},
	{"label": _("Bins"), "fieldname": "bins", "fieldtype": "Int", "width": 80},
	{"label": _("Occupied"), "fieldname": "occupied", "fieldtype": "Int", "width": 90},
	{"label": _("Empty"), "fieldname": "empty", "fieldtype": "Int", "width": 80},
	{"label": _("Occupancy %"), "fieldname": "occupancy_pct", "fieldtype": "Percent", "width": 110},
	{"label": _("Qty Capacity"), "fieldname": "qty_capacity", "fieldtype": "Float", "width": 110},
	{"label": _("Qty On Hand"), "fieldname": "qty_on_hand", "fieldtype": "Float", "width": 110},
	{"label": _("Capacity Used %"), "fieldname": "capacity_used_pct", "fieldtype": "Percent", "width": 120},
	{"label": _("Over Capacity"), "fieldname": "over_capacity", "fieldtype": "Int", "width": 110},
]


def summarise(bins: list[dict]) -> list[dict]:
	"""Per-zone figures from per-bin rows (zone, zone_type, max_qty, on_hand)."""
	zones: dict[str, dict] = {}
	for b in bins:
		z = zones.setdefault(
			b["zone"],
			{"zone": b["zone"], "zone_type": b["zone_type"], "bins": 0, "occupied": 0, "empty": 0,
				"qty_capacity": 0.0, "qty_on_hand": 0.0, "qty_on_hand_capped": 0.0, "over_capacity": 0},
		)
		z["bins"] += 1
		held = b["on_hand"] or 0.0
		if held > EPSILON:
			z["occupied"] += 1
		else:
			z["empty"] += 1
		z["qty_on_hand"] += held
		if b["max_qty"]:
			z["qty_capacity"] += b["max_qty"]
			z["qty_on_hand_capped"] += held
			if held > b["max_qty"] + EPSILON:
				z["over_capacity"] += 1
	rows = []
	for z in zones.values():
		z["occupancy_pct"] = round(100.0 * z["occupied"] / z["bins"], 1) if z["bins"] else 0.0
		z["capacity_used_pct"] = round(100.0 * z.pop("qty_on_hand_capped") / z["qty_capacity"], 1) if z["qty_capacity"] else None
		rows.append(z)
	return sorted(rows, key=lambda r: r["zone"])


class BinUtilization:
	def __init__(self, filters: Filters | None):
		self.filters = frappe._dict(filters or {})

	def run(self):
		data = summarise(self.get_bins())
		return COLUMNS, data, None, self.get_chart(data), self.get_summary(data)

	def get_bins(self) -> list[dict]:
		conditions = ["sb.is_unlocated = 0"]
		if self.filters.get("warehouse"):
			conditions.append("sb.warehouse = %(warehouse)s")
		if self.filters.get("zone"):
			conditions.append("sb.zone = %(zone)s")
		return frappe.db.sql(
			f"""select sb.name, sb.zone, sb.zone_type, sb.max_qty, coalesce(sum(bs.on_hand_qty), 0) as on_hand
			from `tabStorage Bin` sb left join `tabBin Stock` bs on bs.storage_bin = sb.name
			where {" and ".join(conditions)}
			group by sb.name, sb.zone, sb.zone_type, sb.max_qty""",
			dict(self.filters),
			as_dict=True,
		)

	@staticmethod
	def get_chart(data: list[dict]) -> dict:
		return {
			"data": {
				"labels": [r["zone"] for r in data],
				"datasets": [
					{"name": _("Occupied"), "values": [r["occupied"] for r in data]},
					{"name": _("Empty"), "values": [r["empty"] for r in data]},
				],
			},
			"type": "bar",
			"barOptions": {"stacked": 1},
		}

	@staticmethod
	def get_summary(data: list[dict]) -> list[dict]:
		bins = sum(r["bins"] for r in data)
		empty = sum(r["empty"] for r in data)
		over = sum(r["over_capacity"] for r in data)
		return [
			{"label": _("Bins"), "value": bins, "datatype": "Int"},
			{"label": _("Empty Bins"), "value": empty, "datatype": "Int", "indicator": "Blue"},
			{"label": _("Over Capacity"), "value": over, "datatype": "Int", "indicator": "Red" if over else "Green"},
		]


def execute(filters: Filters | None = None):
	return BinUtilization(filters).run()
