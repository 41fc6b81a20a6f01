"""WMS Settings as the outbound flow reads them: one query, a frozen value."""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe.utils import cint

from wms_module.core.batching import DEFAULT_METHOD as DEFAULT_BATCHING_METHOD
from wms_module.core.removal import RemovalStrategy

STRATEGIES = {
	"FIFO": RemovalStrategy.FIFO,
	"FEFO": RemovalStrategy.FEFO,
	"LIFO": RemovalStrategy.LIFO,
	"Closest to Depot": RemovalStrategy.CLOSEST,
	"Fewest Bins": RemovalStrategy.FEWEST_BINS,
	"Clear Small Quantities": RemovalStrategy.CLEAR_SMALL,
}
"""Select labels (WMS Settings, WMS Removal Rule, Warehouse Layout) -> the core's strategies: every one it has."""

ON_SUBMIT = "On Sales Order Submit"
ON_DEMAND = "On Demand"
DN_DRAFT = "Create Draft"
DN_SUBMIT = "Create and Submit"
DN_NOTHING = "Do Nothing"


@dataclass(frozen=True)
class OutboundSettings:
	pick_task_creation: str = ON_SUBMIT
	default_removal_strategy: str = "FIFO"
	allow_batch_mix: bool = True
	delivery_note_action: str = DN_DRAFT
	routing_method: str = "best"
	batching_method: str = DEFAULT_BATCHING_METHOD
	picker_capacity_items: int = 45
	totes_per_cart: int = 8
	max_orders_per_wave: int = 50
	max_lines_per_wave: int = 500


def get_outbound_settings() -> OutboundSettings:
	"""WMS Settings (defaults for fields never saved). One query."""
	values = frappe.db.get_singles_dict("WMS Settings") or {}
	d = OutboundSettings()

	def pick(field, default, cast=lambda v: v):
		value = values.get(field)
		return default if value in (None, "") else cast(value)

	return OutboundSettings(
		pick_task_creation=pick("pick_task_creation", d.pick_task_creation),
		default_removal_strategy=pick("default_removal_strategy", d.default_removal_strategy),
		allow_batch_mix=bool(pick("allow_batch_mix_per_line", 1, cint)),
		delivery_note_action=pick("delivery_note_action", d.delivery_note_action),
		routing_method=pick("routing_method", d.routing_method),
		batching_method=pick("batching_method", d.batching_method),
		picker_capacity_items=max(1, pick("picker_capacity_items", d.picker_capacity_items, cint)),
		totes_per_cart=max(1, pick("totes_per_cart", d.totes_per_cart, cint)),
		max_orders_per_wave=max(1, pick("max_orders_per_wave", d.max_orders_per_wave, cint)),
		max_lines_per_wave=max(1, pick("max_lines_per_wave", d.max_lines_per_wave, cint)),
	)


def removal_strategy(
	layout_strategy: str | None, settings: OutboundSettings, *, item_rule: str | None = None
) -> RemovalStrategy:
	"""The item group's rule, else the warehouse layout's strategy, else the settings' default."""
	label = item_rule or layout_strategy or settings.default_removal_strategy
	if label not in STRATEGIES:
		frappe.throw(
			frappe._("Removal strategy {0} is not one of {1}").format(
				frappe.bold(label), ", ".join(STRATEGIES)
			)
		)
	return STRATEGIES[label]


def item_group_rules(item_codes) -> dict[str, str]:
	"""Per item, the strategy label of the WMS Removal Rule for its Item Group. ONE query for all items.

	A rule on a group also covers its sub-groups; of several rules along the path the
	nearest group wins (its own group first, then the ancestor with the largest ``lft``:
	Item Group is a nested set, an ancestor has lft < the group's lft and rgt > its rgt).
	Items whose group has no rule are missing from the result.
	"""
	codes = sorted(set(item_codes))
	if not codes:
		return {}
	rows = frappe.db.sql(
		"""select i.name as item_code, r.removal_strategy
		from `tabItem` i
		inner join `tabItem Group` ig on ig.name = i.item_group
		inner join `tabWMS Removal Rule` r
			on r.parenttype = 'WMS Settings' and r.parentfield = 'removal_rules'
		inner join `tabItem Group` g on g.name = r.item_group
			and (g.name = ig.name or (g.lft < ig.lft and g.rgt > ig.rgt))
		where i.name in %(items)s
		order by i.name, case when g.name = ig.name then 0 else 1 end, g.lft desc""",
		{"items": tuple(codes)},
		as_dict=True,
	)
	rules: dict[str, str] = {}
	for r in rows:
		rules.setdefault(r.item_code, r.removal_strategy)
	return rules


def customer_shelf_life(sales_order: str) -> tuple[str | None, int]:
	"""(customer, minimum remaining shelf life in days) for the order; (None, 0) without a rule. ONE query."""
	rows = frappe.db.sql(
		"""select so.customer, r.min_remaining_days
		from `tabSales Order` so
		inner join `tabWMS Customer Shelf Life` r on r.customer = so.customer
			and r.parenttype = 'WMS Settings' and r.parentfield = 'customer_shelf_life'
		where so.name = %s
		order by r.min_remaining_days desc""",
		(sales_order,),
	)
	if not rows or cint(rows[0][1]) <= 0:
		return None, 0
	return rows[0][0], cint(rows[0][1])
