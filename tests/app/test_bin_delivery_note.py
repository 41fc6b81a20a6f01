"""Delivery Note and the bins: a note the WMS staged takes its stock from the staging bin
(not from free stock), and its cancel puts the stock back into the staging bin."""

from __future__ import annotations

import frappe

from tests import factories
from tests.app.outbound_fixtures import (
	balance,
	confirm_all,
	deliver,
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
)
from wms_module.services.reconciliation import find_drift


def test_a_staged_delivery_note_takes_from_staging_and_its_cancel_puts_it_back():
	outbound_defaults(delivery_note_action="Create Draft")
	site = outbound_floor("A-01", "R-01")
	item = factories.make_item()
	put_stock(site, item, "A-01", 3)
	put_stock(site, item, "R-01", 5)  # free stock: a note made by hand would take it, a staged one must not
	so = factories.make_sales_order(items=so_lines(site, (item, 3)))
	(result,) = confirm_all(so.name)
	assert balance(site.staging, item).on_hand == 3

	dn = frappe.get_doc("Delivery Note", deliver(result))
	dn.submit()
	assert balance(site.staging, item).on_hand == 0
	assert balance(site.bin("R-01"), item).on_hand == 5
	moved = frappe.get_all(
		"Bin Ledger Entry",
		filters={"voucher_no": dn.name},
		fields=["storage_bin", "qty"],
		order_by="creation",
	)
	assert [(r.storage_bin, r.qty) for r in moved] == [(site.staging, -3)]

	dn.reload()
	dn.cancel()
	assert balance(site.staging, item).on_hand == 3, "the cancelled note's stock is back where it left from"
	assert balance(site.bin("R-01"), item).on_hand == 5
	assert find_drift(site.warehouse) == []
