"""Which WMS QC Plan inspects a receipt line, and the sampling plan it gives a lot.

A line (item, supplier) takes the most specific enabled plan: the item's own, then its item
group's (the nearest group first, up the tree), then the supplier's; of plans as specific as each
other, the lowest priority number (then the name). The characteristics checked: the plan's
Quality Inspection Template's parameters, else its own check list, else the item's Quality
Inspection Template, else one characteristic, "Nonconforming units".

The sampling plan of a lot (``lot_plan``): ISO 2859-1 single sampling for an "AQL Sampling" plan
(``core.sampling``, Table I then the master table of the severity the (supplier, item) is on), or
the fixed sample of a "Fixed Sample" plan (the whole lot when it is smaller). Reads: at most six
queries for any number of lines (item rows, their groups' ancestors, the plans that can apply, their
check lists, template parameters).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import frappe
from frappe.utils import cint

from wms_module.core import sampling
from wms_module.core.qc_checks import SEVERITY_LABELS
from wms_module.exceptions import core_errors_as_validation
from wms_module.services.putaway_candidates import group_ancestors

AQL_SAMPLING, FIXED_SAMPLE = "AQL Sampling", "Fixed Sample"
DEFAULT_CHARACTERISTIC = "Nonconforming units"


@dataclass(frozen=True)
class Characteristic:
	characteristic: str
	specification: str | None = None
	"""The ERPNext Quality Inspection Parameter its reading is written under, if any."""


@dataclass(frozen=True)
class QCPlan:
	name: str
	method: str
	inspection_level: str
	aql: str
	fixed_sample_size: int
	fixed_acceptance_number: int
	production_steady: bool
	reduced_approved: bool
	characteristics: tuple[Characteristic, ...]


@dataclass(frozen=True)
class LotPlan:
	"""What the inspector is asked to do with one lot."""

	severity: str
	"""Normal / Tightened / Reduced (AQL sampling), "" for a fixed sample."""
	code_letter: str
	sample_size: int
	acceptance_number: int
	rejection_number: int
	full_inspection: bool


PLAN_FIELDS = (
	"name applies_to item_code item_group supplier priority method inspection_level aql "
	"fixed_sample_size fixed_acceptance_number production_steady reduced_inspection_approved "
	"quality_inspection_template"
).split()


def plans_for(lines: Iterable[tuple[str, str | None]]) -> dict[tuple[str, str | None], QCPlan]:
	"""{(item, supplier): its plan} for the pairs some enabled plan applies to."""
	pairs = sorted(set(lines), key=str)
	if not pairs:
		return {}
	items = {
		r.name: r
		for r in frappe.get_all(
			"Item",
			filters={"name": ["in", sorted({p[0] for p in pairs})]},
			fields=["name", "item_group", *_item_template_field()],
		)
	}
	groups = group_ancestors(i.item_group for i in items.values())
	# only the plans that can apply, on the item_code / item_group / supplier indexes: a site may
	# keep a plan per item for thousands of items
	rows = frappe.get_all(
		"WMS QC Plan",
		filters={"enabled": 1},
		or_filters=[
			["item_code", "in", sorted(items)],
			["item_group", "in", sorted({g for chain in groups.values() for g in chain}) or [""]],
			["supplier", "in", sorted({p[1] for p in pairs if p[1]}) or [""]],
		],
		fields=PLAN_FIELDS,
		order_by="priority asc, name asc",
	)
	if not rows:
		return {}
	chosen = {}
	for item, supplier in pairs:
		row = _most_specific(rows, items.get(item), supplier, groups)
		if row:
			chosen[(item, supplier)] = row
	lists = _check_lists(chosen.values(), items)
	return {
		pair: _as_plan(row, lists.get(("plan", row.name)) or lists.get(("item", pair[0])) or ())
		for pair, row in chosen.items()
	}


def plan_of(item_code: str, supplier: str | None) -> QCPlan | None:
	"""The plan of one (item, supplier) (``plans_for`` of one pair)."""
	return plans_for([(item_code, supplier)]).get((item_code, supplier))


def lot_plan(plan: QCPlan, lot_qty: float, severity: str) -> LotPlan:
	"""The sample to draw from a lot of ``lot_qty`` units (a part unit counts as a unit) and the
	acceptance and rejection numbers. ``severity``: the (supplier, item)'s switching state."""
	lot_size = max(1, math.ceil(lot_qty - 1e-9))
	if plan.method == FIXED_SAMPLE:
		n = min(plan.fixed_sample_size, lot_size)
		ac = min(plan.fixed_acceptance_number, n - 1)
		return LotPlan("", "", n, ac, ac + 1, n >= lot_size)
	if lot_size < 2:  # Table I starts at 2 units: a lot of one is inspected whole
		return LotPlan(SEVERITY_LABELS[severity], "A", 1, 0, 1, True)
	with core_errors_as_validation():
		p = sampling.sampling_plan(lot_size, plan.aql, level=plan.inspection_level, severity=severity)
	return LotPlan(
		SEVERITY_LABELS[severity],
		p.code_letter,
		p.sample_size,
		p.acceptance_number,
		p.rejection_number,
		p.full_inspection,
	)


