"""Order priority (Sales Order Pick Priority, the app's Custom Field) and the shipping-rule wave filter.

Issue 5: waves are released "by delivery date / cut-off time, priority, customer, shipping
method, zone", and a Sales Order updated after submit re-prioritises its open tasks.
"""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, nowdate

from tests import factories
from tests.app.outbound_fixtures import (
	WAVE_DEFAULTS,
	due_wave,
	outbound_defaults,
	outbound_floor,
	put_stock,
	so_lines,
	tasks_of,
)
from wms_module.install import after_migrate, get_custom_fields
from wms_module.services import wave_gathering, waves
from wms_module.services.priority import ORDER_PRIORITY_FIELD


@pytest.fixture
def site():
	outbound_defaults(**WAVE_DEFAULTS, totes_per_cart=4)
	return outbound_floor("A-02", "C-03")


@pytest.fixture
def item(site):
	code = factories.make_item()
	put_stock(site, code, "A-02", 50)
	return code


def order(site, item, *, days, qty=1, **values):
	return factories.make_sales_order(
		items=so_lines(site, (item, qty)), delivery_date=add_days(nowdate(), days), **values
	)


def waved(wave) -> list[str]:
	return [r.sales_order for r in wave.orders]


def shipping_rule(label: str, company: str) -> str:
	if not frappe.db.exists("Shipping Rule", label):
		# ERPNext requires the account and cost center the shipping charge is booked to
		abbr = frappe.db.get_value("Company", company, "abbr")
		frappe.get_doc(
			{
				"doctype": "Shipping Rule",
				"label": label,
				"shipping_rule_type": "Selling",
				"company": company,
				"account": f"Freight and Forwarding Charges - {abbr}",
				"cost_center": frappe.db.get_value("Company", company, "cost_center"),
			}
		).insert(ignore_permissions=True)
	return label


def test_sales_order_has_a_pick_priority_that_can_change_after_submit():
	df = frappe.get_meta("Sales Order").get_field(ORDER_PRIORITY_FIELD)
	assert df is not None, "after_install did not add Sales Order.wms_priority"
	assert (df.fieldtype, df.options, df.default, df.allow_on_submit) == (
		"Select",
		"Normal\nHigh\nUrgent",
		"Normal",
		1,
	)
	assert df.is_custom_field and frappe.db.has_column("Sales Order", ORDER_PRIORITY_FIELD)
	before = frappe.db.get_value(
		"Custom Field", {"dt": "Sales Order", "fieldname": ORDER_PRIORITY_FIELD}, ["name", "modified"]
	)
	after_migrate()
	assert frappe.db.get_value("Custom Field", before[0], ["name", "modified"]) == before
	assert [f["fieldname"] for f in get_custom_fields()["Sales Order"]] == [ORDER_PRIORITY_FIELD]


def test_new_order_is_normal_and_its_tasks_carry_the_orders_rank(site, item):
	normal = order(site, item, days=1)
	urgent = order(site, item, days=1, **{ORDER_PRIORITY_FIELD: "Urgent"})
	assert normal.get(ORDER_PRIORITY_FIELD) == "Normal"
	assert {t.priority for t in tasks_of(normal.name)} == {0}
	assert {t.priority for t in tasks_of(urgent.name)} == {2}


def test_an_unknown_priority_is_refused_naming_the_options(site, item):
	with pytest.raises(frappe.ValidationError, match="Rush"):
		order(site, item, days=1, **{ORDER_PRIORITY_FIELD: "Rush"})


def test_urgent_order_due_later_is_waved_before_a_normal_order_due_earlier(site, item):
	normal = order(site, item, days=1).name
	urgent = order(site, item, days=5, **{ORDER_PRIORITY_FIELD: "Urgent"}).name
	wave = waves.plan_wave(wave_name=due_wave(site, max_orders=1).name)
	assert waved(wave) == [urgent]
	assert not tasks_of(normal)[0].pick_wave
	# the next wave takes what is left
	assert waved(waves.plan_wave(wave_name=due_wave(site, max_orders=1).name)) == [normal]


def test_same_priority_still_goes_by_earliest_delivery_date(site, item):
	later = order(site, item, days=4, **{ORDER_PRIORITY_FIELD: "High"}).name
	sooner = order(site, item, days=2, **{ORDER_PRIORITY_FIELD: "High"}).name
	order(site, item, days=1)  # Normal, earliest: after both High ones
	wave = waves.plan_wave(wave_name=due_wave(site, max_orders=2).name)
	assert waved(wave) == [sooner, later]


