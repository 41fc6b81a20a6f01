"""Bin Stock rows as the allocator's stock slots: read (locked) and described for the core."""

from __future__ import annotations

from datetime import date, datetime

import frappe
from frappe.utils import flt, getdate

from wms_module.core.allocation import StockSlot
from wms_module.core.layout import WarehouseLayout
from wms_module.services.geometry import depot_distance

ZONE_TYPES = {
	"Pick": "pick",
	"Reserve": "reserve",
	"Receiving": "receiving",
	"Staging": "staging",
	"Quarantine": "quarantine",
	"Returns": "returns",
}
"""Storage Zone types as the core knows them; every other type (Packing, Shipping, Unlocated) is
never allocated from, like staging."""


def load_slots(warehouses, items, *, exclude_bins=(), for_update: bool = True) -> list[frappe._dict]:
	"""Every Bin Stock row with stock of ``items`` in ``warehouses``, with its bin and batch. ONE query.

	``for_update`` locks the rows until the transaction ends, so two orders never
	allocate the same units (the second waits and then sees the first's allocation).
	"""
	if not warehouses or not items:
		return []
	rows = frappe.db.sql(
		"""select bs.name, bs.storage_bin, bs.warehouse, bs.item_code, bs.batch_no, bs.on_hand_qty,
			bs.allocated_qty, bs.first_received, sb.zone, sb.zone_type, sb.status, sb.pick_sequence,
			sb.layout_aisle, sb.layout_bay, b.expiry_date
		from `tabBin Stock` bs
		inner join `tabStorage Bin` sb on sb.name = bs.storage_bin
		left join `tabBatch` b on b.name = bs.batch_no
		where bs.warehouse in %(warehouses)s and bs.item_code in %(items)s and bs.on_hand_qty > 0
		order by bs.name {lock}""".format(lock="for update" if for_update else ""),
		{"warehouses": tuple(sorted(set(warehouses))), "items": tuple(sorted(set(items)))},
		as_dict=True,
	)
	excluded = set(exclude_bins)
	return [r for r in rows if r.storage_bin not in excluded]


def _as_date(value) -> date | None:
	if not value:
		return None
	if isinstance(value, datetime):
		return value.date()
	return getdate(value)


def as_slot(row, *, as_of: date, layout: WarehouseLayout | None) -> StockSlot:
	distance = depot_distance(layout, row)
	return StockSlot(
		bin=row.storage_bin,
		warehouse=row.warehouse,
		zone_type=ZONE_TYPES.get(row.zone_type or "", "staging"),
		item=row.item_code,
		batch=row.batch_no or None,
		on_hand=flt(row.on_hand_qty),
		allocated=flt(row.allocated_qty),
		received_on=_as_date(row.first_received) or as_of,
		expiry=_as_date(row.expiry_date),
		distance=distance,
		status=(row.status or "Active").lower(),
		pick_sequence=int(row.pick_sequence or 0),
	)


def allocatable_free(rows, item: str, warehouse: str, as_of: date) -> float:
	"""Unallocated stock of ``item`` the core allocates from: active bins of pick/reserve zones, no expired batch."""
	return sum(
		max(0.0, flt(r.on_hand_qty) - flt(r.allocated_qty))
		for r in rows
		if r.item_code == item
		and r.warehouse == warehouse
		and ZONE_TYPES.get(r.zone_type or "") in ("pick", "reserve")
		and (r.status or "Active") == "Active"
		and (not r.expiry_date or _as_date(r.expiry_date) >= as_of)
	)
