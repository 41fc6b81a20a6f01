"""A blind count stays blind through the handheld's bin contents (api.bins.contents).

An operator with a Count task for item X in bin A-01 could otherwise ask for A-01's contents and
read X's book qty before counting. Operators get the counted item's row without on_hand and
allocated while a count holds it (open or awaiting approval); other items of the bin, and
supervisors, see the quantities.
"""

from __future__ import annotations

import frappe

from tests import factories
from tests.app.outbound_fixtures import put_stock
from tests.app.test_count_tasks import acting_as, denial, operator, site  # noqa: F401  (fixtures)
from wms_module.api import bins as bins_api
from wms_module.api import counts as counts_api


def rows_by_item(rows):
	return {r["item_code"]: r for r in rows}


def test_an_operator_cannot_read_the_book_qty_of_a_bin_item_under_a_blind_count(site, operator):  # noqa: F811
	item, other = factories.make_item(), factories.make_item()
	put_stock(site, other, "A-01", 3)
	count = denial(site, item, "A-01", stock=17, ordered=5, found=4)  # books 13

	with acting_as(operator):
		seen = rows_by_item(bins_api.contents(storage_bin="A-01", warehouse=site.warehouse))
	assert seen[item]["on_hand"] is None and seen[item]["allocated"] is None
	assert seen[other]["on_hand"] == 3  # not under count: shown
	assert (
		rows_by_item(bins_api.contents(storage_bin="A-01", warehouse=site.warehouse))[item]["on_hand"] == 13
	)  # a supervisor

	with acting_as(operator):  # awaiting approval: still blind (a recount may follow)
		counts_api.submit(task=count, bin_scan="A-01", item_scan=item, counted_qty=10)
		assert (
			rows_by_item(bins_api.contents(storage_bin="A-01", warehouse=site.warehouse))[item]["on_hand"]
			is None
		)
	counts_api.approve(task=count)
	with acting_as(operator):  # posted: the books are the count
		assert (
			rows_by_item(bins_api.contents(storage_bin="A-01", warehouse=site.warehouse))[item]["on_hand"]
			== 10
		)
	assert frappe.db.get_value("Warehouse Task", count, "status") == "Done"
