"""Allocate Sales Order lines to storage bins and turn the allocations into Pick tasks.

Read -> decide -> apply, with a constant number of queries per order (Bin Stock rows
are updated in one statement, see ``tasks.update_rows``):

- read: the order's existing Pick tasks, the Warehouse Layouts, the items (stock
  UOM and whether it counts in whole units) and, in ONE locked query
  (``SELECT ... FOR UPDATE``), every Bin Stock row of the order's items in the
  order's warehouses with its Storage Bin (zone type, status, layout position)
  and batch expiry;
- decide: ``wms_module.core.allocation.allocate`` (pick zones before reserve,
  available = on hand - allocated; per line the removal strategy of its item
  group's WMS Removal Rule, else of the Warehouse Layout, else WMS Settings'
  default; the customer's minimum remaining shelf life from WMS Settings);
- apply: raise Bin Stock.allocated_qty for each allocation (one UPDATE) and insert the Pick
  tasks (source bin -> the layout's staging bin) in one statement. A line that
  cannot be allocated in full gets a task in status Exception for the missing
  quantity, carrying the reason (no stock, allocated to other orders, expired,
  ...): the order's shortage list is its Exception tasks.

ERPNext stock reservation (v15) and WMS allocation. With Stock Settings >
enable_stock_reservation on, a Sales Order submitted with Reserve Stock gets one Stock
Reservation Entry per line (``create_stock_reservation_entries_for_so_items`` in
erpnext/stock/doctype/stock_reservation_entry/stock_reservation_entry.py, called from
SalesOrder.on_submit in erpnext/selling/doctype/sales_order/sales_order.py) for
min(unreserved qty, actual qty - other open reservations): reservations name a
*warehouse*, never a storage bin. An entry is open while submitted and not
Delivered/Cancelled and holds reserved_qty - delivered_qty; ``Bin.reserved_stock`` is
their sum (erpnext/stock/doctype/bin/bin.py update_reserved_stock). The Delivery Note of
the line raises delivered_qty on submit and lowers it on cancel
(DeliveryNote.update_stock_reservation_entries in
erpnext/stock/doctype/delivery_note/delivery_note.py) *before* its stock ledger
posting, and the posting of any outward entry is refused when it would leave less on
hand than ``Bin.reserved_stock`` ("N units of ITEM needed in WAREHOUSE ... to complete
this transaction", erpnext/stock/stock_ledger.py validate_reserved_stock). So in ERPNext
another order can never ship reserved stock; the order's own cancel cancels its entries.

The WMS allocation is one level below (which storage bin a line is picked from) and
follows that rule so that no Pick task is made for stock whose Delivery Note ERPNext
would refuse: when allocating order X, ``reserved_elsewhere`` reads the open
reservations of the lines' (item, warehouse) (``erp.get_open_reservations``, one query,
nothing when reservation is off or absent) and, for the lines of OTHER orders, the part
their Pick tasks do not hold yet (open tasks' qty, picked qty not on a Delivery Note,
picked qty on a Delivery Note the reservation has not counted as delivered, i.e. a
draft; one query). ``hold_back_reserved`` then lets X's lines of that item share only
(unallocated stock in active pick/reserve bins, no expired batch) - (those unbacked
reservations); what that holds back becomes part of the line's Exception task,
"N reserved for Sales Order SAL-ORD-... (ERPNext Stock Reservation Entries)". X's own
reservations are no limit: they are X's to pick. Once the reserving order has its own
Pick tasks, the units are allocated in bins and held back as "allocated to other
orders" like any allocation. The WMS neither creates nor cancels reservations; a short
pick leaves the order's reservation as it is (ERPNext keeps it until delivered or
cancelled), and ``make_delivery_note`` maps lines as usual, the Delivery Note consuming
the reservations. Not covered: reservations by batch/serial (Reservation Based On
"Serial and Batch") are counted by qty only, not per batch.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import frappe
from frappe import _
from frappe.utils import flt, getdate, now_datetime, nowdate

from wms_module import erp
from wms_module.core.allocation import (
	AllocationConfig,
	AllocationResult,
	OrderLine,
	RemovalStrategy,
	Shortage,
	ShortageReason,
	StockSlot,
	allocate,
)
from wms_module.core.bins import EPSILON
from wms_module.core.errors import InvalidInput
from wms_module.core.layout import PickLocation, WarehouseLayout
from wms_module.core.tasks import TaskStatus
from wms_module.exceptions import WMSValidationError, core_errors_as_validation
from wms_module.services import priority
from wms_module.services import tasks as task_service
from wms_module.services.outbound_settings import (
	OutboundSettings,
	customer_shelf_life,
	get_outbound_settings,
	item_group_rules,
	removal_strategy,
)

SALES_ORDER = "Sales Order"

ZONE_TYPES = {
	"Pick": "pick",
	"Reserve": "reserve",
	"Receiving": "receiving",
	"Staging": "staging",
	"Quarantine": "quarantine",
	"Returns": "returns",
}
"""Storage Zone types as the core knows them; every other type (Packing, Shipping, Unlocated) is
never allocated from, like staging."""


STOPPED_ORDER_STATUSES = ("On Hold", "Closed")
"""Sales Order statuses (ERPNext v15) in which the order is not picked (services/order_status.py)."""


class NoWarehouseLayoutError(WMSValidationError):
	pass


class OrderNotOpenError(WMSValidationError):
	pass


@dataclass(frozen=True)
class LineNeed:
	"""What one Sales Order line still needs picked (stock UOM; negative: too much is planned)."""

	detail: str
	item_code: str
	warehouse: str
	qty: float
	delivery_date: object = None


@dataclass
class AllocationSummary:
	tasks: list[str] = field(default_factory=list)
	"""Pick tasks created."""
	shortages: list[str] = field(default_factory=list)
	"""Why lines could not be allocated in full (one message per short line)."""
	shortage_tasks: list[str] = field(default_factory=list)
	"""The Exception tasks recording those shortages."""
	reduced: float = 0.0
	short_qty: float = 0.0
	"""Total qty the shortages leave unallocated."""

	def notify(self) -> None:
		"""Tell the user about shortages (the order still submits; the Exception tasks list them)."""
		if self.shortages:
			frappe.msgprint(
				"<br>".join(self.shortages), title=_("Not everything could be allocated"), indicator="orange"
			)

	def as_dict(self) -> dict:
		return {
			"tasks": self.tasks,
			"shortages": self.shortages,
			"shortage_tasks": self.shortage_tasks,
			"reduced": self.reduced,
			"short_qty": self.short_qty,
		}


# ---------------------------------------------------------------------------- read


def pick_coverage(tasks) -> tuple[dict[tuple[str, str], float], dict[tuple[str, str], float]]:
	"""What Pick tasks cover, per (line, warehouse).

	Returns (qty held by active tasks plus what finished tasks picked that is on no Delivery
	Note yet; what finished tasks picked onto a Delivery Note, draft or submitted).
	"""
	held: dict[tuple[str, str], float] = defaultdict(float)
	on_delivery_note: dict[tuple[str, str], float] = defaultdict(float)
	for t in tasks:
		if t.task_type != "Pick":
			continue
		key = (t.reference_detail, t.warehouse)
		if t.status in task_service.ACTIVE_STATUSES:
			held[key] += flt(t.qty)
		elif t.status in (TaskStatus.DONE.value, TaskStatus.EXCEPTION.value):
			if t.delivery_note:
				on_delivery_note[key] += flt(t.picked_qty)
			else:
				held[key] += flt(t.picked_qty)
	return held, on_delivery_note


def committed_by_line(tasks) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
	"""What the order's Pick tasks already cover (``pick_coverage``), the Delivery Note part per line only."""
	free, on_delivery_note = pick_coverage(tasks)
	per_line: dict[str, float] = defaultdict(float)
	for (detail, _warehouse), qty in on_delivery_note.items():
		per_line[detail] += qty
	return free, per_line


