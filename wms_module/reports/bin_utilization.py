"""Bin Utilization: occupancy against capacity by zone; empty and over-capacity bins.

Capacity is reported per kind a bin has (Storage Bin max_qty, max_volume m³, max_weight kg;
0 = unlimited, left out of that kind's totals). Volume held is on-hand x the Item Custom
Field ``wms_unit_volume`` (m³, added by wms_module/install.py), weight held is on-hand x
``Item.weight_per_unit``. Stock of an item without a unit volume (weight) counts as 0 and
a bin with that limit holding it is counted under "Unknown Volume" ("Unknown Weight").
"""

from __future__ import annotations

from typing import TypedDict

import frappe
from frappe import _

from wms_module.core.bins import EPSILON


class Filters(TypedDict, total=False):
	warehouse: str
	zone: str


def _limit_columns(kind: str, label: str, unit: str, held_precision: int | None = None) -> list[dict]:
	"""Capacity, amount held, used % and bins of unknown amount for one kind of limit."""
	precision = {"precision": held_precision} if held_precision else {}
	return [
		{
			"label": _("{0} Capacity ({1})").format(label, unit),
			"fieldname": f"{kind}_capacity",
			"fieldtype": "Float",
			**precision,
			"width": 140,
		},
		{
			"label": _("{0} Held ({1})").format(label, unit),
			"fieldname": f"{kind}_held",
			"fieldtype": "Float",
			**precision,
			"width": 130,
		},
		{
			"label": _("{0} Used %").format(label),
			"fieldname": f"{kind}_used_pct",
			"fieldtype": "Percent",
			"width": 120,
		},
		{
			"label": _("Unknown {0}").format(label),
			"fieldname": f"{kind}_unknown",
			"fieldtype": "Int",
			"width": 120,
		},
	]


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
	*_limit_columns("volume", _("Volume"), "m³", held_precision=3),
	*_limit_columns("weight", _("Weight"), "kg"),
	{"label": _("Over Capacity"), "fieldname": "over_capacity", "fieldtype": "Int", "width": 110},
]

# (capacity kind, Storage Bin limit field, per-bin amount held)
_KINDS = (
	("qty", "max_qty", "on_hand"),
	("volume", "max_volume", "volume"),
	("weight", "max_weight", "weight"),
)


def summarise(bins: list[dict]) -> list[dict]:
	"""Per-zone figures from per-bin rows (zone, zone_type, max_qty, on_hand and, when known,
	max_volume, volume, volume_unknown, max_weight, weight, weight_unknown).

	A kind's capacity and "used %" cover only the bins with that limit; a bin is over
	capacity when it holds more than any of its limits."""
	zones: dict[str, dict] = {}
	for b in bins:
		z = zones.get(b["zone"])
		if z is None:
			z = zones[b["zone"]] = {
				"zone": b["zone"],
				"zone_type": b["zone_type"],
				"bins": 0,
				"occupied": 0,
				"empty": 0,
				"qty_on_hand": 0.0,
				"over_capacity": 0,
			}
			for kind, _limit, _held in _KINDS:
				z[f"{kind}_capacity"] = 0.0
				z[f"_{kind}_capped"] = 0.0
			z["volume_held"] = z["weight_held"] = 0.0
			z["volume_unknown"] = z["weight_unknown"] = 0
		z["bins"] += 1
		held = b["on_hand"] or 0.0
		if held > EPSILON:
			z["occupied"] += 1
		else:
			z["empty"] += 1
		z["qty_on_hand"] += held
		over = False
		for kind, limit_field, held_field in _KINDS:
			limit, amount = b.get(limit_field) or 0.0, b.get(held_field) or 0.0
			if kind != "qty":
				z[f"{kind}_held"] += amount
			if not limit:
				continue
			z[f"{kind}_capacity"] += limit
			z[f"_{kind}_capped"] += amount
			if kind != "qty" and b.get(f"{kind}_unknown"):
				z[f"{kind}_unknown"] += 1
			if amount > limit + EPSILON:
				over = True
		if over:
			z["over_capacity"] += 1
	rows = []
	for z in zones.values():
		z["occupancy_pct"] = round(100.0 * z["occupied"] / z["bins"], 1) if z["bins"] else 0.0
		for kind, pct in (
			("qty", "capacity_used_pct"),
			("volume", "volume_used_pct"),
			("weight", "weight_used_pct"),
		):
			capped, capacity = z.pop(f"_{kind}_capped"), z[f"{kind}_capacity"]
			z[pct] = round(100.0 * capped / capacity, 1) if capacity else None
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
		# Item.wms_unit_volume is a Custom Field: a site that has not run the install/migrate
		# hook yet has no column, and every volume is unknown
		unit_volume = "it.wms_unit_volume" if frappe.get_meta("Item").has_field("wms_unit_volume") else "0"
		return frappe.db.sql(
			f"""select sb.name, sb.zone, sb.zone_type, sb.max_qty, sb.max_volume, sb.max_weight,
				coalesce(sum(bs.on_hand_qty), 0) as on_hand,
				coalesce(sum(bs.on_hand_qty * coalesce({unit_volume}, 0)), 0) as volume,
				coalesce(sum(case when bs.on_hand_qty > 0 and coalesce({unit_volume}, 0) = 0 then 1 else 0 end), 0)
					as volume_unknown,
				coalesce(sum(bs.on_hand_qty * coalesce(it.weight_per_unit, 0)), 0) as weight,
				coalesce(sum(case when bs.on_hand_qty > 0 and coalesce(it.weight_per_unit, 0) = 0 then 1 else 0 end), 0)
					as weight_unknown
			from `tabStorage Bin` sb
			left join `tabBin Stock` bs on bs.storage_bin = sb.name
			left join `tabItem` it on it.name = bs.item_code
			where {" and ".join(conditions)}
			group by sb.name, sb.zone, sb.zone_type, sb.max_qty, sb.max_volume, sb.max_weight""",
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
		summary = [
			{"label": _("Bins"), "value": bins, "datatype": "Int"},
			{"label": _("Empty Bins"), "value": empty, "datatype": "Int", "indicator": "Blue"},
			{
				"label": _("Over Capacity"),
				"value": over,
				"datatype": "Int",
				"indicator": "Red" if over else "Green",
			},
		]
		for kind, label in (("volume", _("Volume Used %")), ("weight", _("Weight Used %"))):
			capacity = sum(r.get(f"{kind}_capacity") or 0.0 for r in data)
			if capacity:
				used = (
					sum((r.get(f"{kind}_used_pct") or 0.0) * (r.get(f"{kind}_capacity") or 0.0) for r in data)
					/ capacity
				)
				summary.append({"label": label, "value": round(used, 1), "datatype": "Percent"})
		return summary


def execute(filters: Filters | None = None):
	return BinUtilization(filters).run()
