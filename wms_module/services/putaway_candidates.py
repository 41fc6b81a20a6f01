"""Directed putaway: the state the engine plans on, read in a constant number of queries.

For one warehouse and any number of received lines: the items (with the putaway classes), the
enabled WMS Putaway Rules, the router's layout, and a BOUNDED set of candidate bins with what they
hold and what open putaway, replenishment and move tasks bring them (never one query per line,
never all 50,000 bins of a warehouse). The candidate bins (``load_candidates``):

1. every bin of the warehouse that holds one of the lines' items, is their fixed pick face, or
   that an open task already brings one of them to (consolidation and pick faces are
   never cut off);
2. per (zone, bin type) of the eligible zone types, the ``per_zone`` active bins nearest to the
   dock with ROOM for another item: empty ones (no stock, no open task bringing anything) and Mixed
   ones whose stock plus what open tasks bring is below their Max Qty, ordered in SQL by the router's walking
   distance from the depot (``depot_distance_sql``: the same metric as
   ``WarehouseLayout.distance``, a test holds them equal).

Why the bound is safe: the preferences that are not about distance (fixed face, consolidation)
are loaded in full by 1.; the ones about a zone or bin type (putaway rules, velocity class,
segregation) see, by 2., the nearest bins with room of EVERY zone and bin type, so no zone is
crowded out by another; inside one (zone, bin type), those bins differ only by distance and room,
and the nearest come first. The set can only be too small when the lines need more than
``per_zone`` bins of one (zone, bin type), or the nearest ``SCAN_FACTOR * per_zone`` bins of it are
full, or the ones read are full by volume or weight (which SQL does not check): then
``Candidates.truncated`` names it and the planner reads again with a larger bound
(services/putaway_planning.py). A Single Item / Single Batch bin holding
something is offered only to its own item (by 1.).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import frappe
from frappe.utils import cint, flt

from wms_module.core.bins import BinContent, ZoneType
from wms_module.core.putaway import AppliesTo, Candidate, PutawayRule
from wms_module.core.tasks import TaskType
from wms_module.erp import ITEM_UNIT_VOLUME_FIELD, get_item_units
from wms_module.services import bin_ledger
from wms_module.services.geometry import GEOMETRY_FIELDS, core_layout, depot_distance
from wms_module.services.slots import ZONE_TYPES
from wms_module.services.storage import as_core_bin
from wms_module.services.tasks import ACTIVE_STATUSES

ITEM_STORAGE_CLASS = "wms_storage_class"
ITEM_HAZARD_CLASS = "wms_hazard_class"
ITEM_TEMPERATURE_CLASS = "wms_temperature_class"
ITEM_VELOCITY_CLASS = "wms_velocity_class"
ITEM_CLASS_FIELDS = {
	ITEM_STORAGE_CLASS: "storage_class",
	ITEM_HAZARD_CLASS: "hazard_class",
	ITEM_TEMPERATURE_CLASS: "temperature_class",
	ITEM_VELOCITY_CLASS: "velocity_class",
}
"""Item Custom Fields (wms_module/install.py putaway_item_fields) -> ItemProfile attributes."""

# ------------------------------------------------------------------------------------ reading


def item_profiles(item_codes: Iterable[str]) -> dict[str, frappe._dict]:
	"""Item rows with the putaway classes, unit volume / weight, stock UOM and whether it counts
	whole units. One query (the class fields a site has not migrated yet read as empty)."""
	codes = sorted(set(item_codes))
	if not codes:
		return {}
	meta = frappe.get_meta("Item")
	present = [f for f in (ITEM_UNIT_VOLUME_FIELD, *ITEM_CLASS_FIELDS) if meta.has_field(f)]
	columns = "".join(f", i.`{f}`" for f in present)
	rows = frappe.db.sql(
		f"""select i.name, i.item_group, i.stock_uom, i.weight_per_unit{columns},
			coalesce(u.must_be_whole_number, 0) as whole_units
		from `tabItem` i left join `tabUOM` u on u.name = i.stock_uom
		where i.name in %(items)s""",
		{"items": tuple(codes)},
		as_dict=True,
	)
	return {r.name: r for r in rows}


def group_ancestors(groups: Iterable[str]) -> dict[str, tuple[str, ...]]:
	"""Each Item Group with its ancestors, nearest first (Item Group is a nested set). One query."""
	groups = sorted({g for g in groups if g})
	if not groups:
		return {}
	rows = frappe.db.sql(
		"""select g.name as item_group, a.name as ancestor
		from `tabItem Group` g inner join `tabItem Group` a on a.lft <= g.lft and a.rgt >= g.rgt
		where g.name in %(groups)s order by g.name, a.lft desc""",
		{"groups": tuple(groups)},
		as_dict=True,
	)
	out: dict[str, list[str]] = defaultdict(list)
	for r in rows:
		out[r.item_group].append(r.ancestor)
	return {g: tuple(out.get(g) or (g,)) for g in groups}


def load_rules(warehouse: str) -> list[PutawayRule]:
	"""The enabled WMS Putaway Rules of ``warehouse`` and of every warehouse. One query."""
	rows = frappe.db.sql(
		"""select name, applies_to, item_code, item_group, storage_class, zone, bin_type, priority, rule_type
		from `tabWMS Putaway Rule`
		where enabled = 1 and (warehouse = %(w)s or warehouse is null or warehouse = '')""",
		{"w": warehouse},
		as_dict=True,
	)
	field_of = {"Item": "item_code", "Item Group": "item_group", "Storage Class": "storage_class"}
	return [
		PutawayRule(
			name=r.name,
			applies_to=AppliesTo(r.applies_to),
			value=r.get(field_of[r.applies_to]) or "",
			zone=r.zone or None,
			bin_type=r.bin_type or None,
			priority=cint(r.priority),
			restrict=r.rule_type == "Only",
		)
		for r in rows
		if r.zone or r.bin_type
	]


def batch_expiries(batches: Iterable[str | None]) -> dict[str, object]:
	names = sorted({b for b in batches if b})
	if not names:
		return {}
	return dict(
		frappe.get_all("Batch", filters={"name": ["in", names]}, fields=["name", "expiry_date"], as_list=True)
	)


def warehouse_layout(warehouse: str, *, for_update: bool = False):
	"""The router's layout of the warehouse (None without a valid one). One query. ``for_update``
	locks the layout row until the transaction ends: two receipts of one warehouse planned at
	once take turns, and the second sees the first's tasks (their incoming loads)."""
	row = frappe.db.get_value(
		"Warehouse Layout",
		{"warehouse": warehouse},
		list(GEOMETRY_FIELDS),
		as_dict=True,
		for_update=for_update,
	)
	return core_layout(row) if row else None


