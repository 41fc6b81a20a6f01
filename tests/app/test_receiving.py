"""Receiving on the handheld (services.receiving, api.receiving): draft Purchase Receipts waiting,
scans (item, GTIN, GS1 with batch and expiry, pallet SSCC) counted on their lines, refusals naming
the scan, idempotent replays, and finishing: the receipt submitted with the scanned quantities and
the stock in the receiving bin."""

from __future__ import annotations

import frappe
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.app.storage_setup import bin_qty, laid_out_warehouse
from wms_module.api import receiving as receiving_api
from wms_module.services import receiving
from wms_module.services.receipt_scans import ReceiveScan, scan_receipt


def check_digit(digits: str) -> str:
	"""GS1 mod-10 check digit of ``digits`` (GTIN, SSCC)."""
	total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
	return str((10 - total % 10) % 10)


def new_sscc() -> str:
	body = "0" + "4012345" + factories.unique_gtin13()[2:11]
	return body + check_digit(body)


def gs1(gtin13: str, batch: str | None = None, expiry: str | None = None, count: int | None = None) -> str:
	text = f"(01)0{gtin13}"
	if expiry:
		text += f"(17){expiry}"
	if count:
		text += f"(30){count}"
	if batch:
		text += f"(10){batch}"
	return text


@pytest.fixture
def site():
	return laid_out_warehouse(aisles=("A", "A"), bays=2, levels=1)


def draft(site, *lines) -> str:
	"""A draft receipt of (item, qty[, {extra fields}]) lines into the site's warehouse."""
	rows = []
	for line in lines:
		item, qty, *extra = line
		rows.append(
			{"item_code": item, "qty": qty, "warehouse": site.warehouse, **(extra[0] if extra else {})}
		)
	return factories.make_purchase_receipt(items=rows, submit=False).name


def scanned(receipt: str) -> list[float]:
	return [line["scanned_qty"] for line in receiving.receipt_lines(receipt)["lines"]]


def test_a_draft_receipt_for_a_managed_warehouse_is_waiting_with_its_progress(site):
	item = factories.make_item()
	pr = draft(site, (item, 4), (item, 2))
	unmanaged = factories.make_purchase_receipt(
		items=[{"item_code": item, "qty": 1, "warehouse": factories.make_warehouse()}], submit=False
	)
	scan_receipt(ReceiveScan(pr, item, qty=3))
	waiting = {r["name"]: r for r in receiving_api.waiting()}
	assert unmanaged.name not in waiting
	assert waiting[pr]["lines"] == 2
	assert (waiting[pr]["scanned_qty"], waiting[pr]["expected_qty"]) == (3, 6)


def test_item_scans_fill_the_first_open_line_then_the_next(site):
	gtin = factories.unique_gtin13()
	item = factories.make_item(barcode=gtin)
	other = factories.make_item()
	pr = draft(site, (item, 2), (other, 1), (item, 3))
	scan_receipt(ReceiveScan(pr, item))  # the item code: 1 unit
	scan_receipt(ReceiveScan(pr, gtin))  # its EAN-13
	answer = scan_receipt(ReceiveScan(pr, "0" + gtin, qty=2))  # GTIN-14, 2 typed
	assert answer["received"][0]["idx"] == 3 and answer["received"][0]["added_qty"] == 2
	assert scanned(pr) == [2, 0, 2]


def test_a_gs1_label_gives_its_count_batch_and_expiry(site):
	gtin = factories.unique_gtin13()
	item = factories.make_item(barcode=gtin, has_batch_no=1, has_expiry_date=1)
	pr = draft(site, (item, 10))
	batch = factories.unique("LOT")[:12]
	answer = scan_receipt(ReceiveScan(pr, gs1(gtin, batch=batch, expiry="301231", count=6)))
	assert answer["received"][0]["added_qty"] == 6 and answer["received"][0]["batch_no"] == batch
	assert str(frappe.db.get_value("Batch", batch, "expiry_date")) == "2030-12-31"
	with pytest.raises(frappe.ValidationError, match=r"batch OTHER1 of item .*expects batch " + batch):
		scan_receipt(ReceiveScan(pr, gs1(gtin, batch="OTHER1", expiry="301231")))
	assert scanned(pr) == [6]


