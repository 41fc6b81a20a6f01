"""The ERPNext stand-in's stock ledger: vouchers post on submit, reverse on cancel, refuse
negative stock without writing anything, and keep batch-wise balances."""

import pytest

from tests import factories as f
from tests.benchless import erpnext_fixtures
from tests.benchless.erpnext_fixtures import bin_qty, sles

erp_site_info = erpnext_fixtures.erp_site_info  # pytest fixtures
erp = erpnext_fixtures.erp


def _stock(frappe, qty=10, **item_kw):
	wh = f.make_warehouse()
	item = f.make_item(**item_kw)
	if qty:
		f.receive_stock(item, wh, qty)
	return wh, item


def test_purchase_receipt_posts_stock_and_cancel_reverses_it(erp):
	frappe = erp
	wh, item = _stock(frappe, qty=0)
	pr = f.make_purchase_receipt(items=[{"item_code": item, "qty": 10, "warehouse": wh}])

	assert bin_qty(frappe, item, wh) == 10
	rows = sles(frappe, "Purchase Receipt", pr.name)
	assert [(r.actual_qty, r.qty_after_transaction, r.is_cancelled) for r in rows] == [(10, 10, 0)]
	assert rows[0].voucher_detail_no == pr.items[0].name
	assert frappe.db.get_value("Purchase Receipt", pr.name, "status") == "To Bill"

	pr.reload()
	pr.cancel()

	assert bin_qty(frappe, item, wh) == 0
	rows = sles(frappe, "Purchase Receipt", pr.name)
	assert sorted(r.actual_qty for r in rows) == [-10, 10]
	assert all(r.is_cancelled == 1 for r in rows)
	assert frappe.db.get_value("Purchase Receipt", pr.name, "status") == "Cancelled"

	from erpnext.stock.utils import get_stock_balance

	assert get_stock_balance(item, wh) == 0


def test_rejected_qty_goes_to_the_rejected_warehouse(erp):
	frappe = erp
	wh, item = _stock(frappe, qty=0)
	rejected = f.make_warehouse()
	f.make_purchase_receipt(
		items=[
			{
				"item_code": item,
				"qty": 8,
				"rejected_qty": 2,
				"received_qty": 10,
				"warehouse": wh,
				"rejected_warehouse": rejected,
			}
		]
	)
	assert bin_qty(frappe, item, wh) == 8
	assert bin_qty(frappe, item, rejected) == 2


def test_delivery_note_takes_stock_out_and_cancel_puts_it_back(erp):
	frappe = erp
	wh, item = _stock(frappe, qty=10)
	dn = f.make_delivery_note(items=[{"item_code": item, "qty": 4, "warehouse": wh}])
	assert bin_qty(frappe, item, wh) == 6
	rows = sles(frappe, "Delivery Note", dn.name)
	assert [(r.actual_qty, r.qty_after_transaction) for r in rows] == [(-4, 6)]

	dn.reload()
	dn.cancel()
	assert bin_qty(frappe, item, wh) == 10
	assert frappe.db.get_value("Delivery Note", dn.name, "status") == "Cancelled"


def test_material_transfer_moves_stock_between_warehouses(erp):
	frappe = erp
	src, item = _stock(frappe, qty=10)
	dst = f.make_warehouse()
	se = f.make_stock_entry("Material Transfer", item, 3, from_warehouse=src, to_warehouse=dst)
	assert (bin_qty(frappe, item, src), bin_qty(frappe, item, dst)) == (7, 3)
	rows = sles(frappe, "Stock Entry", se.name)
	assert [(r.warehouse, r.actual_qty) for r in rows] == [(src, -3), (dst, 3)]

	se.reload()
	se.cancel()
	assert (bin_qty(frappe, item, src), bin_qty(frappe, item, dst)) == (10, 0)