def test_raising_priority_after_submit_moves_the_open_tasks_in_one_update(site, item, query_counter):
	other = factories.make_item()
	put_stock(site, other, "C-03", 10)
	normal = order(site, item, days=1).name
	so = factories.make_sales_order(
		items=so_lines(site, (item, 2), (other, 3)), delivery_date=add_days(nowdate(), 6)
	)
	assert {t.priority for t in tasks_of(so.name)} == {0}

	so.reload()
	so.set(ORDER_PRIORITY_FIELD, "Urgent")
	with query_counter() as q:
		so.save()  # a submitted order: allow_on_submit, then on_update_after_submit
	assert [t.priority for t in tasks_of(so.name)] == [2, 2]
	updates = [s for s in q.queries if "update `tabWarehouse Task` set priority" in s]
	assert len(updates) == 1, updates
	assert frappe.db.get_value("Sales Order", so.name, ORDER_PRIORITY_FIELD) == "Urgent"

	# ... and the next wave takes it before the earlier-due Normal order
	assert waved(waves.plan_wave(wave_name=due_wave(site, max_orders=1).name)) == [so.name]
	assert not tasks_of(normal)[0].pick_wave

	# saving again with nothing changed updates no task
	so.reload()
	with query_counter() as q:
		so.save()
	assert not [s for s in q.queries if "set priority" in s]


def test_lowering_priority_leaves_finished_tasks_alone(site, item):
	from tests.app.outbound_fixtures import confirm_all

	so = order(site, item, days=1, qty=2, **{ORDER_PRIORITY_FIELD: "High"})
	confirm_all(so.name)
	so.reload()
	so.set(ORDER_PRIORITY_FIELD, "Normal")
	so.save()
	assert {(t.status, t.priority) for t in tasks_of(so.name)} == {("Done", 1)}


def test_min_priority_filter_waves_only_orders_at_or_above_it(site, item):
	order(site, item, days=1)
	high = order(site, item, days=2, **{ORDER_PRIORITY_FIELD: "High"}).name
	urgent = order(site, item, days=3, **{ORDER_PRIORITY_FIELD: "Urgent"}).name
	assert waved(waves.plan_wave(wave_name=due_wave(site, min_priority="High").name)) == [urgent, high]


def test_shipping_rule_filter_gathers_only_orders_with_that_rule(site, item, query_counter):
	company = frappe.db.get_value("Warehouse", site.warehouse, "company")
	express = shipping_rule("WMS Express Test", company)
	ground = shipping_rule("WMS Ground Test", company)
	fast = [order(site, item, days=d, shipping_rule=express).name for d in (2, 1)]
	slow = order(site, item, days=1, shipping_rule=ground).name
	none = order(site, item, days=1).name

	wave = due_wave(site, shipping_rule=express)
	with query_counter() as q:
		tasks = wave_gathering.unwaved_tasks(site.warehouse, cutoff=wave.delivery_date_cutoff, wave=wave)
	assert {t.reference_name for t in tasks} == set(fast)
	assert len(q.queries) == 2, q.queries  # the rule's orders, then their tasks

	planned = waves.plan_wave(wave_name=wave.name)
	assert waved(planned) == [fast[1], fast[0]]  # earliest delivery first
	assert not tasks_of(slow)[0].pick_wave and not tasks_of(none)[0].pick_wave


def test_shipping_rule_and_customer_filters_combine_in_one_order_query(site, item, query_counter):
	company = frappe.db.get_value("Warehouse", site.warehouse, "company")
	express = shipping_rule("WMS Express Test", company)
	acme = factories.make_customer("Acme Priority Test")
	mine = order(site, item, days=1, customer=acme, shipping_rule=express).name
	order(site, item, days=1, customer=acme)
	order(site, item, days=1, shipping_rule=express)
	wave = due_wave(site, customer=acme, shipping_rule=express)
	with query_counter() as q:
		tasks = wave_gathering.unwaved_tasks(site.warehouse, cutoff=wave.delivery_date_cutoff, wave=wave)
	assert {t.reference_name for t in tasks} == {mine}
	assert len(q.queries) == 2, q.queries


def test_shipping_rule_filter_with_no_matching_order_names_the_cutoff(site, item):
	company = frappe.db.get_value("Warehouse", site.warehouse, "company")
	express = shipping_rule("WMS Express Test", company)
	order(site, item, days=1)
	with pytest.raises(frappe.ValidationError, match="No Sales Order with unwaved pick tasks"):
		waves.plan_wave(wave_name=due_wave(site, shipping_rule=express).name)
