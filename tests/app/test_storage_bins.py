"""Storage bins: layout generation, the unlocated bin, and bin-level stock following ERPNext."""

from __future__ import annotations

import frappe
import pytest

from tests.app.storage_setup import (
	bin_qty,
	laid_out_warehouse,
	make_bin,
	make_stock_reconciliation,
	make_zone,
)
from tests.factories import (
	make_batch,
	make_delivery_note,
	make_item,
	make_stock_entry,
	make_warehouse,
	receive_stock,
)
from wms_module.api import bins as bins_api
from wms_module.exceptions import (
	BinCapacityError,
	BinMixPolicyError,
	BinNotUsableError,
	InsufficientBinStockError,
)
from wms_module.services.moves import MoveStock, move_stock
from wms_module.services.reconciliation import find_drift


def ledger(item_code: str) -> list[dict]:
	return frappe.get_all(
		"Bin Ledger Entry",
		filters={"item_code": item_code},
		fields=["storage_bin", "qty", "movement_type", "voucher_type", "voucher_no"],
		order_by="creation asc",
	)


# ------------------------------------------------------------------ bins and layout


def test_a_new_warehouse_is_left_alone_until_the_wms_manages_it_then_gets_one_unlocated_bin():
	warehouse = make_warehouse()
	fields = ["bin_code", "is_unlocated", "zone_type"]
	assert frappe.get_all("Storage Bin", filters={"warehouse": warehouse}, fields=fields) == []
	frappe.get_doc(
		{
			"doctype": "Warehouse Layout",
			"warehouse": warehouse,
			"n_aisles": 2,
			"bays_per_aisle": 4,
			"is_active": 1,
		}
	).insert(ignore_permissions=True)
	bins = frappe.get_all("Storage Bin", filters={"warehouse": warehouse}, fields=fields)
	assert bins == [{"bin_code": "UNLOCATED", "is_unlocated": 1, "zone_type": "Unlocated"}]


def test_generating_a_range_twice_creates_nothing_twice():
	site = laid_out_warehouse(aisles=("A", "B"), bays=3, levels=2)
	assert site.created == 2 * 3 * 2
	preview = bins_api.preview_bins(
		layout=site.layout, aisle_from="A", aisle_to="B", bay_from=1, bay_to=3, level_from=1, level_to=2
	)
	assert preview["to_create"] == 0 and preview["existing"] == 12
	again = bins_api.generate_bins(
		layout=site.layout,
		zone=site.pick_zone,
		aisle_from="A",
		aisle_to="B",
		bay_from=1,
		bay_to=3,
		level_from=1,
		level_to=2,
	)
	assert again["created"] == 0
	b = frappe.get_doc("Storage Bin", f"B-03-02 - {site.warehouse}")
	assert (b.layout_aisle, b.layout_bay, b.zone_type) == (1, 2, "Pick")
	assert b.barcode.startswith("B-03-02") and len(b.barcode) == len("B-03-02") + 1


def test_a_range_outside_the_layout_is_refused_and_nothing_is_created():
	site = laid_out_warehouse(aisles=("A", "B"), bays=3, levels=1)
	before = frappe.db.count("Storage Bin", {"warehouse": site.warehouse})
	with pytest.raises(frappe.ValidationError, match="outside the layout"):
		bins_api.generate_bins(
			layout=site.layout,
			zone=site.pick_zone,
			aisle_from="A",
			aisle_to="D",
			bay_from=1,
			bay_to=3,
			level_from=1,
			level_to=1,
		)
	assert frappe.db.count("Storage Bin", {"warehouse": site.warehouse}) == before


def test_duplicate_bin_code_is_refused_by_name():
	site = laid_out_warehouse(aisles=("A", "A"), bays=1, levels=1)
	before = frappe.db.count("Storage Bin")
	with pytest.raises(frappe.DuplicateEntryError, match="A-01-01"):
		make_bin(site.warehouse, "a-01-01", site.pick_zone)
	assert frappe.db.count("Storage Bin") == before
	# the same code in another warehouse is a different bin
	other = laid_out_warehouse(aisles=("A", "A"), bays=1, levels=1)
	assert frappe.db.exists("Storage Bin", f"A-01-01 - {other.warehouse}")