def test_a_batch_tracked_item_scanned_without_its_batch_is_refused(site):
	item = factories.make_item(has_batch_no=1)
	pr = draft(site, (item, 3))
	with pytest.raises(frappe.ValidationError, match=f"Scanned {item}: item {item} is batch-tracked"):
		scan_receipt(ReceiveScan(pr, item))
	assert scanned(pr) == [0]


def test_an_item_not_on_the_receipt_is_refused_naming_what_it_lists(site):
	listed = factories.make_item()
	gtin = factories.unique_gtin13()
	stranger = factories.make_item(barcode=gtin)
	pr = draft(site, (listed, 2))
	with pytest.raises(
		frappe.ValidationError, match=f"Scanned {gtin} \\(GTIN: item {stranger}\\), but .* lists {listed}"
	):
		scan_receipt(ReceiveScan(pr, gtin))
	with pytest.raises(frappe.ValidationError, match="no known item"):
		scan_receipt(ReceiveScan(pr, "NOPE-123"))
	assert scanned(pr) == [0]


def test_more_than_the_line_is_refused_unless_the_allowance_covers_it(site):
	item = factories.make_item()
	pr = draft(site, (item, 10))
	scan_receipt(ReceiveScan(pr, item, qty=10))
	with pytest.raises(
		frappe.ValidationError,
		match=r"makes 11 on line 1 .* expects 10 \(over-receipt allowance 0 %: at most 10\)",
	):
		scan_receipt(ReceiveScan(pr, item))
	frappe.db.set_value("Item", item, "over_delivery_receipt_allowance", 20)
	scan_receipt(ReceiveScan(pr, item, qty=2))
	with pytest.raises(frappe.ValidationError, match="at most 12"):
		scan_receipt(ReceiveScan(pr, item))
	assert scanned(pr) == [12]


def test_the_stock_settings_allowance_applies_to_items_without_their_own(site):
	item = factories.make_item()
	pr = draft(site, (item, 10))
	settings_doc = frappe.get_single("Stock Settings")
	before = settings_doc.over_delivery_receipt_allowance
	frappe.db.set_single_value("Stock Settings", "over_delivery_receipt_allowance", 10)
	try:
		scan_receipt(ReceiveScan(pr, item, qty=11))
		with pytest.raises(frappe.ValidationError, match="allowance 10 %: at most 11"):
			scan_receipt(ReceiveScan(pr, item))
	finally:
		frappe.db.set_single_value("Stock Settings", "over_delivery_receipt_allowance", before or 0)
	assert scanned(pr) == [11]


def test_one_sscc_scan_receives_every_line_of_its_pallet(site):
	a, b, c = factories.make_item(), factories.make_item(), factories.make_item()
	pallet, elsewhere = new_sscc(), new_sscc()
	pr = draft(site, (a, 5, {"wms_sscc": pallet}), (b, 7, {"wms_sscc": pallet}), (c, 2))
	answer = scan_receipt(ReceiveScan(pr, f"(00){pallet}"))
	assert [(r["item_code"], r["added_qty"]) for r in answer["received"]] == [(a, 5), (b, 7)]
	assert scanned(pr) == [5, 7, 0]
	with pytest.raises(frappe.ValidationError, match=f"Pallet {pallet} is received already"):
		scan_receipt(ReceiveScan(pr, pallet))  # the bare 18 digits
	with pytest.raises(
		frappe.ValidationError, match=f"Scanned pallet SSCC {elsewhere}, but .* lists the pallets {pallet}"
	):
		scan_receipt(ReceiveScan(pr, elsewhere))


def test_an_sscc_on_a_receipt_without_pallets_is_refused(site):
	item = factories.make_item()
	pr = draft(site, (item, 1))
	with pytest.raises(frappe.ValidationError, match="lists no pallet"):
		scan_receipt(ReceiveScan(pr, new_sscc()))