def depot_distance_sql(layout) -> tuple[str, dict]:
	"""SQL for the walking distance from the depot to ``sb``'s (layout_aisle, layout_bay), the
	router's metric (core/layout.py): on the aisle graph the depot, on cross aisle r at x = dx, is
	|x_aisle - dx| + |y_bay - Y[r]| from any bay, with y_bay = b * cross_aisle_width +
	(cross_aisle_width + bay_width) / 2 + bay * bay_width for a bay of block b. Bins off the layout
	sort last. Without a layout: 0 (the pick sequence decides)."""
	if layout is None:
		return "0", {}
	first = layout.block_first_bay
	blocks = " + ".join(
		f"(case when sb.layout_bay >= %(first_{b})s then 1 else 0 end)" for b in range(1, layout.n_blocks)
	)
	dx, yr = layout.depot_point
	params = {f"first_{b}": first[b] for b in range(1, layout.n_blocks)}
	params.update(
		n_aisles=layout.n_aisles,
		n_bays=layout.bays_per_aisle,
		spacing=layout.aisle_spacing,
		bay_width=layout.bay_width,
		cross=layout.cross_aisle_width,
		half=(layout.cross_aisle_width + layout.bay_width) / 2,
		dx=dx,
		yr=yr,
	)
	sql = f"""(case when sb.layout_aisle is null or sb.layout_bay is null or sb.layout_aisle < 0
		or sb.layout_aisle >= %(n_aisles)s or sb.layout_bay < 0 or sb.layout_bay >= %(n_bays)s then 1e12
		else abs(sb.layout_aisle * %(spacing)s - %(dx)s) + abs(sb.layout_bay * %(bay_width)s + %(half)s
			+ %(cross)s * ({blocks or "0"}) - %(yr)s) end)"""
	return sql, params


BRINGING = (TaskType.PUTAWAY.value, TaskType.REPLENISH.value, TaskType.MOVE.value)
"""Task types that bring stock to their destination bin (a Pick's destination is a staging bin)."""


BIN_COLUMNS = """sb.name, sb.warehouse, sb.zone, sb.status, sb.mix_policy, sb.max_qty, sb.max_volume,
	sb.max_weight, sb.is_unlocated, sb.bin_type, sb.fixed_item, sb.layout_aisle, sb.layout_bay,
	sb.pick_sequence, z.zone_type, z.velocity_class, z.hazard_class, z.temperature_class"""