def item_rows(item_codes) -> dict[str, frappe._dict]:
	"""Items with their stock UOM and whether that UOM counts whole units. One query."""
	codes = sorted(set(item_codes))
	if not codes:
		return {}
	rows = frappe.db.sql(
		"""select i.name, i.stock_uom, i.is_stock_item, i.has_batch_no, u.must_be_whole_number
		from `tabItem` i left join `tabUOM` u on u.name = i.stock_uom
		where i.name in %(items)s""",
		{"items": tuple(codes)},
		as_dict=True,
	)
	return {r.name: r for r in rows}


def line_delivery_date(row, sales_order):
	return row.get("delivery_date") or sales_order.get("delivery_date")


def line_needs(sales_order, tasks, items: dict) -> list[LineNeed]:
	"""Each stock line's qty (stock UOM) minus what is delivered or on a Delivery Note, minus what tasks hold.

	Delivered counts the larger of ERPNext's delivered qty and what the WMS picked onto
	Delivery Notes (a draft delivers nothing yet, a Delivery Note made by hand is not the
	WMS's). Tasks of a line that was removed, or whose warehouse was changed after
	submit, cover nothing any more: they get a negative need (taken back where not
	started) and the line's new warehouse is allocated in full.
	"""
	free, on_delivery_note = committed_by_line(tasks)
	wanted: dict[tuple[str, str], tuple[float, object]] = {}
	for row in sales_order.get("items"):
		item = items.get(row.item_code)
		if not item or not item.is_stock_item or row.get("delivered_by_supplier") or not row.warehouse:
			continue
		factor = flt(row.conversion_factor) or 1.0
		ordered = flt(row.stock_qty) or flt(row.qty) * factor
		delivered = max(flt(row.delivered_qty) * factor, on_delivery_note.get(row.name, 0.0))
		wanted[(row.name, row.warehouse)] = (ordered - delivered, row)
	item_of_task = {(t.reference_detail, t.warehouse): t.item_code for t in tasks}
	needs = []
	for key in list(wanted) + sorted(k for k in free if k not in wanted):
		target, row = wanted.get(key, (0.0, None))
		need = target - free.get(key, 0.0)
		if abs(need) > EPSILON:
			needs.append(
				LineNeed(
					key[0],
					row.item_code if row else item_of_task[key],
					key[1],
					need,
					line_delivery_date(row, sales_order) if row else None,
				)
			)
	return needs


