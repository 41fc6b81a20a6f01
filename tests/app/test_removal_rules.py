"""Removal strategy per item group (WMS Settings > Removal Strategy per Item Group).

A line's strategy is its item group's rule (the nearest group up the Item Group tree
that has one), else the Warehouse Layout's, else WMS Settings' default.
"""

from __future__ import annotations

import frappe
import pytest

from tests import factories
from tests.app.outbound_fixtures import (
	outbound_defaults,
	outbound_floor,
	put_stock,
	set_settings,
	so_lines,
	tasks_of,
)
from wms_module.core.allocation import RemovalStrategy
from wms_module.services.outbound_settings import STRATEGIES

RECEIVED = {"A-01": "2026-01-01 08:00:00", "B-05": "2026-01-02 08:00:00", "C-07": "2026-01-03 08:00:00"}
"""Oldest in A-01, newest in C-07."""
STOCK = {"A-01": 5, "B-05": 2, "C-07": 8}
"""The smallest quantity sits in the middle bin, so FIFO, LIFO and Clear Small each pick another bin."""


@pytest.fixture
def site():
	outbound_defaults(default_removal_strategy="FIFO")
	return outbound_floor("A-01", "B-05", "C-07")


def stock(site, item: str) -> str:
	for code, qty in STOCK.items():
		put_stock(site, item, code, qty)
		frappe.db.set_value(
			"Bin Stock", {"storage_bin": site.bin(code), "item_code": item}, "first_received", RECEIVED[code]
		)
	return item


def group(name: str, parent: str | None = None, is_group: int = 1) -> str:
	name = factories.unique(name)
	parent = parent or ("All Item Groups" if frappe.db.exists("Item Group", "All Item Groups") else "")
	return (
		frappe.get_doc(
			{
				"doctype": "Item Group",
				"item_group_name": name,
				"parent_item_group": parent,
				"is_group": is_group,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def settings_doc():
	"""WMS Settings as the form would save them: fields never saved get their defaults."""
	settings = frappe.get_single("WMS Settings")
	for df in settings.meta.fields:
		if df.get("default") not in (None, "") and settings.get(df.fieldname) in (None, ""):
			settings.set(df.fieldname, df.default)
	return settings


def set_rules(*rules: tuple[str, str]) -> None:
	settings = settings_doc()
	settings.set("removal_rules", [{"item_group": g, "removal_strategy": s} for g, s in rules])
	settings.save(ignore_permissions=True)


def first_bin(site, so_name: str, item: str) -> str:
	codes = {name: code for code, name in site.bins.items()}
	(task,) = [t for t in tasks_of(so_name) if t.item_code == item]
	return codes[task.source_bin]


def test_every_strategy_the_core_has_is_offered_in_every_removal_strategy_field():
	assert set(STRATEGIES.values()) == set(RemovalStrategy)
	for doctype, fieldname in (
		("WMS Settings", "default_removal_strategy"),
		("WMS Removal Rule", "removal_strategy"),
		("Warehouse Layout", "removal_strategy"),
	):
		options = [o for o in frappe.get_meta(doctype).get_field(fieldname).options.split("\n") if o]
		assert options == list(STRATEGIES), (doctype, fieldname)


def test_an_item_groups_rule_beats_the_layout_and_the_default_on_the_same_order(site):
	frappe.db.set_value("Warehouse Layout", site.warehouse, "removal_strategy", "FIFO")
	small = group("RR Small Parts", is_group=0)
	set_rules((small, "Clear Small Quantities"))
	ruled = stock(site, factories.make_item(item_group=small))
	plain = stock(site, factories.make_item())

	so = factories.make_sales_order(items=so_lines(site, (ruled, 1), (plain, 1)))

	assert first_bin(site, so.name, ruled) == "B-05"  # the group's rule: the smallest quantity first
	assert first_bin(site, so.name, plain) == "A-01"  # no rule: the layout's FIFO


def test_the_nearest_group_up_the_tree_wins(site):
	food = group("RR Food")
	dairy = group("RR Dairy", parent=food)
	cheese = group("RR Cheese", parent=dairy, is_group=0)
	yogurt = group("RR Yogurt", parent=dairy, is_group=0)
	bakery = group("RR Bakery", parent=food, is_group=0)
	set_rules((food, "LIFO"), (dairy, "Fewest Bins"), (cheese, "Clear Small Quantities"))
	items = {
		"cheese": stock(site, factories.make_item(item_group=cheese)),  # its own rule
		"yogurt": stock(site, factories.make_item(item_group=yogurt)),  # parent Dairy's rule
		"bread": stock(site, factories.make_item(item_group=bakery)),  # grandparent Food's rule
		"other": stock(site, factories.make_item()),  # no rule on its path: WMS Settings' FIFO
	}

	so = factories.make_sales_order(items=so_lines(site, *[(i, 1) for i in items.values()]))

	got = {k: first_bin(site, so.name, i) for k, i in items.items()}
	assert got == {"cheese": "B-05", "yogurt": "B-05", "bread": "C-07", "other": "A-01"}


def test_the_item_group_rule_also_orders_the_bins_for_a_qty_spanning_several(site):
	frappe.db.set_value("Warehouse Layout", site.warehouse, "removal_strategy", "Clear Small Quantities")
	fifo = group("RR Fifo Goods", is_group=0)
	set_rules((fifo, "FIFO"))
	item = stock(site, factories.make_item(item_group=fifo))
	so = factories.make_sales_order(items=so_lines(site, (item, 9)))
	codes = {name: code for code, name in site.bins.items()}
	assert [(codes[t.source_bin], t.qty) for t in tasks_of(so.name)] == [
		("A-01", 5),
		("B-05", 2),
		("C-07", 2),
	]


def test_rules_cost_one_query_whatever_the_number_of_lines(site, query_counter):
	groups = [group(f"RR Q{k}", is_group=0) for k in range(3)]
	set_rules(*zip(groups, ("LIFO", "Clear Small Quantities", "FIFO"), strict=True))
	items = [factories.make_item(item_group=groups[k % 3]) for k in range(12)]
	for i in items:
		put_stock(site, i, "A-01", 2)
	set_settings(pick_task_creation="On Demand")
	small = factories.make_sales_order(items=so_lines(site, *[(i, 1) for i in items[:3]]))
	large = factories.make_sales_order(items=so_lines(site, *[(i, 1) for i in items]))
	set_settings(pick_task_creation="On Sales Order Submit")
	from wms_module.events.sales_order import on_submit

	counts = []
	for so in (small, large):
		with query_counter() as q:
			on_submit(so)
		counts.append(q.count)
		assert len(tasks_of(so.name)) == len(so.items)
	assert counts[0] == counts[1], counts
	rule_queries = [s for s in q.queries if "WMS Removal Rule" in str(s)]
	assert len(rule_queries) == 1, rule_queries


def test_one_rule_per_item_group(site):
	g = group("RR Twice", is_group=0)
	with pytest.raises(frappe.ValidationError, match="keep one row per Item Group"):
		set_rules((g, "LIFO"), (g, "FIFO"))