def test_material_receipt_and_issue(erp):
	frappe = erp
	wh, item = _stock(frappe, qty=0)
	f.make_stock_entry("Material Receipt", item, 5, to_warehouse=wh)
	f.make_stock_entry("Material Issue", item, 2, from_warehouse=wh)
	assert bin_qty(frappe, item, wh) == 3


def test_negative_stock_is_refused_and_nothing_is_written(erp):
	frappe = erp
	from erpnext.stock.stock_ledger import NegativeStockError

	wh, item = _stock(frappe, qty=5)
	other = f.make_item()
	f.receive_stock(other, wh, 50)
	se = frappe.get_doc(
		{"doctype": "Stock Entry", "stock_entry_type": "Material Issue", "company": f.make_company()}
	)
	# the first row alone would pass; the second makes the voucher fail as a whole
	se.append("items", {"item_code": other, "qty": 10, "s_warehouse": wh, "conversion_factor": 1})
	se.append("items", {"item_code": item, "qty": 7, "s_warehouse": wh, "conversion_factor": 1})
	se.insert()
	with pytest.raises(NegativeStockError) as info:
		se.submit()
	assert "2" in str(info.value) and "needed in" in str(info.value)
	assert bin_qty(frappe, item, wh) == 5
	assert bin_qty(frappe, other, wh) == 50
	assert sles(frappe, "Stock Entry", se.name) == []


def test_cancelling_a_receipt_whose_stock_is_gone_is_refused(erp):
	frappe = erp
	from erpnext.stock.stock_ledger import NegativeStockError

	wh, item = _stock(frappe, qty=0)
	pr = f.receive_stock(item, wh, 5)
	f.make_stock_entry("Material Issue", item, 4, from_warehouse=wh)
	pr.reload()
	with pytest.raises(NegativeStockError):
		pr.cancel()
	assert bin_qty(frappe, item, wh) == 1


def test_allow_negative_stock_setting_lets_stock_go_below_zero(erp):
	frappe = erp
	wh, item = _stock(frappe, qty=2)
	frappe.db.set_single_value("Stock Settings", "allow_negative_stock", 1)
	try:
		f.make_stock_entry("Material Issue", item, 5, from_warehouse=wh)
	finally:
		frappe.db.set_single_value("Stock Settings", "allow_negative_stock", 0)
	assert bin_qty(frappe, item, wh) == -3


def test_make_sl_entries_allow_negative_stock_argument(erp):
	frappe = erp
	from erpnext.stock.stock_ledger import make_sl_entries
	from frappe.utils import nowdate, nowtime

	wh, item = _stock(frappe, qty=1)
	voucher = f.make_stock_entry("Material Issue", item, 1, from_warehouse=wh, submit=False)
	entry = {
		"item_code": item,
		"warehouse": wh,
		"posting_date": nowdate(),
		"posting_time": nowtime(),
		"voucher_type": "Stock Entry",
		"voucher_no": voucher.name,
		"voucher_detail_no": voucher.items[0].name,
		"actual_qty": -3,
		"company": f.make_company(),
		"is_cancelled": 0,
	}
	make_sl_entries([frappe._dict(entry)], allow_negative_stock=True)
	assert bin_qty(frappe, item, wh) == -2


def test_group_warehouse_cannot_hold_stock(erp):
	frappe = erp
	group = f.make_warehouse_group()
	item = f.make_item()
	with pytest.raises(frappe.ValidationError, match="Group node warehouse"):
		f.make_purchase_receipt(items=[{"item_code": item, "qty": 1, "warehouse": group}])


def test_projected_qty_follows_actual_qty(erp):
	frappe = erp
	wh, item = _stock(frappe, qty=9)
	assert bin_qty(frappe, item, wh, "projected_qty") == 9


def test_get_stock_balance_as_of_a_date(erp):
	frappe = erp
	from erpnext.stock.utils import get_stock_balance
	from frappe.utils import add_days, nowdate

	wh, item = _stock(frappe, qty=7)
	assert get_stock_balance(item, wh) == 7
	assert get_stock_balance(item, wh, add_days(nowdate(), -1)) == 0
	qty, rate = get_stock_balance(item, wh, with_valuation_rate=True)
	assert (qty, rate) == (7, 10)