def reprioritise(sales_order, tasks) -> int:
	"""Carry changed delivery dates onto the order's active tasks (waves gather by them). Returns tasks moved.

	One UPDATE per distinct new date, none when nothing changed.
	"""
	dates = {row.name: line_delivery_date(row, sales_order) for row in sales_order.get("items")}
	moved: dict[object, list[str]] = defaultdict(list)
	for t in tasks:
		if t.status not in task_service.ACTIVE_STATUSES or t.reference_detail not in dates:
			continue
		new = dates[t.reference_detail]
		new = getdate(new) if new else None
		if new != (getdate(t.delivery_date) if t.delivery_date else None):
			moved[new].append(t.name)
	for new, names in sorted(moved.items(), key=lambda kv: str(kv[0])):
		frappe.db.sql(
			"update `tabWarehouse Task` set delivery_date=%s, modified=%s, modified_by=%s where name in %s",
			(new, now_datetime(), frappe.session.user, tuple(names)),
		)
	return sum(len(v) for v in moved.values())


GEOMETRY_FIELDS = (
	"n_aisles",
	"bays_per_aisle",
	"n_blocks",
	"bay_width",
	"aisle_spacing",
	"cross_aisle_width",
	"depot_aisle",
)
"""The Warehouse Layout fields ``core_layout`` builds the router's layout from."""


def warehouse_layouts(warehouses) -> dict[str, frappe._dict]:
	"""Warehouse Layout rows by warehouse; refuses a warehouse without one (or without a staging bin)."""
	warehouses = sorted(set(warehouses))
	rows = {
		r.warehouse: r
		for r in frappe.get_all(
			"Warehouse Layout",
			filters={"warehouse": ["in", warehouses]},
			fields=["name", "warehouse", *GEOMETRY_FIELDS, "staging_bin", "removal_strategy"],
		)
	}
	for w in warehouses:
		if w not in rows:
			frappe.throw(
				_(
					"Warehouse {0} has no Warehouse Layout, so the WMS cannot pick from it. Create its layout "
					"(with a staging bin) or set WMS Settings > Create Pick Tasks to On Demand."
				).format(frappe.bold(w)),
				NoWarehouseLayoutError,
				title=_("No Warehouse Layout"),
			)
		if not rows[w].staging_bin:
			frappe.throw(
				_(
					"Warehouse Layout {0} has no Staging Bin; picked stock needs a bin to wait in for its Delivery Note"
				).format(frappe.bold(w)),
				NoWarehouseLayoutError,
				title=_("No Staging Bin"),
			)
	return rows


def core_layout(row) -> WarehouseLayout | None:
	"""The router's layout for a Warehouse Layout row (None when its geometry is invalid)."""
	try:
		return WarehouseLayout.from_mapping(row)
	except InvalidInput:
		return None


