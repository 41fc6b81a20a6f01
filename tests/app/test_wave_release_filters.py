"""Pick Wave release filters (customer, zone, order cut-off time) and limits (orders, lines, weight)."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, add_to_date, now_datetime, nowdate

from tests import factories
from tests.app.outbound_fixtures import (
	WAVE_DEFAULTS,
	due_wave,
	make_outbound_site,
	new_wave,
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
	tasks_of,
)
from wms_module.services import waves


@pytest.fixture
def site():
	outbound_defaults(**WAVE_DEFAULTS, totes_per_cart=4)
	return outbound_floor("A-02", "C-03")


def heavy_and_light(site):
	heavy = factories.make_item(weight_per_unit=10)
	light = factories.make_item(weight_per_unit=0.5)
	put_stock(site, heavy, "A-02", 50)
	put_stock(site, light, "C-03", 50)
	return heavy, light


def order(site, *pairs, days=1, **values):
	return factories.make_sales_order(
		items=so_lines(site, *pairs), delivery_date=add_days(nowdate(), days), **values
	).name


def test_weight_limit_stops_gathering_before_the_wave_gets_too_heavy(site):
	heavy, light = heavy_and_light(site)
	first = order(site, (heavy, 3), days=1)  # 30
	second = order(site, (heavy, 2), (light, 4), days=2)  # 22 -> 52
	order(site, (heavy, 1), days=3)  # 10 -> 62: over 60
	wave = waves.plan_wave(wave_name=due_wave(site, max_weight=60).name)
	assert [r.sales_order for r in wave.orders] == [first, second]
	assert wave.total_weight == pytest.approx(52)


def test_manual_wave_over_its_max_weight_is_refused_naming_both_weights(site):
	heavy, _ = heavy_and_light(site)
	so = order(site, (heavy, 7))
	wave = new_wave(site, [so], mode="Batch", max_weight=50)
	with pytest.raises(frappe.ValidationError, match=r"weighs 70.*Max Weight is 50"):
		waves.plan_wave(wave_name=wave.name)
	assert not tasks_of(so)[0].pick_wave


def test_wave_limits_override_settings(site):
	heavy, light = heavy_and_light(site)
	orders = [order(site, (light, 1), days=d) for d in (1, 2, 3)]
	wave = waves.plan_wave(wave_name=due_wave(site, max_orders=2).name)
	assert [r.sales_order for r in wave.orders] == orders[:2]
	lines = waves.plan_wave(wave_name=due_wave(site, max_lines=1).name)
	assert [r.sales_order for r in lines.orders] == orders[2:]


def test_customer_filter_takes_only_that_customers_orders(site):
	heavy, light = heavy_and_light(site)
	acme = factories.make_customer("Acme Wave Test")
	mine = order(site, (light, 1), customer=acme)
	other = order(site, (light, 1))
	wave = waves.plan_wave(wave_name=due_wave(site, customer=acme).name)
	assert [r.sales_order for r in wave.orders] == [mine]
	assert not tasks_of(other)[0].pick_wave


def test_zone_filter_waves_one_zone_and_leaves_the_rest_queued(site):
	heavy, light = heavy_and_light(site)
	so = order(site, (heavy, 1), (light, 1))
	wave = new_wave(site, [so], mode="Zone", zone=site.zones["PICK2"])
	wave = waves.plan_wave(wave_name=wave.name)
	waved = {t.item_code: t.pick_wave for t in tasks_of(so)}
	assert waved == {light: wave.name, heavy: None}
	assert {t.zone for t in wave.tours} == {site.zones["PICK2"]}
	rest = waves.plan_wave(wave_name=new_wave(site, [so], mode="Zone").name)
	assert rest.total_lines == 1 and {t.zone for t in rest.tours} == {site.zones["PICK"]}


def test_order_cutoff_time_leaves_later_orders_for_the_next_wave(site):
	heavy, light = heavy_and_light(site)
	early = order(site, (light, 1), days=2)
	frappe.db.sql(
		"update `tabWarehouse Task` set created_on=%s where reference_name=%s",
		(add_to_date(now_datetime(), hours=-3), early),
	)
	late = order(site, (light, 1), days=1)
	wave = waves.plan_wave(wave_name=due_wave(site, order_cutoff=add_to_date(now_datetime(), hours=-1)).name)
	assert [r.sales_order for r in wave.orders] == [early]
	assert not tasks_of(late)[0].pick_wave


def test_zone_of_another_warehouse_is_refused(site):
	other = make_outbound_site()
	with pytest.raises(frappe.ValidationError, match="not in the wave's warehouse"):
		due_wave(site, zone=other.zones["PICK"])


def bulky_and_small(site):
	"""Items with an Item Unit Volume (m³, the app's Custom Field on Item)."""
	bulky = factories.make_item(wms_unit_volume=0.05)
	small = factories.make_item(wms_unit_volume=0.001)
	put_stock(site, bulky, "A-02", 50)
	put_stock(site, small, "C-03", 50)
	return bulky, small


def test_volume_limit_stops_gathering_before_the_wave_gets_too_bulky(site):
	bulky, small = bulky_and_small(site)
	first = order(site, (bulky, 4), days=1)  # 0.2 m³
	second = order(site, (bulky, 1), (small, 10), days=2)  # 0.06 -> 0.26
	order(site, (bulky, 1), days=3)  # 0.05 -> 0.31: over 0.3
	wave = waves.plan_wave(wave_name=due_wave(site, max_volume=0.3).name)
	assert [r.sales_order for r in wave.orders] == [first, second]
	assert wave.total_volume == pytest.approx(0.26)


def test_manual_wave_over_its_max_volume_is_refused_naming_both_volumes(site):
	bulky, _ = bulky_and_small(site)
	so = order(site, (bulky, 7))  # 0.35 m³
	wave = new_wave(site, [so], mode="Batch", max_volume=0.25)
	with pytest.raises(frappe.ValidationError, match=r"holds 0\.35 m³; its Max Volume is 0\.25 m³"):
		waves.plan_wave(wave_name=wave.name)
	assert not tasks_of(so)[0].pick_wave