def consolidation_bins(warehouse: str, items: Sequence[str]) -> list[frappe._dict]:
	"""Bins of ``warehouse`` holding one of ``items``, fixed to one, or that an open putaway task
	brings one to. One query (Bin Stock.item_code, Storage Bin.fixed_item and Warehouse Task
	indexes). The few bin names are a derived table joined to Storage Bin by its key: as
	``sb.name in (... union ...)`` MariaDB ran the union once per bin of the warehouse (0.59 s at
	50,000 bins, tools/realbench/scale_check.sh)."""
	return frappe.db.sql(
		f"""select {BIN_COLUMNS} from (
			select bs.storage_bin as name from `tabBin Stock` bs
			where bs.item_code in %(items)s and bs.warehouse = %(w)s and bs.on_hand_qty > 0
			union select fb.name from `tabStorage Bin` fb where fb.fixed_item in %(items)s and fb.warehouse = %(w)s
			union select t.destination_bin from `tabWarehouse Task` t
			where t.item_code in %(items)s and t.warehouse = %(w)s and t.task_type in %(bringing)s
				and t.status in %(active)s and t.destination_bin is not null
		) own
		inner join `tabStorage Bin` sb on sb.name = own.name
		inner join `tabStorage Zone` z on z.name = sb.zone""",
		{"items": tuple(items), "w": warehouse, "active": ACTIVE_STATUSES, "bringing": BRINGING},
		as_dict=True,
	)


SCAN_FACTOR = 4
"""How many of the nearest bins per (zone, bin type) are checked for room, per bin wanted: the rest of
the warehouse is only ranked by distance, never joined to its stock."""


def nearest_bins_with_room(
	warehouse: str, zone_types: Sequence[str], layout, per_zone: int
) -> tuple[list[frappe._dict], dict[tuple[str, str], frappe._dict]]:
	"""Per (zone, bin type) of ``zone_types``, the ``per_zone`` active bins nearest the dock that
	could take another item: empty ones (no stock, no open task bringing anything), and Mixed ones
	whose stock plus what open tasks bring is below their Max Qty (or that have none). Not fixed
	faces, not the unlocated bin. A Single Item / Single Batch bin holding something takes only its
	own item: it is a consolidation candidate (``consolidation_bins``). Also returns the (zone, bin
	type) partitions that were cut off (their bound was reached, or bins beyond the ones checked were
	not looked at), each with its nearest bin, full or not: what a line may use there.

	One query, in two steps so that a 50,000-bin warehouse is not joined to its 100,000 Bin Stock
	rows: the warehouse's bins are ranked by walking distance in each partition (a window function:
	MariaDB >= 10.2, SQLite >= 3.25), and only the nearest ``SCAN_FACTOR * per_zone`` of each are
	checked for room (the sums on the Bin Stock.storage_bin and Warehouse Task (destination_bin,
	status) indexes). The ranking reads the warehouse's bins, as the Bin Utilization report does."""
	distance, params = depot_distance_sql(layout)
	scan = SCAN_FACTOR * per_zone
	held = (
		"coalesce((select sum(bs.on_hand_qty) from `tabBin Stock` bs where bs.storage_bin = ranked.name), 0)"
	)
	coming = """coalesce((select sum(t.qty - coalesce(t.picked_qty, 0)) from `tabWarehouse Task` t
		where t.destination_bin = ranked.name and t.status in %(active)s and t.task_type in %(bringing)s), 0)"""
	rows = frappe.db.sql(
		f"""select ranked.*, (
				(ranked.mix_policy = %(mixed)s and (coalesce(ranked.max_qty, 0) = 0 or {held} + {coming} < ranked.max_qty))
				or (not exists (select 1 from `tabBin Stock` bs where bs.storage_bin = ranked.name and bs.on_hand_qty > 0)
					and not exists (select 1 from `tabWarehouse Task` t where t.destination_bin = ranked.name
						and t.status in %(active)s))
			) as has_room
		from (
			select {BIN_COLUMNS}, row_number() over (
				partition by sb.zone, sb.bin_type order by {distance}, sb.pick_sequence, sb.name) as rank_in_zone
			from `tabStorage Bin` sb inner join `tabStorage Zone` z on z.name = sb.zone
			where sb.warehouse = %(w)s and sb.status = %(active_bin)s and z.zone_type in %(zone_types)s
				and coalesce(sb.is_unlocated, 0) = 0 and coalesce(sb.fixed_item, '') = ''
		) ranked where ranked.rank_in_zone <= %(scan)s
		order by ranked.zone, ranked.bin_type, ranked.rank_in_zone""",
		{
			**params,
			"w": warehouse,
			"zone_types": tuple(zone_types),
			"active": ACTIVE_STATUSES,
			"bringing": BRINGING,
			"scan": scan,
			"active_bin": "Active",
			"mixed": "Mixed",
		},
		as_dict=True,
	)
	kept, checked, nearest = defaultdict(list), defaultdict(int), {}
	for r in rows:
		partition = (r.zone, r.bin_type)
		checked[partition] += 1
		nearest.setdefault(partition, r)
		if cint(r.has_room) and len(kept[partition]) < per_zone:
			kept[partition].append(r)
	cut_off = {p: nearest[p] for p in checked if len(kept[p]) >= per_zone or checked[p] >= scan}
	return [r for bins in kept.values() for r in bins], cut_off