def load_slots(warehouses, items, *, exclude_bins=(), for_update: bool = True) -> list[frappe._dict]:
	"""Every Bin Stock row with stock of ``items`` in ``warehouses``, with its bin and batch. ONE query.

	``for_update`` locks the rows until the transaction ends, so two orders never
	allocate the same units (the second waits and then sees the first's allocation).
	"""
	if not warehouses or not items:
		return []
	rows = frappe.db.sql(
		"""select bs.name, bs.storage_bin, bs.warehouse, bs.item_code, bs.batch_no, bs.on_hand_qty,
			bs.allocated_qty, bs.first_received, sb.zone, sb.zone_type, sb.status, sb.pick_sequence,
			sb.layout_aisle, sb.layout_bay, b.expiry_date
		from `tabBin Stock` bs
		inner join `tabStorage Bin` sb on sb.name = bs.storage_bin
		left join `tabBatch` b on b.name = bs.batch_no
		where bs.warehouse in %(warehouses)s and bs.item_code in %(items)s and bs.on_hand_qty > 0
		order by bs.name {lock}""".format(lock="for update" if for_update else ""),
		{"warehouses": tuple(sorted(set(warehouses))), "items": tuple(sorted(set(items)))},
		as_dict=True,
	)
	excluded = set(exclude_bins)
	return [r for r in rows if r.storage_bin not in excluded]


def _as_date(value) -> date | None:
	if not value:
		return None
	if isinstance(value, datetime):
		return value.date()
	return getdate(value)


def depot_distance(layout: WarehouseLayout | None, row) -> float | None:
	"""Walking distance from the depot to the bin of ``row`` (its ``layout_aisle``/``layout_bay``);
	None without a layout, without a position, or for a position outside the layout."""
	if layout is None or row.layout_aisle is None or row.layout_bay is None:
		return None
	try:
		return layout.distance(
			layout.depot, PickLocation(aisle=int(row.layout_aisle), bay=int(row.layout_bay))
		)
	except InvalidInput:
		return None


def as_slot(row, *, as_of: date, layout: WarehouseLayout | None) -> StockSlot:
	distance = depot_distance(layout, row)
	return StockSlot(
		bin=row.storage_bin,
		warehouse=row.warehouse,
		zone_type=ZONE_TYPES.get(row.zone_type or "", "staging"),
		item=row.item_code,
		batch=row.batch_no or None,
		on_hand=flt(row.on_hand_qty),
		allocated=flt(row.allocated_qty),
		received_on=_as_date(row.first_received) or as_of,
		expiry=_as_date(row.expiry_date),
		distance=distance,
		status=(row.status or "Active").lower(),
		pick_sequence=int(row.pick_sequence or 0),
	)


# ---------------------------------------------------------------------------- decide + apply


def line_strategies(
	needs, layout_row, layout: WarehouseLayout | None, rules: dict, settings: OutboundSettings
) -> dict[str, RemovalStrategy]:
	"""Each line's removal strategy: its item group's rule (WMS Removal Rule, nearest group), else the
	warehouse layout's, else WMS Settings' default. Closest to Depot needs a valid layout: FIFO without."""
	layout_ok = layout is not None
	out = {}
	for n in needs:
		strategy = removal_strategy(layout_row.removal_strategy, settings, item_rule=rules.get(n.item_code))
		if strategy == RemovalStrategy.CLOSEST and not layout_ok:
			strategy = RemovalStrategy.FIFO
		out[n.detail] = strategy
	return out


def allocate_in_warehouse(
	needs, rows, *, layout_row, items: dict, settings: OutboundSettings, rules: dict, shelf_life, as_of
) -> AllocationResult:
	"""Allocate one warehouse's lines, one core call per removal strategy in use.

	A strategy follows the item (its group's rule) or the warehouse, so the calls share no
	item and no slot: allocating them separately is the same as one call. ``shelf_life`` is
	(customer, days): lines get that minimum remaining shelf life and a shortage it causes
	names the customer's requirement.
	"""
	layout = core_layout(layout_row)
	customer, min_days = shelf_life
	strategy_of = line_strategies(needs, layout_row, layout, rules, settings)
	allocations, shortages = [], []
	for strategy in dict.fromkeys(strategy_of[n.detail] for n in needs):
		group = [n for n in needs if strategy_of[n.detail] == strategy]
		codes = {n.item_code for n in group}
		slots = [as_slot(r, as_of=as_of, layout=layout) for r in rows if r.item_code in codes]
		lines = [
			OrderLine(
				n.detail,
				n.item_code,
				n.qty,
				whole_number=bool(items[n.item_code].must_be_whole_number),
				min_remaining_shelf_life_days=min_days or None,
			)
			for n in group
		]
		with core_errors_as_validation():
			result = allocate(
				lines,
				slots,
				AllocationConfig(as_of=as_of, strategy=strategy, allow_batch_mix=settings.allow_batch_mix),
			)
		allocations += result.allocations
		for s in result.shortages:
			if ShortageReason.SHELF_LIFE_TOO_SHORT in s.reasons:
				required = _("customer {0} requires at least {1} days of shelf life left").format(
					customer, min_days
				)
				s = replace(s, message=f"{s.message} ({required})")
			shortages.append(s)
	return AllocationResult(tuple(allocations), tuple(shortages))