def test_a_receiving_bin_of_another_warehouse_is_refused_by_name():
	site, other = (
		laid_out_warehouse(aisles=("A", "A"), bays=1, levels=1),
		laid_out_warehouse(aisles=("A", "A"), bays=1, levels=1),
	)
	layout = frappe.get_doc("Warehouse Layout", site.layout)
	layout.receiving_bin = other.receiving_bin
	with pytest.raises(
		frappe.ValidationError, match=f"{other.receiving_bin} is not a bin of {site.warehouse}"
	):
		layout.save()
	assert frappe.db.get_value("Warehouse Layout", site.layout, "receiving_bin") == site.receiving_bin


def test_a_zone_of_another_warehouse_is_refused():
	site = laid_out_warehouse(aisles=("A", "A"), bays=1, levels=1)
	other = make_warehouse()
	with pytest.raises(frappe.ValidationError, match="belongs to"):
		make_bin(other, "X-01-01", site.pick_zone)


# ------------------------------------------------------------------ following ERPNext


def test_purchase_receipt_lands_in_the_receiving_bin_and_cancel_reverses_it():
	site = laid_out_warehouse()
	item = make_item()
	pr = receive_stock(item, site.warehouse, 10)
	assert bin_qty(site.receiving_bin, item) == 10
	pr.cancel()
	assert bin_qty(site.receiving_bin, item) == 0
	assert [(r.movement_type, r.qty) for r in ledger(item)] == [("Receipt", 10), ("Reversal", -10)]


def test_without_a_receiving_bin_receipts_go_to_the_unlocated_bin():
	site = laid_out_warehouse(with_receiving_bin=False)
	item = make_item()
	receive_stock(item, site.warehouse, 4)
	assert bin_qty(site.unlocated_bin, item) == 4


def test_a_hand_made_delivery_note_takes_unlocated_stock_first_then_the_oldest():
	site = laid_out_warehouse(with_receiving_bin=False)
	item = make_item()
	receive_stock(item, site.warehouse, 10)  # -> unlocated
	move_stock(
		MoveStock(item_code=item, qty=6, from_bin=site.unlocated_bin, to_bin=f"A-01-01 - {site.warehouse}")
	)
	receive_stock(item, site.warehouse, 3)  # -> unlocated again: 7 there, 6 in A-01-01
	make_delivery_note(items=[{"item_code": item, "qty": 9, "warehouse": site.warehouse, "rate": 20}])
	assert bin_qty(site.unlocated_bin, item) == 0
	assert bin_qty(f"A-01-01 - {site.warehouse}", item) == 4


def test_stock_entries_between_warehouses_follow_into_the_unlocated_bins():
	a, b = laid_out_warehouse(with_receiving_bin=False), laid_out_warehouse(with_receiving_bin=False)
	item = make_item()
	make_stock_entry("Material Receipt", item, 5, to_warehouse=a.warehouse)
	make_stock_entry("Material Transfer", item, 2, from_warehouse=a.warehouse, to_warehouse=b.warehouse)
	assert bin_qty(a.unlocated_bin, item) == 3
	assert bin_qty(b.unlocated_bin, item) == 2


def test_batches_are_kept_apart():
	site = laid_out_warehouse()
	item = make_item(has_batch_no=1)
	b1, b2 = make_batch(item), make_batch(item)
	receive_stock(item, site.warehouse, 5, batch_no=b1)
	receive_stock(item, site.warehouse, 7, batch_no=b2)
	assert bin_qty(site.receiving_bin, item, b1) == 5
	assert bin_qty(site.receiving_bin, item, b2) == 7


def test_cancel_after_putaway_takes_the_stock_back_from_where_it_is_now():
	site = laid_out_warehouse()
	item = make_item()
	pr = receive_stock(item, site.warehouse, 10)
	move_stock(
		MoveStock(item_code=item, qty=8, from_bin=site.receiving_bin, to_bin=f"A-01-01 - {site.warehouse}")
	)
	pr.cancel()
	assert bin_qty(site.receiving_bin, item) == 0
	assert bin_qty(f"A-01-01 - {site.warehouse}", item) == 0
	assert find_drift(site.warehouse) == []


# ------------------------------------------------------------------ moves


def test_move_between_bins_touches_only_the_bin_ledger():
	site = laid_out_warehouse()
	item = make_item()
	receive_stock(item, site.warehouse, 10)
	sle_before = frappe.db.count("Stock Ledger Entry", {"item_code": item})
	move_stock(
		MoveStock(item_code=item, qty=4, from_bin=site.receiving_bin, to_bin=f"B-02-01 - {site.warehouse}")
	)
	assert bin_qty(site.receiving_bin, item) == 6
	assert bin_qty(f"B-02-01 - {site.warehouse}", item) == 4
	assert frappe.db.count("Stock Ledger Entry", {"item_code": item}) == sle_before