def test_make_stock_entry_util_infers_purpose_and_company(erp):
	frappe = erp
	from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry

	src, item = _stock(frappe, qty=10)
	dst = f.make_warehouse()
	se = make_stock_entry(item_code=item, qty=4, from_warehouse=src, to_warehouse=dst)
	assert se.docstatus == 1
	assert se.purpose == "Material Transfer"
	assert se.stock_entry_type == "Material Transfer"
	assert se.company == f.make_company()
	assert (bin_qty(frappe, item, src), bin_qty(frappe, item, dst)) == (6, 4)

	draft = make_stock_entry(item_code=item, qty=1, to_warehouse=dst, do_not_submit=True)
	assert draft.docstatus == 0 and draft.purpose == "Material Receipt"


def test_stock_entry_needs_the_warehouses_its_purpose_needs(erp):
	frappe = erp
	item = f.make_item()
	with pytest.raises(frappe.ValidationError, match="Source warehouse is mandatory for row 1"):
		f.make_stock_entry("Material Issue", item, 1)
	wh = f.make_warehouse()
	with pytest.raises(frappe.ValidationError, match="Source and target warehouse cannot be same for row 1"):
		f.make_stock_entry("Material Transfer", item, 1, from_warehouse=wh, to_warehouse=wh)


def test_stock_reconciliation_sets_the_counted_qty(erp):
	frappe = erp
	wh, item = _stock(frappe, qty=10)
	reco = frappe.get_doc(
		{
			"doctype": "Stock Reconciliation",
			"company": f.make_company(),
			"items": [{"item_code": item, "warehouse": wh, "qty": 7, "valuation_rate": 10}],
		}
	).insert()
	assert reco.items[0].current_qty == 10
	reco.submit()
	assert bin_qty(frappe, item, wh) == 7
	reco.reload()
	reco.cancel()
	assert bin_qty(frappe, item, wh) == 10


# ------------------------------------------------------------------ batches


def test_batch_quantities_per_warehouse(erp):
	frappe = erp
	from erpnext.stock.doctype.batch.batch import get_batch_qty

	wh, item = _stock(frappe, qty=0, has_batch_no=1)
	wh2 = f.make_warehouse()
	a, b = f.make_batch(item), f.make_batch(item)
	f.receive_stock(item, wh, 5, batch_no=a)
	f.receive_stock(item, wh, 7, batch_no=b)
	f.make_stock_entry("Material Transfer", item, 2, from_warehouse=wh, to_warehouse=wh2, batch_no=b)

	assert get_batch_qty(a, wh) == 5
	assert get_batch_qty(b, wh) == 5
	assert get_batch_qty(b, wh2) == 2
	assert bin_qty(frappe, item, wh) == 10
	by_batch = {(r.batch_no, r.warehouse): r.qty for r in get_batch_qty(item_code=item, warehouse=wh)}
	assert by_batch == {(a, wh): 5, (b, wh): 5}
	by_wh = {r.warehouse: r.qty for r in get_batch_qty(batch_no=b)}
	assert by_wh == {wh: 5, wh2: 2}
	assert frappe.db.get_value("Batch", b, "batch_qty") == 7


def test_batch_cannot_go_negative_even_if_the_warehouse_has_stock(erp):
	frappe = erp
	from erpnext.stock.stock_ledger import NegativeStockError

	wh, item = _stock(frappe, qty=0, has_batch_no=1)
	a, b = f.make_batch(item), f.make_batch(item)
	f.receive_stock(item, wh, 3, batch_no=a)
	f.receive_stock(item, wh, 9, batch_no=b)
	with pytest.raises(NegativeStockError, match=a):
		f.make_stock_entry("Material Issue", item, 4, from_warehouse=wh, batch_no=a)
	assert bin_qty(frappe, item, wh) == 12


