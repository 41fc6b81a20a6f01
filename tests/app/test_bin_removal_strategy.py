"""Stock ERPNext issues without naming a bin (a hand-made Delivery Note or Material Issue)
leaves the unlocated bin first, then the bins in the order of the warehouse's removal
strategy (Warehouse Layout, else WMS Settings); a cancel puts it back where it came from."""

from __future__ import annotations

import frappe
import pytest

from tests.app.storage_setup import bin_qty, laid_out_warehouse
from tests.factories import make_delivery_note, make_item, make_stock_entry, receive_stock
from wms_module.services.moves import MoveStock, move_stock
from wms_module.services.reconciliation import find_drift


def stocked(strategy: str | None, *, settings_default: str | None = None) -> frappe._dict:
	"""2 units put away in A-01-01 (oldest), 6 in C-04-02 (newer), 3 in A-02-01 (newest)."""
	site = laid_out_warehouse(aisles=("A", "C"), bays=4, levels=2)
	frappe.db.set_value("Warehouse Layout", site.layout, "removal_strategy", strategy or "")
	if settings_default:
		frappe.db.set_single_value("WMS Settings", "default_removal_strategy", settings_default)
	item = make_item()
	bins = {code: f"{code} - {site.warehouse}" for code in ("A-01-01", "C-04-02", "A-02-01")}
	receive_stock(item, site.warehouse, 11)
	for (code, qty), received in zip(
		(("A-01-01", 2), ("C-04-02", 6), ("A-02-01", 3)),
		("2026-01-01 08:00:00", "2026-01-02 08:00:00", "2026-01-03 08:00:00"),
		strict=True,
	):
		move_stock(MoveStock(item_code=item, qty=qty, from_bin=site.receiving_bin, to_bin=bins[code]))
		frappe.db.set_value(
			"Bin Stock", {"storage_bin": bins[code], "item_code": item}, "first_received", received
		)
	return frappe._dict(site=site, item=item, bins=bins)


def held(s) -> dict[str, float]:
	return {code: bin_qty(name, s.item) for code, name in s.bins.items()}


@pytest.mark.parametrize(
	"strategy,settings_default,after",
	[
		("FIFO", None, {"A-01-01": 0, "C-04-02": 4, "A-02-01": 3}),  # oldest first
		("FEFO", None, {"A-01-01": 0, "C-04-02": 4, "A-02-01": 3}),  # one batch: one expiry, so by age
		("LIFO", None, {"A-01-01": 2, "C-04-02": 5, "A-02-01": 0}),  # newest first
		("Fewest Bins", None, {"A-01-01": 2, "C-04-02": 2, "A-02-01": 3}),  # the fullest bin alone
		("Closest to Depot", None, {"A-01-01": 0, "C-04-02": 6, "A-02-01": 1}),  # aisle A, front bays first
		(None, "LIFO", {"A-01-01": 2, "C-04-02": 5, "A-02-01": 0}),  # no layout strategy: WMS Settings
	],
)
def test_a_hand_made_delivery_note_empties_bins_in_the_removal_strategys_order(
	strategy, settings_default, after
):
	s = stocked(strategy, settings_default=settings_default)
	dn = make_delivery_note(items=[{"item_code": s.item, "qty": 4, "warehouse": s.site.warehouse, "rate": 5}])
	assert held(s) == after
	assert find_drift(s.site.warehouse) == []
	dn.cancel()
	assert held(s) == {"A-01-01": 2, "C-04-02": 6, "A-02-01": 3}, (
		"a cancel puts the stock back where it came from"
	)
	assert find_drift(s.site.warehouse) == []


def test_unlocated_stock_goes_first_whatever_the_strategy():
	s = stocked("LIFO")
	make_stock_entry(
		"Material Receipt", s.item, 3, to_warehouse=s.site.warehouse
	)  # not a purchase: unlocated
	assert bin_qty(s.site.unlocated_bin, s.item) == 3
	make_stock_entry("Material Issue", s.item, 4, from_warehouse=s.site.warehouse)
	assert bin_qty(s.site.unlocated_bin, s.item) == 0
	assert held(s) == {"A-01-01": 2, "C-04-02": 6, "A-02-01": 2}  # the 4th unit: newest bin


def test_a_hand_made_delivery_note_costs_a_constant_number_of_extra_queries(query_counter, monkeypatch):
	from wms_module.services import stock_sync

	counts = {}
	follow = stock_sync.on_voucher_submit

	def counted(doc):
		with query_counter() as q:
			follow(doc)
		counts.setdefault(doc.name, q.count)

	monkeypatch.setattr(stock_sync, "on_voucher_submit", counted)
	for strategy in ("FIFO", "Closest to Depot"):
		s = stocked(strategy)
		one = make_delivery_note(
			items=[{"item_code": s.item, "qty": 1, "warehouse": s.site.warehouse, "rate": 5}]
		)
		items = [make_item() for _ in range(10)]
		for i in items:
			receive_stock(i, s.site.warehouse, 2)
		ten = make_delivery_note(
			items=[{"item_code": i, "qty": 1, "warehouse": s.site.warehouse, "rate": 5} for i in items]
		)
		# ten lines cost what one costs plus one balance UPDATE per line
		assert counts[ten.name] <= counts[one.name] + 10, (strategy, counts[one.name], counts[ten.name])


def test_clear_small_quantities_empties_the_smallest_balances_first():
	from wms_module.core.allocation import RemovalStrategy
	from wms_module.core.bin_ledger import Balance, plan_untracked_issue
	from wms_module.services.stock_sync import _orderer

	balances = [
		Balance("A", "W", "I", None, on_hand=6, first_received="2026-01-01"),
		Balance("B", "W", "I", None, on_hand=2, first_received="2026-01-02"),
		Balance("C", "W", "I", None, on_hand=3, first_received="2026-01-03"),
	]
	ordered = _orderer(RemovalStrategy.CLEAR_SMALL, None)(balances)
	rows = plan_untracked_issue(
		warehouse="W", item="I", batch=None, qty=4, balances=ordered, unlocated_bin="U"
	)
	assert [(r.bin, r.qty) for r in rows] == [("B", -2), ("C", -2)]