def incoming_loads(bins: Sequence[str]) -> dict[str, list[frappe._dict]]:
	"""What open putaway, replenishment and move tasks still bring to each of ``bins`` (qty - what
	was already put): a pick face a replenishment is filling is not filled twice. One query."""
	if not bins:
		return {}
	rows = frappe.get_all(
		"Warehouse Task",
		filters={
			"destination_bin": ["in", sorted(set(bins))],
			"task_type": ["in", list(BRINGING)],
			"status": ["in", list(ACTIVE_STATUSES)],
		},
		fields=["destination_bin", "item_code", "batch_no", "qty", "picked_qty"],
	)
	out: dict[str, list[frappe._dict]] = defaultdict(list)
	for r in rows:
		out[r.destination_bin].append(r)
	return out


# ------------------------------------------------------------------------------------ deciding


@dataclass
class Candidates:
	"""The candidate bins as the core sees them, and whether a (zone, bin type) was cut off."""

	bins: list[Candidate] = field(default_factory=list)
	zones_of: dict[str, str] = field(default_factory=dict)
	truncated: set[tuple[str, str]] = field(default_factory=set)
	"""The (zone, bin type) partitions of bins with room cut off at their bound."""
	cut_off: list[Candidate] = field(default_factory=list)
	"""A bin of each cut-off partition (not offered: it may be full), to ask whether a line may use
	the partition at all (zone and bin type decide it)."""


def load_candidates(
	warehouse: str, items: Sequence[str], zone_types: Sequence[str], layout, per_zone: int
) -> Candidates:
	"""The bounded candidate set (see the module docstring) with contents and incoming. Four queries
	plus one for the units of the items they hold."""
	own = consolidation_bins(warehouse, items)
	empty, cut_off = nearest_bins_with_room(warehouse, zone_types, layout, per_zone)
	rows = {r.name: r for r in [*empty, *own] if not r.is_unlocated}
	contents = bin_ledger.bin_contents(list(rows))
	incoming = incoming_loads(list(rows))
	held_items = {b.item for bs in contents.values() for b in bs} | {
		t.item_code for ts in incoming.values() for t in ts
	}
	units = get_item_units(held_items)
	result = Candidates(
		truncated=set(cut_off), cut_off=[as_candidate(r, layout, [], [], units) for r in cut_off.values()]
	)
	for name, r in sorted(rows.items()):
		result.zones_of[name] = r.zone
		result.bins.append(as_candidate(r, layout, contents.get(name, []), incoming.get(name, []), units))
	return result


def _content(item: str, batch, qty: float, units: dict) -> BinContent:
	unit = units.get(item) or frappe._dict()
	return BinContent(
		item,
		batch or None,
		qty,
		volume=qty * flt(unit.get("unit_volume")),
		weight=qty * flt(unit.get("weight_per_unit")),
	)


def as_candidate(row, layout, balances, tasks, units) -> Candidate:
	return Candidate(
		bin=as_core_bin(row),
		zone=row.zone,
		zone_type=ZoneType(ZONE_TYPES.get(row.zone_type or "", "staging")),
		bin_type=row.bin_type or "Shelf",
		velocity_class=row.velocity_class or None,
		hazard_class=row.hazard_class or None,
		temperature_class=row.temperature_class or None,
		distance=depot_distance(layout, row),
		pick_sequence=cint(row.pick_sequence),
		fixed_item=row.fixed_item or None,
		contents=tuple(_content(b.item, b.batch, b.on_hand, units) for b in balances),
		incoming=tuple(
			_content(t.item_code, t.batch_no, flt(t.qty) - flt(t.picked_qty), units)
			for t in tasks
			if flt(t.qty) - flt(t.picked_qty) > 0
		),
	)