def test_batch_item_needs_a_batch_and_other_items_refuse_one(erp):
	frappe = erp
	from erpnext.controllers.stock_controller import BatchRequiredError

	wh = f.make_warehouse()
	batched = f.make_item(has_batch_no=1)
	with pytest.raises(BatchRequiredError, match=batched):
		f.make_purchase_receipt(items=[{"item_code": batched, "qty": 1, "warehouse": wh}])
	plain = f.make_item()
	other_batch = f.make_batch(batched)
	with pytest.raises(frappe.ValidationError, match="not allowed"):
		f.make_purchase_receipt(
			items=[{"item_code": plain, "qty": 1, "warehouse": wh, "batch_no": other_batch}]
		)


def test_receipt_creates_batches_for_create_new_batch_items(erp):
	frappe = erp
	from erpnext.stock.doctype.batch.batch import get_batch_qty

	wh = f.make_warehouse()
	item = f.make_item(has_batch_no=1, create_new_batch=1)
	pr = f.make_purchase_receipt(items=[{"item_code": item, "qty": 4, "warehouse": wh}])
	pr.reload()
	batch = pr.items[0].batch_no
	assert batch and frappe.db.get_value("Batch", batch, "item") == item
	assert get_batch_qty(batch, wh) == 4


def test_expired_batch_cannot_be_delivered(erp):
	frappe = erp
	from frappe.utils import add_days, nowdate

	wh = f.make_warehouse()
	item = f.make_item(has_batch_no=1, has_expiry_date=1, shelf_life_in_days=10)
	batch = f.make_batch(
		item, manufacturing_date=add_days(nowdate(), -30), expiry_date=add_days(nowdate(), -1)
	)
	f.make_stock_entry("Material Receipt", item, 5, to_warehouse=wh, batch_no=batch)
	with pytest.raises(frappe.ValidationError, match="has expired"):
		f.make_delivery_note(items=[{"item_code": item, "qty": 1, "warehouse": wh, "batch_no": batch}])
	assert bin_qty(frappe, item, wh) == 5


def test_returns_post_their_stock_back_as_v15_does(erp):
	"""A Sales Return (Delivery Note, is_return, negative qty) posts its rows inward and a Purchase
	Return (is_return, negative qty, ``purchase_receipt_item`` naming the received row) outward, as
	ERPNext v15 does (selling_controller.update_stock_ledger: ``actual_qty = -1 * qty`` for the
	source warehouse; buying_controller: the return's negative stock_qty). The wms returns tests
	build their returns this way."""
	frappe = erp
	wh, item = _stock(frappe, qty=10)
	dn = f.make_delivery_note(items=[{"item_code": item, "qty": 4, "warehouse": wh}])
	back = f.make_delivery_note(
		items=[{"item_code": item, "qty": -3, "warehouse": wh, "dn_detail": dn.items[0].name}],
		customer=dn.customer,
		is_return=1,
		return_against=dn.name,
	)
	assert [r.actual_qty for r in sles(frappe, "Delivery Note", back.name)] == [3]
	assert bin_qty(frappe, item, wh) == 9

	pr = f.make_purchase_receipt(items=[{"item_code": item, "qty": 5, "warehouse": wh}])
	row = pr.items[0]
	sent = f.make_purchase_receipt(
		items=[
			{
				"item_code": item,
				"qty": -2,
				"received_qty": -2,
				"warehouse": wh,
				"purchase_receipt_item": row.name,
			}
		],
		supplier=pr.supplier,
		is_return=1,
		return_against=pr.name,
	)
	assert [r.actual_qty for r in sles(frappe, "Purchase Receipt", sent.name)] == [-2]
	assert sent.items[0].purchase_receipt_item == row.name
	assert bin_qty(frappe, item, wh) == 12
