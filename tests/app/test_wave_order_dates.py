"""A Sales Order's delivery date changed after submit shows on the waves it is on (Pick Wave Order)."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from tests import factories
from tests.app.outbound_fixtures import (
	new_wave,
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
)
from wms_module.services import waves


@pytest.fixture
def site():
	outbound_defaults(picker_capacity_items=100)
	return outbound_floor("A-01")


def wave_of(site, *orders) -> str:
	wave = new_wave(site, orders, mode="Batch")
	return waves.release_wave(wave_name=waves.plan_wave(wave_name=wave.name).name).name


def shown(wave: str) -> dict[str, object]:
	rows = frappe.get_all(
		"Pick Wave Order",
		filters={"parenttype": "Pick Wave", "parent": wave},
		fields=["sales_order", "delivery_date"],
	)
	return {r.sales_order: getdate(r.delivery_date) if r.delivery_date else None for r in rows}


def move_dates(so_name: str, *line_dates, header=None) -> None:
	so = frappe.get_doc("Sales Order", so_name)
	for row, date in zip(so.items, line_dates, strict=True):
		row.delivery_date = date
	so.delivery_date = header or min(line_dates)
	so.save()  # a submitted order: on_update_after_submit


def test_a_moved_delivery_date_shows_on_the_released_waves_order_row(site):
	a, b = factories.make_item(), factories.make_item()
	put_stock(site, a, "A-01", 10)
	put_stock(site, b, "A-01", 10)
	far, soon = add_days(nowdate(), 30), add_days(nowdate(), 3)
	moved = factories.make_sales_order(items=so_lines(site, (a, 2)), delivery_date=far)
	other = factories.make_sales_order(items=so_lines(site, (b, 1)), delivery_date=far)
	wave = wave_of(site, moved.name, other.name)
	assert shown(wave) == {moved.name: getdate(far), other.name: getdate(far)}
	before = frappe.db.get_value("Pick Wave", wave, "modified")

	move_dates(moved.name, soon)

	assert shown(wave) == {moved.name: getdate(soon), other.name: getdate(far)}
	assert frappe.get_doc("Pick Wave", wave).orders[0].delivery_date is not None
	assert frappe.db.get_value("Pick Wave", wave, "modified") > before, (
		"a wave form opened before the change must not save the old date back"
	)


def test_the_row_shows_the_earliest_date_of_the_orders_lines(site):
	a, b = factories.make_item(), factories.make_item()
	put_stock(site, a, "A-01", 10)
	put_stock(site, b, "A-01", 10)
	d10, d20, d5 = (add_days(nowdate(), n) for n in (10, 20, 5))
	so = factories.make_sales_order(items=so_lines(site, (a, 1), (b, 1)), delivery_date=d10)
	wave = wave_of(site, so.name)
	assert shown(wave) == {so.name: getdate(d10)}

	move_dates(so.name, d20, d20)  # both lines later
	assert shown(wave) == {so.name: getdate(d20)}

	move_dates(so.name, d20, d5)  # one line earlier
	assert shown(wave) == {so.name: getdate(d5)}


def test_an_update_that_moves_no_date_leaves_the_wave_alone(site, query_counter):
	item = factories.make_item()
	put_stock(site, item, "A-01", 10)
	date = add_days(nowdate(), 10)
	so = factories.make_sales_order(items=so_lines(site, (item, 1)), delivery_date=date)
	wave = wave_of(site, so.name)
	before = frappe.db.get_value("Pick Wave", wave, "modified")
	with query_counter() as q:
		move_dates(so.name, date)
	assert shown(wave) == {so.name: getdate(date)}
	assert frappe.db.get_value("Pick Wave", wave, "modified") == before
	assert not [s for s in q.queries if "update `tabPick Wave" in str(s)]