def allocate_lines(
	needs: list[LineNeed],
	*,
	reference_doctype: str,
	reference_name: str,
	items: dict,
	settings: OutboundSettings,
	layouts: dict | None = None,
	exclude_bins=(),
	extra: dict | None = None,
) -> AllocationSummary:
	"""Allocate positive ``needs`` and insert their Pick (and shortage) tasks.

	``extra`` holds fields copied onto every new task (e.g. the wave and tour of a
	short-picked task whose remainder is re-allocated).
	"""
	summary = AllocationSummary()
	needs = [n for n in needs if n.qty > EPSILON]
	if not needs:
		return summary
	layouts = layouts or warehouse_layouts(n.warehouse for n in needs)
	rows = load_slots({n.warehouse for n in needs}, {n.item_code for n in needs}, exclude_bins=exclude_bins)
	by_detail = {n.detail: n for n in needs}
	as_of = getdate(nowdate())
	new_tasks: list[task_service.NewTask] = []
	allocated: dict[str, float] = defaultdict(float)
	row_of = {(r.storage_bin, r.item_code, r.batch_no or None): r for r in rows}
	extra = extra or {}
	rules = item_group_rules(n.item_code for n in needs)
	shelf_life = customer_shelf_life(reference_name) if reference_doctype == SALES_ORDER else (None, 0)
	reserved = reserved_elsewhere(needs, reference_doctype=reference_doctype, reference_name=reference_name)
	for warehouse in sorted({n.warehouse for n in needs}):
		layout_row = layouts[warehouse]
		wh_needs, held_back = hold_back_reserved(
			[n for n in needs if n.warehouse == warehouse], rows, reserved, items=items, as_of=as_of
		)
		result = allocate_in_warehouse(
			wh_needs,
			[r for r in rows if r.warehouse == warehouse],
			layout_row=layout_row,
			items=items,
			settings=settings,
			rules=rules,
			shelf_life=shelf_life,
			as_of=as_of,
		)
		for a in result.allocations:
			need = by_detail[a.line_id]
			slot_row = row_of[(a.bin, a.item, a.batch)]
			allocated[slot_row.name] += a.qty
			new_tasks.append(
				task_service.NewTask(
					task_type="Pick",
					warehouse=warehouse,
					item_code=a.item,
					qty=a.qty,
					batch_no=a.batch,
					uom=items[a.item].stock_uom,
					source_bin=a.bin,
					destination_bin=layout_row.staging_bin,
					zone=slot_row.zone,
					reference_doctype=reference_doctype,
					reference_name=reference_name,
					reference_detail=a.line_id,
					delivery_date=need.delivery_date,
					**extra,
				)
			)
		for s in with_reservation_shortages(result.shortages, held_back):
			need = by_detail[s.line_id]
			summary.shortages.append(s.message)
			summary.short_qty += s.short
			new_tasks.append(
				task_service.NewTask(
					task_type="Pick",
					warehouse=warehouse,
					item_code=s.item,
					qty=s.short,
					short_qty=s.short,
					status=TaskStatus.EXCEPTION.value,
					exception_reason=s.message,
					uom=items[s.item].stock_uom,
					destination_bin=layout_row.staging_bin,
					reference_doctype=reference_doctype,
					reference_name=reference_name,
					reference_detail=s.line_id,
					delivery_date=need.delivery_date,
					**{k: v for k, v in extra.items() if k in ("pick_wave", "priority")},
				)
			)
	by_name = {r.name: r for r in rows}
	task_service.update_rows(
		"Bin Stock",
		{name: {"allocated_qty": flt(by_name[name].allocated_qty) + qty} for name, qty in allocated.items()},
	)
	task_service.insert_tasks(new_tasks)
	summary.tasks = [t.name for t in new_tasks if t.source_bin]
	summary.shortage_tasks = [t.name for t in new_tasks if not t.source_bin]
	return summary


# ---------------------------------------------------------------------------- ERPNext stock reservations


