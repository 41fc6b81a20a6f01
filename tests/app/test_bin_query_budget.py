"""Query budget: following a 200-line Purchase Receipt into bins costs at most 3 queries
per line plus a constant (counted around the app's own doc_event, not ERPNext's posting)."""

from __future__ import annotations

import frappe

from tests.app.storage_setup import bin_qty, laid_out_warehouse
from tests.conftest import SITE_MODE
from tests.factories import make_item, make_purchase_receipt
from wms_module.services import stock_sync

# On a real site the 400 Item and receipt lines the set-up makes take four minutes of ERPNext's own
# work; the per-line budget is the same at 40 lines.
LINES = 40 if SITE_MODE else 200
CONSTANT = 10


def test_a_purchase_receipt_of_many_lines_costs_at_most_3_queries_per_line(query_counter, monkeypatch):
	site = laid_out_warehouse(aisles=("A", "A"), bays=1, levels=1)
	items = [make_item() for _ in range(LINES)]
	# A first receipt creates the balances; the measured second one must update all of them.
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
