"""Minimum remaining shelf life per customer (WMS Settings > Minimum Remaining Shelf Life per Customer).

An order of a customer with a rule never gets a batch expiring within that many days,
whatever the removal strategy; what it cannot get is a shortage that says why.
"""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, nowdate

from tests import factories
from tests.app.outbound_fixtures import (
	balance,
	outbound_defaults,
	outbound_floor,
	put_stock,
	set_settings,
	so_lines,
	tasks_of,
)
from tests.app.test_removal_rules import settings_doc


@pytest.fixture
def site():
	outbound_defaults(default_removal_strategy="FEFO", allow_batch_mix_per_line=1)
	return outbound_floor("A-01", "B-05")


def require(customer: str, days: int) -> None:
	settings = settings_doc()
	settings.append("customer_shelf_life", {"customer": customer, "min_remaining_days": days})
	settings.save(ignore_permissions=True)


def batches(site) -> frappe._dict:
	"""4 units expiring in 10 days (A-01), 6 expiring in 60 days (B-05)."""
	item = factories.make_item(has_batch_no=1, has_expiry_date=1, shelf_life_in_days=100)
	soon = factories.make_batch(item, expiry_date=add_days(nowdate(), 10))
	late = factories.make_batch(item, expiry_date=add_days(nowdate(), 60))
	put_stock(site, item, "A-01", 4, batch_no=soon)
	put_stock(site, item, "B-05", 6, batch_no=late)
	return frappe._dict(item=item, soon=soon, late=late)


def picks(so_name: str) -> list[tuple]:
	return [(t.batch_no, t.qty) for t in tasks_of(so_name, status="Open")]


def test_fefo_skips_batches_expiring_within_the_customers_minimum(site):
	stock = batches(site)
	picky = factories.make_customer(factories.unique("Picky Grocer"))
	require(picky, 30)

	so = factories.make_sales_order(customer=picky, items=so_lines(site, (stock.item, 5)))

	assert picks(so.name) == [(stock.late, 5)]  # FEFO alone would start with the 10-day batch
	assert balance(site.bin("A-01"), stock.item).allocated == 0


def test_other_customers_still_get_the_earliest_expiry(site):
	stock = batches(site)
	require(factories.make_customer(factories.unique("Picky Grocer")), 30)
	so = factories.make_sales_order(customer=factories.make_customer(), items=so_lines(site, (stock.item, 5)))
	assert picks(so.name) == [(stock.soon, 4), (stock.late, 1)]


@pytest.mark.parametrize(
	"strategy", ["FIFO", "LIFO", "Closest to Depot", "Fewest Bins", "Clear Small Quantities"]
)
def test_every_strategy_respects_the_minimum(site, strategy):
	set_settings(default_removal_strategy=strategy)
	stock = batches(site)
	picky = factories.make_customer(factories.unique("Picky Grocer"))
	require(picky, 30)
	so = factories.make_sales_order(customer=picky, items=so_lines(site, (stock.item, 3)))
	assert {b for b, _ in picks(so.name)} == {stock.late}


def test_what_the_minimum_holds_back_is_a_shortage_that_says_so(site):
	stock = batches(site)
	picky = factories.make_customer(factories.unique("Picky Grocer"))
	require(picky, 30)

	so = factories.make_sales_order(customer=picky, items=so_lines(site, (stock.item, 8)))

	assert picks(so.name) == [(stock.late, 6)]
	(short,) = tasks_of(so.name, status="Exception")
	assert short.qty == 2
	assert "4 with less than 30 days of shelf life left" in short.exception_reason
	assert f"customer {picky} requires at least 30 days" in short.exception_reason
	assert balance(site.bin("A-01"), stock.item).allocated == 0


def test_a_minimum_beyond_every_batch_leaves_the_line_short_without_touching_stock(site):
	stock = batches(site)
	picky = factories.make_customer(factories.unique("Picky Grocer"))
	require(picky, 90)
	so = factories.make_sales_order(customer=picky, items=so_lines(site, (stock.item, 2)))
	assert picks(so.name) == []
	(short,) = tasks_of(so.name, status="Exception")
	assert "10 with less than 90 days of shelf life left" in short.exception_reason
	assert balance(site.bin("B-05"), stock.item).allocated == 0


def test_one_row_per_customer(site):
	picky = factories.make_customer(factories.unique("Picky Grocer"))
	require(picky, 10)
	with pytest.raises(frappe.ValidationError, match="keep one row per Customer"):
		require(picky, 20)
