"""wms_module.erp.get_stock_postings: batches on the Stock Ledger Entry, or in a Serial and Batch Bundle.

ERPNext v15 posts batch items through a Serial and Batch Bundle (the SLE's
``serial_and_batch_bundle``; its ``entries`` rows carry batch_no and qty). The stand-in posts
on the SLE's batch_no, so the bundle here is made by hand and linked to the posted SLE.
"""

from __future__ import annotations

import frappe

from tests import factories


def _bundle(item: str, warehouse: str, voucher, kind: str, rows: list[tuple[str, float]]) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Serial and Batch Bundle",
			"company": voucher.company,
			"item_code": item,
			"warehouse": warehouse,
			"type_of_transaction": kind,
			"voucher_type": voucher.doctype,
			"voucher_no": voucher.name,
			"entries": [{"batch_no": b, "qty": q, "warehouse": warehouse} for b, q in rows],
		}
	).insert(ignore_permissions=True)
	return doc.name


def _move_batches_into(voucher, bundle: str) -> None:
	"""Make the voucher's SLE look like v15's: batch in the bundle, none on the SLE."""
	for name in frappe.get_all("Stock Ledger Entry", filters={"voucher_no": voucher.name}, pluck="name"):
		frappe.db.set_value("Stock Ledger Entry", name, {"serial_and_batch_bundle": bundle, "batch_no": None})


def test_postings_without_a_bundle_use_the_sle_batch():
	from wms_module.erp import get_stock_postings

	wh = factories.make_warehouse()
	item = factories.make_item(has_batch_no=1)
	batch = factories.make_batch(item)
	pr = factories.make_purchase_receipt(
		items=[{"item_code": item, "qty": 5, "warehouse": wh, "batch_no": batch}]
	)

	(posting,) = get_stock_postings("Purchase Receipt", pr.name)
	assert (posting.warehouse, posting.item_code, posting.batch_no, posting.qty) == (wh, item, batch, 5)
	assert posting.voucher_detail_no == pr.items[0].name


def test_a_bundle_splits_one_sle_into_its_batches_with_the_sle_sign():
	from wms_module.erp import get_stock_postings

	wh = factories.make_warehouse()
	item = factories.make_item(has_batch_no=1)
	a, b = factories.make_batch(item), factories.make_batch(item)
	pr = factories.make_purchase_receipt(
		items=[{"item_code": item, "qty": 6, "warehouse": wh, "batch_no": a}]
	)
	dn = factories.make_delivery_note(items=[{"item_code": item, "qty": 3, "warehouse": wh, "batch_no": a}])
	_move_batches_into(pr, _bundle(item, wh, pr, "Inward", [(a, 4), (b, 2)]))
	# v15 writes outward entry quantities negative; erp compares them by magnitude
	_move_batches_into(dn, _bundle(item, wh, dn, "Outward", [(a, -1), (b, -2)]))

	inward = sorted((p.batch_no, p.qty) for p in get_stock_postings("Purchase Receipt", pr.name))
	assert inward == sorted([(a, 4.0), (b, 2.0)])
	outward = sorted((p.batch_no, p.qty) for p in get_stock_postings("Delivery Note", dn.name))
	assert outward == sorted([(a, -1.0), (b, -2.0)])


def test_cancelled_entries_are_not_postings():
	from wms_module.erp import get_stock_postings

	wh = factories.make_warehouse()
	item = factories.make_item()
	pr = factories.make_purchase_receipt(items=[{"item_code": item, "qty": 2, "warehouse": wh}])
	pr.cancel()
	assert get_stock_postings("Purchase Receipt", pr.name) == []
