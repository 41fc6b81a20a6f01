"""Lookup (api.lookup.scan): a bin, an item (code, GTIN, GS1 with batch), a batch or a pallet SSCC
scanned, answered with what it is and where its stock is; counts stay blind for operators; the
cost does not grow with the warehouse."""

from __future__ import annotations

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import put_stock
from tests.app.test_count_tasks import acting_as, denial, operator, site  # noqa: F401  (fixtures)
from tests.app.test_receiving import check_digit, new_sscc
from wms_module.api import lookup as lookup_api


def where(answer) -> dict:
	return {(r["bin_code"], r["batch_no"]): r["on_hand"] for r in answer["stock"]}


def test_an_item_scanned_by_code_or_gtin_shows_the_bins_holding_it(site):  # noqa: F811
	gtin = factories.unique_gtin13()
	item = factories.make_item(barcode=gtin, item_name="Blue widget")
	put_stock(site, item, "A-01", 4)
	put_stock(site, item, "R-01", 9)
	for value in (item, gtin, "0" + gtin):
		answer = lookup_api.scan(value=value)
		assert (answer["kind"], answer["item_code"], answer["item_name"]) == ("item", item, "Blue widget")
		assert where(answer) == {("R-01", None): 9, ("A-01", None): 4}
		assert answer["total_on_hand"] == 13
		assert [r["bin_code"] for r in answer["stock"]] == ["R-01", "A-01"]  # largest first


def test_a_bin_scanned_by_code_or_barcode_shows_its_contents(site):  # noqa: F811
	a, b = factories.make_item(), factories.make_item()
	put_stock(site, a, "B-05", 2)
	put_stock(site, b, "B-05", 5)
	barcode = frappe.db.get_value("Storage Bin", site.bins["B-05"], "barcode")
	for value in ("B-05", barcode, site.bins["B-05"]):
		# a code (and its barcode) may name a bin in each warehouse of the site: the warehouse narrows it
		answer = lookup_api.scan(value=value, warehouse=site.warehouse)
		assert answer["kind"] == "bin" and [x["bin_code"] for x in answer["bins"]] == ["B-05"]
		assert {r["item_code"]: r["on_hand"] for r in answer["stock"]} == {a: 2, b: 5}


def test_a_batch_or_a_gs1_label_narrows_the_stock_to_that_batch(site):  # noqa: F811
	gtin = factories.unique_gtin13()
	item = factories.make_item(barcode=gtin, has_batch_no=1)
	one, two = factories.make_batch(item), factories.make_batch(item)
	put_stock(site, item, "A-01", 3, batch_no=one)
	put_stock(site, item, "R-01", 7, batch_no=two)
	by_batch = lookup_api.scan(value=two)
	assert (by_batch["kind"], by_batch["item_code"], by_batch["batch_no"]) == ("batch", item, two)
	assert where(by_batch) == {("R-01", two): 7}
	by_label = lookup_api.scan(value=f"(01)0{gtin}(10){one}")
	assert by_label["kind"] == "item" and where(by_label) == {("A-01", one): 3}


def test_a_pallet_sscc_shows_its_receipt_lines_and_open_tasks(site):  # noqa: F811
	item = factories.make_item()
	sscc = new_sscc()
	pr = factories.make_purchase_receipt(
		items=[{"item_code": item, "qty": 6, "warehouse": site.warehouse, "wms_sscc": sscc}], submit=False
	)
	answer = lookup_api.scan(value=f"(00){sscc}")
	assert answer["kind"] == "sscc" and answer["sscc"] == sscc
	assert [(r["receipt"], r["item_code"], r["qty"], r["received"]) for r in answer["receipt_lines"]] == [
		(pr.name, item, 6, False)
	]
	assert answer["tasks"] == []

	# received: the pallet's putaway task carries the SSCC
	from wms_module.services import tasks as task_service

	received = factories.make_purchase_receipt(
		items=[{"item_code": item, "qty": 6, "warehouse": site.warehouse, "wms_sscc": sscc}]
	)
	line = received.items[0]
	(task,) = task_service.insert_tasks(
		[
			task_service.NewTask(
				task_type="Putaway",
				warehouse=site.warehouse,
				item_code=item,
				qty=6,
				uom=line.stock_uom,
				source_bin=site.receiving,
				destination_bin=site.bins["R-01"],
				suggested_bin=site.bins["R-01"],
				reference_doctype="Purchase Receipt",
				reference_name=received.name,
				reference_detail=line.name,
				sscc=sscc,
			)
		]
	)
	answer = lookup_api.scan(value=sscc)
	assert [(t["name"], t["task_type"], t["suggested_bin"]) for t in answer["tasks"]] == [
		(task, "Putaway", site.bins["R-01"])
	]
	assert [(r["receipt"], r["received"]) for r in answer["receipt_lines"]] == sorted(
		[(pr.name, False), (received.name, True)]
	)


def test_an_unknown_scan_says_so_and_why_each_reading_failed(site):  # noqa: F811
	answer = lookup_api.scan(value="4006381333932")  # a GTIN with a wrong check digit
	assert answer["kind"] == "unknown" and "4006381333932" in answer["message"]
	assert "gtin" in answer["readings"]
	with pytest.raises(frappe.ValidationError, match="value is empty"):
		lookup_api.scan(value="  ")


def test_counts_stay_blind_for_an_operator(site, operator):  # noqa: F811
	item = factories.make_item()
	denial(site, item, "A-01", stock=17, ordered=5, found=4)  # a Count task holds A-01's item: books 13
	with acting_as(operator):
		answer = lookup_api.scan(value=item)
	# the 4 picked wait in staging, shown; A-01's books are hidden until the count is posted
	assert where(answer) == {("A-01", None): None, ("STAGE", None): 4}
	assert where(lookup_api.scan(value=item)) == {("A-01", None): 13, ("STAGE", None): 4}  # a supervisor


def test_a_lookup_costs_the_same_queries_however_many_bins_hold_the_item(site, query_counter):  # noqa: F811
	small, large = factories.make_item(), factories.make_item()
	put_stock(site, small, "A-01", 1)
	for code in ("A-01", "B-05", "R-01"):
		put_stock(site, large, code, 2)
	lookup_api.scan(value=small)  # caches warm (roles, metas)
	counts = []
	for item in (small, large):
		with query_counter() as q:
			lookup_api.scan(value=item)
		counts.append(q.count)
	assert counts[0] == counts[1] and counts[0] <= 8, counts


def test_the_check_digit_helper_matches_a_known_gtin():
	assert check_digit("400638133393") == "1"  # EAN-13 4006381333931