def test_a_replayed_scan_counts_once(site):
	item = factories.make_item()
	pr = draft(site, (item, 5))
	first = receiving_api.scan(receipt=pr, scan=item, qty=2, idempotency_key="scan-key-0001")
	again = receiving_api.scan(receipt=pr, scan=item, qty=2, idempotency_key="scan-key-0001")
	assert (first["replayed"], again["replayed"]) == (False, True)
	assert scanned(pr) == [2]


def test_finishing_submits_the_scanned_quantities_and_removes_lines_not_scanned(site):
	a, b, c = factories.make_item(), factories.make_item(), factories.make_item()
	pr = draft(site, (a, 5), (b, 3), (c, 4))
	scan_receipt(ReceiveScan(pr, a, qty=4))  # one short
	scan_receipt(ReceiveScan(pr, c, qty=4))
	answer = receiving_api.finish(receipt=pr)
	assert answer["docstatus"] == 1
	assert [(r["item_code"], r["qty"]) for r in answer["received"]] == [(a, 4), (c, 4)]
	assert [r["item_code"] for r in answer["removed"]] == [b]
	doc = frappe.get_doc("Purchase Receipt", pr)
	assert [(d.item_code, d.qty, d.received_qty) for d in doc.items] == [(a, 4, 4), (c, 4, 4)]
	assert bin_qty(site.receiving_bin, a) == 4 and bin_qty(site.receiving_bin, c) == 4
	with pytest.raises(frappe.ValidationError, match="is submitted; only a draft receipt"):
		scan_receipt(ReceiveScan(pr, a))


def test_finishing_a_batch_line_submits_its_scanned_batch(site):
	gtin = factories.unique_gtin13()
	item = factories.make_item(barcode=gtin, has_batch_no=1)
	pr = draft(site, (item, 4))
	batch = factories.unique("LOT")[:12]
	scan_receipt(ReceiveScan(pr, gs1(gtin, batch=batch), qty=4))
	receiving.finish_receiving(pr)
	assert bin_qty(site.receiving_bin, item, batch) == 4


def test_finishing_with_nothing_scanned_is_refused(site):
	item = factories.make_item()
	pr = draft(site, (item, 5))
	with pytest.raises(frappe.ValidationError, match="nothing has been scanned"):
		receiving.finish_receiving(pr)
	assert frappe.db.get_value("Purchase Receipt", pr, "docstatus") == 0


def test_an_unknown_or_unmanaged_receipt_is_refused(site):
	with pytest.raises(frappe.DoesNotExistError, match="not found"):
		scan_receipt(ReceiveScan("MAT-PRE-NOPE", "x"))
	item = factories.make_item()
	other = factories.make_purchase_receipt(
		items=[{"item_code": item, "qty": 1, "warehouse": factories.make_warehouse()}], submit=False
	)
	with pytest.raises(frappe.ValidationError, match="which the WMS does not manage"):
		scan_receipt(ReceiveScan(other.name, item))


def test_a_scan_costs_the_same_queries_on_a_small_and_a_large_receipt(site, query_counter):
	warm = factories.make_item()  # the first scan fills Frappe's caches (Stock Settings, metadata)
	scan_receipt(ReceiveScan(draft(site, (warm, 3)), warm))
	counts = []
	for n in (2, 60):
		items = [factories.make_item() for _ in range(n)]
		pr = draft(site, *[(i, 3) for i in items])
		with query_counter() as q:
			scan_receipt(ReceiveScan(pr, items[-1]))
		counts.append(q.count)
	print(f"\none receiving scan: {counts} queries (2 and 60 lines)")
	assert counts[0] == counts[1] and counts[1] <= 10, counts


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scans=st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=8))
def test_scanned_never_exceeds_the_line_and_refusals_count_nothing(site, scans):
	item = factories.make_item()
	pr = draft(site, (item, 10))
	total = 0
	for qty in scans:
		try:
			scan_receipt(ReceiveScan(pr, item, qty=qty))
			total += qty
		except frappe.ValidationError:
			assert total + qty > 10
	assert scanned(pr) == [total] and total <= 10