def one_step_tighter_accepts(plan: QCPlan, lot_qty: float, nonconforming: int) -> bool:
	"""For the switching score: whether the lot would have been accepted on normal inspection with
	the AQL one step tighter (False when there is no tighter column)."""
	tighter = sampling.tighter_aql(plan.aql)
	if tighter is None:
		return False
	lot_size = max(2, math.ceil(lot_qty - 1e-9))
	with core_errors_as_validation():
		p = sampling.sampling_plan(lot_size, tighter, level=plan.inspection_level)
	return p.accepts(nonconforming)


def _most_specific(rows, item, supplier, groups):
	if item is None:
		return None
	for row in rows:
		if row.applies_to == "Item" and row.item_code == item.name:
			return row
	for group in groups.get(item.item_group, (item.item_group,)):
		for row in rows:
			if row.applies_to == "Item Group" and row.item_group == group:
				return row
	for row in rows:
		if row.applies_to == "Supplier" and supplier and row.supplier == supplier:
			return row
	return None


def _item_template_field() -> list[str]:
	return (
		["quality_inspection_template"]
		if frappe.get_meta("Item").has_field("quality_inspection_template")
		else []
	)


def _check_lists(rows, items) -> dict[tuple[str, str], tuple[Characteristic, ...]]:
	"""("plan", plan) or ("item", item) -> characteristics: the plan's template, else its check
	list; the item's template for plans with neither. Two queries."""
	rows = list(rows)
	own = defaultdict(list)
	for r in (
		frappe.get_all(
			"WMS QC Plan Characteristic",
			filters={"parent": ["in", sorted({r.name for r in rows})], "parenttype": "WMS QC Plan"},
			fields=["parent", "characteristic", "specification"],
			order_by="idx asc",
		)
		if rows
		else []
	):
		own[r.parent].append(Characteristic(r.characteristic, r.specification))
	templates = {r.name: r.quality_inspection_template for r in rows if r.quality_inspection_template}
	item_templates = {
		i.name: i.get("quality_inspection_template")
		for i in items.values()
		if i.get("quality_inspection_template")
	}
	params = _template_parameters(set(templates.values()) | set(item_templates.values()))
	out = {}
	for r in rows:
		out[("plan", r.name)] = params.get(templates.get(r.name)) or tuple(own.get(r.name, ()))
	for item, template in item_templates.items():
		out[("item", item)] = params.get(template, ())
	return out


def _template_parameters(templates: set[str]) -> dict[str, tuple[Characteristic, ...]]:
	if not templates:
		return {}
	out = defaultdict(list)
	for r in frappe.get_all(
		"Item Quality Inspection Parameter",
		filters={"parenttype": "Quality Inspection Template", "parent": ["in", sorted(templates)]},
		fields=["parent", "specification"],
		order_by="idx asc",
	):
		out[r.parent].append(Characteristic(r.specification, r.specification))
	return {k: tuple(v) for k, v in out.items()}


def _as_plan(row, characteristics) -> QCPlan:
	return QCPlan(
		name=row.name,
		method=row.method or AQL_SAMPLING,
		inspection_level=row.inspection_level or "II",
		aql=row.aql or "2.5",
		fixed_sample_size=cint(row.fixed_sample_size),
		fixed_acceptance_number=cint(row.fixed_acceptance_number),
		production_steady=bool(cint(row.production_steady)),
		reduced_approved=bool(cint(row.reduced_inspection_approved)),
		characteristics=tuple(characteristics) or (Characteristic(DEFAULT_CHARACTERISTIC),),
	)