@dataclass(frozen=True)
class ReservedElsewhere:
	"""Stock of one (item, warehouse) that ERPNext reserves for other Sales Orders and no WMS task holds yet."""

	qty: float
	orders: tuple[str, ...]


def reserved_elsewhere(
	needs: list[LineNeed], *, reference_doctype: str, reference_name: str
) -> dict[tuple[str, str], ReservedElsewhere]:
	"""Open Stock Reservation Entries of OTHER Sales Order lines not yet backed by WMS tasks, per (item, warehouse).

	A reserved line is backed by what its Pick tasks hold: open tasks' qty (allocated in
	bins), picked qty on no Delivery Note yet, and picked qty on a Delivery Note beyond
	what the line's reservations count as delivered (a draft). At most two queries for any
	number of lines, none but the setting when reservation is off: the open reservations
	(``erp.get_open_reservations``) and the Pick tasks of the reserved lines.
	"""
	if reference_doctype != SALES_ORDER or not needs:
		return {}
	open_by_pair = erp.get_open_reservations({(n.item_code, n.warehouse) for n in needs})
	others = [r for rs in open_by_pair.values() for r in rs if r.sales_order != reference_name]
	if not others:
		return {}
	tasks = frappe.get_all(
		"Warehouse Task",
		filters={
			"reference_doctype": SALES_ORDER,
			"reference_detail": ["in", sorted({r.so_detail for r in others})],
			"task_type": "Pick",
		},
		fields=["task_type", "reference_detail", "warehouse", "status", "qty", "picked_qty", "delivery_note"],
	)
	held, on_delivery_note = pick_coverage(tasks)
	qty: dict[tuple[str, str], float] = defaultdict(float)
	orders: dict[tuple[str, str], set[str]] = defaultdict(set)
	for r in others:
		key = (r.so_detail, r.warehouse)
		unbacked = r.qty - held[key] - max(0.0, on_delivery_note[key] - r.delivered)
		if unbacked > EPSILON:
			qty[(r.item_code, r.warehouse)] += unbacked
			orders[(r.item_code, r.warehouse)].add(r.sales_order)
	return {k: ReservedElsewhere(v, tuple(sorted(orders[k]))) for k, v in qty.items()}


def allocatable_free(rows, item: str, warehouse: str, as_of: date) -> float:
	"""Unallocated stock of ``item`` the core allocates from: active bins of pick/reserve zones, no expired batch."""
	return sum(
		max(0.0, flt(r.on_hand_qty) - flt(r.allocated_qty))
		for r in rows
		if r.item_code == item
		and r.warehouse == warehouse
		and ZONE_TYPES.get(r.zone_type or "") in ("pick", "reserve")
		and (r.status or "Active") == "Active"
		and (not r.expiry_date or _as_date(r.expiry_date) >= as_of)
	)


def hold_back_reserved(
	needs: list[LineNeed], rows, reserved: dict, *, items: dict, as_of: date
) -> tuple[list[LineNeed], dict[str, tuple[LineNeed, float, str]]]:
	"""Lower ``needs`` (one warehouse) so they leave other orders' unbacked reservations in the bins.

	Per item, the lines share (in order) what is free in allocatable bins minus
	``reserved[(item, warehouse)]``. Returns the lowered needs and, per line held back,
	(the need as asked, the qty held back, why).
	"""
	held_back: dict[str, tuple[LineNeed, float, str]] = {}
	left: dict[str, float] = {}
	out = []
	for need in needs:
		res = reserved.get((need.item_code, need.warehouse))
		if res is None:
			out.append(need)
			continue
		if need.item_code not in left:
			free = allocatable_free(rows, need.item_code, need.warehouse, as_of)
			left[need.item_code] = max(0.0, free - res.qty)
		take = min(need.qty, left[need.item_code])
		if items[need.item_code].must_be_whole_number:
			take = float(int(take + EPSILON))
		left[need.item_code] -= take
		if need.qty - take > EPSILON:
			label = _("Sales Order") if len(res.orders) == 1 else _("Sales Orders")
			why = _("{0} reserved for {1} {2} (ERPNext Stock Reservation Entries)").format(
				f"{res.qty:g}", label, ", ".join(res.orders)
			)
			held_back[need.detail] = (need, need.qty - take, why)
			need = replace(need, qty=take)
		out.append(need)
	return out, held_back