def test_move_to_another_warehouse_posts_a_material_transfer():
	a, b = laid_out_warehouse(), laid_out_warehouse()
	item = make_item()
	receive_stock(item, a.warehouse, 10)
	result = move_stock(
		MoveStock(item_code=item, qty=4, from_bin=a.receiving_bin, to_bin=f"A-01-02 - {b.warehouse}")
	)
	se = frappe.get_doc("Stock Entry", result["stock_entry"])
	assert se.docstatus == 1 and se.purpose == "Material Transfer"
	assert bin_qty(a.receiving_bin, item) == 6
	assert bin_qty(f"A-01-02 - {b.warehouse}", item) == 4
	assert find_drift(a.warehouse) == [] and find_drift(b.warehouse) == []


@pytest.mark.parametrize(
	"case,exc,match",
	[
		("more_than_on_hand", InsufficientBinStockError, "has 10 of .* available"),
		("capacity", BinCapacityError, "holds at most 5 units"),
		("blocked", BinNotUsableError, "is blocked"),
		("mix", BinMixPolicyError, "single item"),
		("unknown_item", frappe.DoesNotExistError, r"Item .*NO-SUCH-ITEM.* does not exist"),
		("unknown_bin", frappe.DoesNotExistError, r"Storage Bin .*NO-SUCH-BIN.* does not exist"),
		("unknown_batch", frappe.DoesNotExistError, r"Batch .*NO-SUCH-BATCH.* of item"),
		("weight", BinCapacityError, r"A-01-01 .* holds at most 10 weight"),
		("counting", BinNotUsableError, "is counting"),
		("counting_source", BinNotUsableError, "DOCK-1 .* is being counted"),
		(
			"other_warehouse_short",
			InsufficientBinStockError,
			r"DOCK-1 .* has 10 of .* available .*; cannot move 11",
		),
		("other_warehouse_counting", BinNotUsableError, "DOCK-1 .* is being counted"),
		("other_warehouse_blocked", BinNotUsableError, r"A-01-01 - .* is blocked"),
	],
)
def test_bad_moves_are_refused_by_name_and_write_nothing(case, exc, match):
	site = laid_out_warehouse()
	item, other = make_item(), make_item()
	receive_stock(item, site.warehouse, 10)
	receive_stock(other, site.warehouse, 1)
	target = f"A-01-01 - {site.warehouse}"
	kwargs = dict(item_code=item, qty=3, from_bin=site.receiving_bin, to_bin=target)
	if case == "more_than_on_hand":
		kwargs["qty"] = 11
	elif case == "capacity":
		frappe.db.set_value("Storage Bin", target, "max_qty", 5)
		kwargs["qty"] = 6
	elif case == "blocked":
		frappe.db.set_value("Storage Bin", target, "status", "Blocked")
	elif case == "mix":
		frappe.db.set_value("Storage Bin", target, "mix_policy", "Single Item")
		move_stock(MoveStock(item_code=other, qty=1, from_bin=site.receiving_bin, to_bin=target))
	elif case == "unknown_item":
		kwargs["item_code"] = "NO-SUCH-ITEM"
	elif case == "unknown_bin":
		kwargs["to_bin"] = "NO-SUCH-BIN"
	elif case == "unknown_batch":
		kwargs["batch_no"] = "NO-SUCH-BATCH"
	elif case == "weight":
		frappe.db.set_value("Item", item, "weight_per_unit", 4)
		frappe.db.set_value("Storage Bin", target, "max_weight", 10)  # 3 x 4 kg = 12 > 10
	elif case == "counting":
		frappe.db.set_value("Storage Bin", target, "status", "Counting")
	elif case == "counting_source":
		frappe.db.set_value("Storage Bin", site.receiving_bin, "status", "Counting")
	elif case.startswith("other_warehouse"):
		kwargs["to_bin"] = f"A-01-01 - {laid_out_warehouse(aisles=('A', 'A'), bays=1, levels=1).warehouse}"
		if case == "other_warehouse_short":
			kwargs["qty"] = 11
		elif case == "other_warehouse_counting":
			frappe.db.set_value("Storage Bin", site.receiving_bin, "status", "Counting")
		else:
			frappe.db.set_value("Storage Bin", kwargs["to_bin"], "status", "Blocked")
	rows_before = frappe.db.count("Bin Ledger Entry")
	balances_before = frappe.get_all("Bin Stock", fields=["name", "on_hand_qty"], order_by="name")
	entries_before = frappe.db.count("Stock Entry")
	with pytest.raises(exc, match=match):
		move_stock(MoveStock(**kwargs))
	assert frappe.db.count("Bin Ledger Entry") == rows_before
	assert frappe.get_all("Bin Stock", fields=["name", "on_hand_qty"], order_by="name") == balances_before
	assert frappe.db.count("Stock Entry") == entries_before
	assert bin_qty(site.receiving_bin, item) == 10


