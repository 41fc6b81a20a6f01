"""Stock by Bin: what sits where, with a chart of the fullest zones."""

from __future__ import annotations

from typing import TypedDict

import frappe
from frappe import _

from wms_module.reports.columns import column, link, stock_key_columns


class Filters(TypedDict, total=False):
	warehouse: str
	zone: str
	item_code: str
	batch_no: str
	storage_bin: str


COLUMNS = [
	link(_("Storage Bin"), "storage_bin", "Storage Bin", 200),
	link(_("Zone"), "zone", "Storage Zone", 160),
	*stock_key_columns(),
	column(_("On Hand"), "on_hand_qty", "Float", 100),
	column(_("Allocated"), "allocated_qty", "Float", 100),
	column(_("Available"), "available_qty", "Float", 100),
	column(_("In Bin Since"), "first_received", "Datetime", 160),
]


class StockByBin:
	def __init__(self, filters: Filters | None):
		self.filters = frappe._dict(filters or {})

	def run(self):
		data = self.get_data()
		return COLUMNS, data, None, self.get_chart(data)

	def get_data(self) -> list[dict]:
		conditions = ["bs.on_hand_qty > 0"]
		for field, sql_column in (
			("warehouse", "bs.warehouse"),
			("zone", "sb.zone"),
			("item_code", "bs.item_code"),
			("batch_no", "bs.batch_no"),
			("storage_bin", "bs.storage_bin"),
		):
			if self.filters.get(field):
				conditions.append(f"{sql_column} = %({field})s")
		return frappe.db.sql(
			f"""select bs.storage_bin, sb.zone, bs.warehouse, bs.item_code, bs.batch_no, bs.on_hand_qty,
				bs.allocated_qty, bs.on_hand_qty - bs.allocated_qty as available_qty, bs.first_received
			from `tabBin Stock` bs inner join `tabStorage Bin` sb on sb.name = bs.storage_bin
			where {" and ".join(conditions)}
			order by sb.pick_sequence, bs.storage_bin, bs.item_code""",
			dict(self.filters),
			as_dict=True,
		)

	@staticmethod
	def get_chart(data: list[dict]) -> dict:
		by_zone: dict[str, float] = {}
		for row in data:
			by_zone[row["zone"]] = by_zone.get(row["zone"], 0.0) + row["on_hand_qty"]
		top = sorted(by_zone.items(), key=lambda kv: -kv[1])[:10]
		return {
			"data": {
				"labels": [z for z, _ in top],
				"datasets": [{"name": _("On Hand"), "values": [q for _, q in top]}],
			},
			"type": "bar",
		}


def execute(filters: Filters | None = None):
	return StockByBin(filters).run()
