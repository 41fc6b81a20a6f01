"""Bin-to-bin moves: inside a warehouse only the bin ledger moves; across warehouses
an ERPNext Stock Entry (Material Transfer) moves the stock and carries the bin plan."""

from __future__ import annotations

from dataclasses import dataclass, replace

import frappe
from frappe import _

from wms_module import erp
from wms_module.core.bin_ledger import Balance
from wms_module.core.bins import BinContent, LedgerRow, Put, plan_move
from wms_module.exceptions import core_errors_as_validation
from wms_module.services import bin_ledger, quarantine
from wms_module.services.stock_sync import WMS_PLAN_FLAG
from wms_module.services.storage import as_core_bin, require_bin


def _contents(balances: list[Balance], units: dict) -> list[BinContent]:
	def unit(item, key):
		return (units.get(item) or frappe._dict()).get(key) or 0.0

	return [
		BinContent(
			b.item,
			b.batch,
			b.on_hand,
			allocated=b.allocated,
			volume=b.on_hand * unit(b.item, "unit_volume"),
			weight=b.on_hand * unit(b.item, "weight_per_unit"),
		)
		for b in balances
	]


def _require_item(item_code: str, batch_no: str | None, units: dict) -> None:
	if item_code not in units:
		frappe.throw(_("Item {0} does not exist").format(frappe.bold(item_code)), frappe.DoesNotExistError)
	if batch_no and not frappe.db.exists("Batch", {"name": batch_no, "item": item_code}):
		frappe.throw(
			_("Batch {0} of item {1} does not exist").format(frappe.bold(batch_no), item_code),
			frappe.DoesNotExistError,
		)


@dataclass(frozen=True)
class MoveStock:
	"""Move ``qty`` of an item (batch) from one Storage Bin to another (bin names)."""

	item_code: str
	qty: float
	from_bin: str
	to_bin: str
	batch_no: str | None = None
	warehouse_task: str | None = None
	"""The task the move carries out, recorded on its ledger rows."""


def move_stock(command: MoveStock) -> dict:
	"""Move between two bins; returns what moved and the Stock Entry, if any.

	Same warehouse: bin ledger only. Different warehouses: a submitted Material
	Transfer Stock Entry whose submit posts the planned bin rows.
	"""
	item_code, qty, batch_no = command.item_code, command.qty, command.batch_no
	from_bin, to_bin = command.from_bin, command.to_bin
	source = require_bin(from_bin)
	destination = require_bin(to_bin)
	if source.zone_type == quarantine.QUARANTINE:  # even to another quarantine bin: a check knows its bins
		quarantine.refuse_leaving(
			[(from_bin, item_code, batch_no)], what=_("Move from {0}").format(source.bin_code)
		)
	contents = bin_ledger.bin_contents([from_bin, to_bin])
	# units of the moved item and of everything already in the two bins (their volume and
	# weight count against the destination's capacity)
	units = erp.get_item_units([item_code, *(b.item for rows in contents.values() for b in rows)])
	_require_item(item_code, batch_no, units)
	if units[item_code].has_batch_no and not batch_no:
		held = sorted({b.batch for b in contents.get(from_bin, []) if b.item == item_code and b.batch})
		frappe.throw(
			_("Item {0} is batch-tracked: give batch_no (bin {1} holds {2})").format(
				item_code, source.bin_code, ", ".join(held) or _("no batch of it")
			)
		)
	put = Put(
		item_code,
		batch_no or None,
		float(qty),
		unit_volume=units[item_code].unit_volume,
		unit_weight=(units[item_code].weight_per_unit or 0.0),
	)
	if source.warehouse == destination.warehouse:
		with core_errors_as_validation():
			out_row, in_row = plan_move(
				source=as_core_bin(source),
				source_contents=_contents(contents.get(from_bin, []), units),
				destination=as_core_bin(destination),
				destination_contents=_contents(contents.get(to_bin, []), units),
				put=put,
			)
		bin_ledger.post_rows([out_row, in_row], movement_type="Move", warehouse_task=command.warehouse_task)
		return {"moved": qty, "stock_entry": None}
	return _transfer_between_warehouses(source, destination, put, contents, units)


def _transfer_between_warehouses(source, destination, put: Put, contents, units) -> dict:
	# The same rules as a move inside one warehouse (source not being counted, only
	# unallocated stock, destination status / mix / capacity): plan_move is asked with the
	# destination seen in the source's warehouse, and its rows are replaced by the real ones.
	with core_errors_as_validation():
		plan_move(
			source=as_core_bin(source),
			source_contents=_contents(contents.get(source.name, []), units),
			destination=replace(as_core_bin(destination), warehouse=source.warehouse),
			destination_contents=_contents(contents.get(destination.name, []), units),
			put=put,
		)
	stock_entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Transfer",
			"purpose": "Material Transfer",
			"company": frappe.db.get_value("Warehouse", source.warehouse, "company"),
			"items": [
				{
					"item_code": put.item,
					"qty": put.qty,
					"s_warehouse": source.warehouse,
					"t_warehouse": destination.warehouse,
					"batch_no": put.batch,
					"uom": units[put.item].stock_uom,
					"stock_uom": units[put.item].stock_uom,
					"conversion_factor": 1,
				}
			],
		}
	)
	stock_entry.flags[WMS_PLAN_FLAG] = [
		LedgerRow(source.name, source.warehouse, put.item, put.batch, -put.qty),
		LedgerRow(destination.name, destination.warehouse, put.item, put.batch, put.qty),
	]
	stock_entry.insert()
	stock_entry.submit()
	return {"moved": put.qty, "stock_entry": stock_entry.name}