# ------------------------------------------------------------------ reconciliation and reports


def test_drift_is_found_repaired_through_the_unlocated_bin_and_logged():
	from wms_module.services.reconciliation import record_daily_drift, repair

	site = laid_out_warehouse()
	item = make_item()
	receive_stock(item, site.warehouse, 10)
	# Someone edits the cache behind the app's back: the bins now claim 7.
	frappe.db.sql("update `tabBin Stock` set on_hand_qty = 7 where item_code = %s", (item,))
	drift = find_drift(site.warehouse)
	assert [(d.item_code, d.erp_qty, d.bin_qty) for d in drift] == [(item, 10, 7)]
	from wms_module.wms_module.report.bin_stock_reconciliation.bin_stock_reconciliation import (
		execute as recon,
	)

	_, data, message, chart = recon({"warehouse": site.warehouse})
	assert [(r["item_code"], r["erp_qty"], r["bin_qty"], r["difference"]) for r in data] == [(item, 10, 7, 3)]
	assert chart["data"]["datasets"][0]["values"] == [3] and "1 lines differ" in message
	frappe.db.set_single_value("WMS Settings", "daily_drift_check", 0)
	logs_before = frappe.db.count("Bin Drift Log")
	record_daily_drift()
	assert frappe.db.count("Bin Drift Log") == logs_before, "switched off in WMS Settings: nothing logged"
	frappe.db.set_single_value("WMS Settings", "daily_drift_check", 1)
	record_daily_drift()
	assert frappe.db.get_value("Bin Drift Log", {"action": "Check"}, "drift_lines") >= 1
	assert frappe.db.count("Bin Ledger Entry", {"item_code": item}) == 1, (
		"a check records, it does not repair"
	)
	result = repair(site.warehouse)
	assert result["repaired_lines"] == 1
	assert bin_qty(site.unlocated_bin, item) == 3
	assert find_drift(site.warehouse) == []
	assert frappe.db.get_value("Bin Drift Log", result["log"], "action") == "Repair"


def test_reports_return_columns_data_and_chart():
	from wms_module.wms_module.report.bin_stock_reconciliation.bin_stock_reconciliation import (
		execute as recon,
	)
	from wms_module.wms_module.report.bin_utilization.bin_utilization import execute as utilization
	from wms_module.wms_module.report.stock_by_bin.stock_by_bin import execute as stock_by_bin

	site = laid_out_warehouse(aisles=("A", "A"), bays=2, levels=1)
	item = make_item()
	receive_stock(item, site.warehouse, 10)
	frappe.db.set_value("Storage Bin", f"A-01-01 - {site.warehouse}", "max_qty", 2)
	move_stock(
		MoveStock(item_code=item, qty=2, from_bin=site.receiving_bin, to_bin=f"A-01-01 - {site.warehouse}")
	)
	frappe.db.set_value(
		"Storage Bin", f"A-01-01 - {site.warehouse}", "max_qty", 1
	)  # shrunk: now over capacity

	columns, data, _, chart = stock_by_bin({"warehouse": site.warehouse})
	assert {c["fieldname"] for c in columns} >= {"storage_bin", "item_code", "on_hand_qty"}
	assert {(r["storage_bin"], r["on_hand_qty"]) for r in data} == {
		(site.receiving_bin, 8),
		(f"A-01-01 - {site.warehouse}", 2),
	}
	assert chart["data"]["datasets"][0]["values"]

	columns, data, _, chart, summary = utilization({"warehouse": site.warehouse})
	pick = next(r for r in data if r["zone"] == site.pick_zone)
	assert (pick["bins"], pick["occupied"], pick["empty"], pick["over_capacity"]) == (2, 1, 1, 1)
	assert chart["type"] == "bar" and summary

	columns, data, message, chart = recon({"warehouse": site.warehouse})
	assert data == [] and "agree" in message


