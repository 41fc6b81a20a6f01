"""Query budget: following a 200-line Purchase Receipt into bins costs at most 3 queries
per line plus a constant (counted around the app's own doc_event, not ERPNext's posting)."""

from __future__ import annotations

import frappe

from tests.app.storage_setup import bin_qty, laid_out_warehouse
from tests.factories import make_item, make_purchase_receipt
from wms_module.services import stock_sync

LINES = 200
CONSTANT = 10


def test_a_200_line_purchase_receipt_costs_at_most_3_queries_per_line(query_counter, monkeypatch):
	site = laid_out_warehouse(aisles=("A", "A"), bays=1, levels=1)
	items = [make_item() for _ in range(LINES)]
	# A first receipt creates the balances; the measured second one must update all 200 of them.
	make_purchase_receipt(items=[{"item_code": i, "qty": 1, "warehouse": site.warehouse} for i in items])
	pr = make_purchase_receipt(
		items=[{"item_code": i, "qty": 2, "warehouse": site.warehouse} for i in items], submit=False
	)
	counted = {}
	follow = stock_sync.on_voucher_submit

	def counted_follow(doc):
		with query_counter() as q:
			follow(doc)
		counted["queries"] = q.count

	monkeypatch.setattr(stock_sync, "on_voucher_submit", counted_follow)
	pr.submit()
	assert bin_qty(site.receiving_bin, items[0]) == 3 and bin_qty(site.receiving_bin, items[-1]) == 3
	assert frappe.db.count("Bin Ledger Entry", {"voucher_no": pr.name}) == LINES
	assert counted["queries"] <= 3 * LINES + CONSTANT, counted
	# One UPDATE per touched balance plus a handful of reads and bulk inserts.
	print(f"\n{LINES}-line Purchase Receipt into bins: {counted['queries']} queries")