def with_reservation_shortages(shortages, held_back: dict) -> list[Shortage]:
	"""The core's shortages plus the qty ``hold_back_reserved`` kept back: still one shortage per line."""
	out, merged = [], set()
	for s in shortages:
		if s.line_id not in held_back:
			out.append(s)
			continue
		merged.add(s.line_id)
		asked, kept, why = held_back[s.line_id]
		short = s.short + kept
		phrases = s.message.split("could not be allocated: ", 1)[-1]
		message = (
			f"Order line {asked.detail!r}: {short:g} of {asked.qty:g} x {asked.item_code} could not be "
			f"allocated: {phrases}; {why}"
		)
		out.append(Shortage(s.line_id, s.item, asked.qty, short, s.causes, message))
	for detail, (asked, kept, why) in held_back.items():
		if detail not in merged:
			message = f"Order line {detail!r}: {kept:g} of {asked.qty:g} x {asked.item_code} could not be allocated: {why}"
			out.append(Shortage(detail, asked.item_code, asked.qty, kept, (), message))
	return out


def reduce_lines(needs: list[LineNeed], tasks) -> float:
	"""Take back negative ``needs`` from unstarted tasks of the line, newest first. Returns the qty taken.

	Whole tasks are cancelled together, partly reduced ones lowered in one UPDATE: a
	constant number of queries for any number of lines.
	"""
	taken_total = 0.0
	cancel, lowered, released = [], {}, []
	for need in (n for n in needs if n.qty < -EPSILON):
		excess = -need.qty
		unstarted = [
			t
			for t in tasks
			if t.reference_detail == need.detail
			and t.warehouse == need.warehouse
			and t.task_type == "Pick"
			and t.status in (TaskStatus.OPEN.value, TaskStatus.ASSIGNED.value)
			and not flt(t.picked_qty)
		]
		for t in reversed(unstarted):
			if excess <= EPSILON:
				break
			take = min(excess, flt(t.qty))
			if take >= flt(t.qty) - EPSILON:
				cancel.append(t)
			else:
				released.append((t.source_bin, t.item_code, t.batch_no, take))
				lowered[t.name] = {"qty": flt(t.qty) - take}
			excess -= take
			taken_total += take
	task_service.cancel_tasks(cancel, reason=_("Sales Order quantity reduced"))
	task_service.release_allocations(released)
	task_service.update_rows("Warehouse Task", lowered)
	return taken_total


def drop_shortage_records(tasks) -> list[str]:
	"""Delete the order's unallocated-shortage records: they are recomputed by the allocation that follows.

	A line still short gets a new record from that allocation; a line that no longer is
	(its qty was reduced, or it was removed) keeps none. Returns the names deleted.
	"""
	stale = [
		t.name
		for t in tasks
		if t.status == TaskStatus.EXCEPTION.value and not t.source_bin and not flt(t.picked_qty)
	]
	if stale:
		frappe.db.sql("delete from `tabWarehouse Task` where name in %s", (tuple(stale),))
	return stale


def is_shortage_record(t) -> bool:
	"""An unallocated-shortage record: a Pick task in Exception without a bin, nothing picked."""
	return (
		t.task_type == "Pick"
		and t.status == TaskStatus.EXCEPTION.value
		and not t.source_bin
		and not flt(t.picked_qty)
	)


def cancel_shortage_records(tasks, *, reason: str) -> list:
	"""Cancel the shortage records among ``tasks`` with ``reason`` (one UPDATE, none without any); returns them."""
	shortages = [t for t in tasks if is_shortage_record(t)]
	if shortages:
		frappe.db.sql(
			"""update `tabWarehouse Task` set status=%s, exception_reason=%s, modified=%s, modified_by=%s
			where name in %s""",
			(
				TaskStatus.CANCELLED.value,
				reason,
				now_datetime(),
				frappe.session.user,
				tuple(t.name for t in shortages),
			),
		)
	return shortages


def refresh_waves_of(tasks, changed) -> None:
	"""Refresh the progress (and status) of the waves holding ``changed`` tasks: a wave whose last
	open line was taken back by an order edit completes, a deleted shortage no longer counts."""
	waves = sorted({t.pick_wave for t in tasks if t.get("pick_wave") and t.name in changed})
	if waves:
		from wms_module.services.waves import update_wave_progress

		for wave in waves:
			update_wave_progress(wave)


def show_dates_on_waves(sales_order, tasks) -> None:
	"""Changed delivery dates onto the waves' order rows too (none queried for an order on no wave)."""
	from wms_module.services.waves import refresh_order_delivery_dates

	refresh_order_delivery_dates(sales_order, tasks)