# ------------------------------------------------------------------ Stock Reconciliation


def test_stock_reconciliation_trues_the_bins_up_through_the_unlocated_bin_and_cancel_reverses():
	site = laid_out_warehouse()
	item = make_item()
	a0101 = f"A-01-01 - {site.warehouse}"
	receive_stock(item, site.warehouse, 10)
	move_stock(MoveStock(item_code=item, qty=4, from_bin=site.receiving_bin, to_bin=a0101))

	make_stock_reconciliation(item, site.warehouse, 7)  # 3 fewer: taken from the oldest stock
	assert (bin_qty(site.receiving_bin, item), bin_qty(a0101, item), bin_qty(site.unlocated_bin, item)) == (
		3,
		4,
		0,
	)
	assert find_drift(site.warehouse) == []

	up = make_stock_reconciliation(item, site.warehouse, 12)  # 5 more: nobody knows where, so unlocated
	assert bin_qty(site.unlocated_bin, item) == 5 and find_drift(site.warehouse) == []
	assert {r.movement_type for r in ledger(item) if r.voucher_no == up.name} == {"Correction"}

	up.cancel()
	assert bin_qty(site.unlocated_bin, item) == 0
	assert (bin_qty(site.receiving_bin, item), bin_qty(a0101, item)) == (3, 4)
	assert find_drift(site.warehouse) == []


def test_stock_reconciliation_of_a_batch_touches_only_that_batch():
	site = laid_out_warehouse()
	item = make_item(has_batch_no=1)
	b1, b2 = make_batch(item), make_batch(item)
	receive_stock(item, site.warehouse, 5, batch_no=b1)
	receive_stock(item, site.warehouse, 5, batch_no=b2)
	make_stock_reconciliation(item, site.warehouse, 2, batch_no=b1)
	assert bin_qty(site.receiving_bin, item, b1) == 2 and bin_qty(site.receiving_bin, item, b2) == 5
	assert find_drift(site.warehouse) == []


@pytest.mark.parametrize("counted", [7, 15], ids=["count-lower", "count-higher"])
def test_cancelling_a_receipt_after_a_count_leaves_the_bins_at_the_count(counted):
	"""ERPNext reposts the ledger after a cancel and a later Stock Reconciliation keeps the balance it
	counted: cancel a receipt of 10 that a count of 7 (or 15) followed and ERPNext still holds 7
	(15). The bins follow ERPNext, not "minus 10" (which found only 7 to take, or left 5)."""
	site = laid_out_warehouse()
	item = make_item()
	receipt = receive_stock(item, site.warehouse, 10)
	make_stock_reconciliation(item, site.warehouse, counted)
	receipt.reload()
	receipt.cancel()
	assert (
		frappe.db.get_value("Bin", {"item_code": item, "warehouse": site.warehouse}, "actual_qty") == counted
	)
	assert sum(frappe.get_all("Bin Stock", filters={"item_code": item}, pluck="on_hand_qty")) == counted
	assert find_drift(site.warehouse) == []


def test_the_bin_ledger_is_append_only():
	site = laid_out_warehouse(aisles=("A", "A"), bays=1, levels=1)
	item = make_item()
	receive_stock(item, site.warehouse, 5)
	name = frappe.get_all("Bin Ledger Entry", filters={"item_code": item}, pluck="name")[0]
	row = frappe.get_doc("Bin Ledger Entry", name)
	row.qty = 50
	with pytest.raises(frappe.PermissionError, match=f"{name} cannot be changed"):
		row.save(ignore_permissions=True)
	with pytest.raises(frappe.PermissionError, match=f"{name} cannot be deleted"):
		frappe.delete_doc("Bin Ledger Entry", name, ignore_permissions=True)
	with pytest.raises(frappe.PermissionError, match="posted by stock movements"):
		frappe.get_doc(
			{
				"doctype": "Bin Ledger Entry",
				"storage_bin": site.receiving_bin,
				"warehouse": site.warehouse,
				"item_code": item,
				"qty": 1,
				"movement_type": "Correction",
			}
		).insert(ignore_permissions=True)
	assert frappe.get_all("Bin Ledger Entry", filters={"item_code": item}, pluck="qty") == [5]
	assert bin_qty(site.receiving_bin, item) == 5


def test_stock_by_bin_filters_by_warehouse_zone_item_batch_and_bin():
	from wms_module.wms_module.report.stock_by_bin.stock_by_bin import execute as stock_by_bin

	site = laid_out_warehouse(aisles=("A", "A"), bays=2, levels=1)
	item, batched = make_item(), make_item(has_batch_no=1)
	b1, b2 = make_batch(batched), make_batch(batched)
	receive_stock(item, site.warehouse, 10)
	receive_stock(batched, site.warehouse, 4, batch_no=b1)
	receive_stock(batched, site.warehouse, 6, batch_no=b2)
	a0101 = f"A-01-01 - {site.warehouse}"
	move_stock(MoveStock(item_code=item, qty=3, from_bin=site.receiving_bin, to_bin=a0101))
	move_stock(MoveStock(item_code=batched, qty=1, from_bin=site.receiving_bin, to_bin=a0101, batch_no=b2))

	def rows(**filters):
		_, data, _, chart = stock_by_bin({"warehouse": site.warehouse, **filters})
		return {(r["storage_bin"], r["item_code"], r["batch_no"], r["on_hand_qty"]) for r in data}, chart

	everything, chart = rows()
	assert len(everything) == 5
	assert rows(zone=site.pick_zone)[0] == {(a0101, item, None, 3), (a0101, batched, b2, 1)}
	assert rows(item_code=batched, batch_no=b2)[0] == {
		(site.receiving_bin, batched, b2, 5),
		(a0101, batched, b2, 1),
	}
	assert rows(storage_bin=a0101, item_code=item)[0] == {(a0101, item, None, 3)}
	assert dict(zip(chart["data"]["labels"], chart["data"]["datasets"][0]["values"], strict=True)) == {
		frappe.db.get_value("Storage Bin", site.receiving_bin, "zone"): 7 + 4 + 5,
		site.pick_zone: 4,
	}
	other = laid_out_warehouse(aisles=("A", "A"), bays=1, levels=1)
	assert stock_by_bin({"warehouse": other.warehouse})[1] == []


@pytest.mark.parametrize("action", ["find_drift", "repair"])
def test_drift_of_an_unknown_warehouse_is_refused_by_name(action):
	"""QA: drift(warehouse="Nope") answered [] (no drift) instead of saying there is no such warehouse."""
	from wms_module.services import reconciliation

	laid_out_warehouse()
	logs_before = frappe.db.count("Bin Drift Log")
	with pytest.raises(frappe.DoesNotExistError, match="Warehouse .*Nope.* not found"):
		getattr(reconciliation, action)("Nope")
	assert frappe.db.count("Bin Drift Log") == logs_before, "nothing logged"


RECON_MANAGER = "recon-manager@wms.example"
RECON_PASSWORD = "recon-pass-123"


def make_recon_manager():
	from tests.app.http_fixtures import make_users

	make_users(((RECON_MANAGER, ["WMS Manager"]),), RECON_PASSWORD, "Recon")
	return laid_out_warehouse().warehouse


def test_drift_and_repair_endpoints_answer_404_for_an_unknown_warehouse(committed_site):
	import requests

	from tests.harness import run_in_site, serve

	warehouse = run_in_site(committed_site, make_recon_manager)
	api = "/api/method/wms_module.api.reconciliation"
	with serve(committed_site) as server:
		s = requests.Session()
		login = {"usr": RECON_MANAGER, "pwd": RECON_PASSWORD}
		assert s.post(f"{server.url}/api/method/login", json=login, timeout=30).ok
		for method, name in (("get", "drift"), ("post", "repair")):
			r = getattr(s, method)(f"{server.url}{api}.{name}", params={"warehouse": "Nope"}, timeout=30)
			assert r.status_code == 404, (name, r.text)
			assert r.json()["exc_type"] == "DoesNotExistError"
			assert "Nope" in r.json()["_server_messages"]
		r = s.get(f"{server.url}{api}.drift", params={"warehouse": warehouse}, timeout=30)
		assert r.status_code == 200 and r.json()["message"] == []
		r = s.post(f"{server.url}{api}.repair", params={"warehouse": warehouse}, timeout=30)
		assert r.status_code == 200 and r.json()["message"]["repaired_lines"] == 0