def allocate_sales_order(*, sales_order, settings: OutboundSettings | None = None) -> AllocationSummary:
	"""Bring the order's Pick tasks in line with its lines: allocate what is missing, take back what is too much.

	Safe to call again (on demand, after Update Items or a delivery date change): only the
	difference is allocated, tasks of removed lines or of a line's old warehouse are taken
	back, and changed delivery dates and Pick Priority move onto the open tasks.
	"""
	if sales_order.get("status") in STOPPED_ORDER_STATUSES:
		frappe.throw(
			_("Sales Order {0} is {1}; resume or re-open it before it is picked").format(
				sales_order.name, sales_order.status
			),
			OrderNotOpenError,
		)
	settings = settings or get_outbound_settings()
	tasks = task_service.tasks_of(SALES_ORDER, sales_order.name)
	reprioritise(sales_order, tasks)
	priority.refresh_task_priority(sales_order, tasks)
	show_dates_on_waves(sales_order, tasks)
	items = item_rows(row.item_code for row in sales_order.get("items"))
	needs = line_needs(sales_order, tasks, items)
	changed = set(drop_shortage_records(tasks))
	if not needs:
		refresh_waves_of(tasks, changed)
		return AllocationSummary()
	reduced = reduce_lines(needs, tasks)
	if reduced:
		shrunk = {(n.detail, n.warehouse) for n in needs if n.qty < -EPSILON}
		changed |= {t.name for t in tasks if (t.reference_detail, t.warehouse) in shrunk}
	refresh_waves_of(tasks, changed)
	positive = [n for n in needs if n.qty > EPSILON]
	summary = allocate_lines(
		positive,
		reference_doctype=SALES_ORDER,
		reference_name=sales_order.name,
		items=items,
		settings=settings,
		extra={"priority": priority.order_priority(sales_order)},
	)
	summary.reduced = reduced
	return summary


def release_sales_order(*, sales_order) -> int:
	"""Cancel the order's active tasks (releasing their allocations) and send picked stock back.

	Stock already moved to the staging bin stays consistent in both ledgers (a move
	inside one warehouse); a Putaway task per picked task takes it back to the bin
	it came from. Returns the number of tasks cancelled.
	"""
	tasks = task_service.tasks_of(SALES_ORDER, sales_order.name)
	reason = _("Sales Order {0} was cancelled").format(sales_order.name)
	cancelled = task_service.cancel_tasks(tasks, reason=reason)
	# its shortage records (no bin, nothing held) are no longer missing: off the shortage list and
	# out of the waves' units (a short pick's record is on the wave)
	cancel_shortage_records(tasks, reason=reason)
	returns = [
		task_service.putaway_back(t, reference_doctype=SALES_ORDER, reference_name=sales_order.name)
		for t in tasks
		if t.task_type == "Pick" and flt(t.picked_qty) > EPSILON and t.source_bin
	]
	task_service.insert_tasks(returns)
	waves = {t.pick_wave for t in tasks if t.pick_wave}
	if waves:
		from wms_module.services.waves import update_wave_progress

		for wave in sorted(waves):
			update_wave_progress(wave)
	return cancelled


def has_pick_tasks(sales_order: str) -> bool:
	return bool(
		frappe.db.exists("Warehouse Task", {"reference_doctype": SALES_ORDER, "reference_name": sales_order})
	)


def shortages_of(sales_order: str) -> list[dict]:
	"""The order's missing units, each once, with its reason (for the desk and the API). One query.

	What is missing is the order's shortage records (Exception tasks without a bin: the qty no
	bin could cover). A short-picked task (Exception with its bin) is not listed itself: its
	short qty was re-issued at once, as a Pick task from another bin (then nothing is missing)
	or as such a record. The record's reason starts with the short picks of its line, so the
	operator's "bin A-01 held 1 of 3" is not lost; ``short_picks`` names those tasks.
	"""
	exceptions = task_service.tasks_of(SALES_ORDER, sales_order, statuses=[TaskStatus.EXCEPTION.value])
	short_picks: dict[str, list] = defaultdict(list)
	for t in exceptions:
		if t.source_bin:
			short_picks[t.reference_detail].append(t)
	out = []
	for t in exceptions:
		if t.source_bin:
			continue
		picks = short_picks.get(t.reference_detail, [])
		reasons = [p.exception_reason for p in picks if p.exception_reason] + [t.exception_reason]
		out.append(
			{
				"item_code": t.item_code,
				"qty": t.short_qty or t.qty,
				"reason": "; ".join(r for r in reasons if r) or None,
				"task": t.name,
				"so_detail": t.reference_detail,
				"short_picks": [p.name for p in picks],
			}
		)
	return out
