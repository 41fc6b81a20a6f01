"""Follow ERPNext's stock postings into the bins, so bins always add up to ERPNext.

Every stock voucher's submit (hooks.py doc_events) lands here after ERPNext has
written its Stock Ledger Entries (Frappe runs controller methods before
doc_events). Receipts go to the warehouse's receiving bin or its unlocated bin;
issues come from the bins a WMS service named in ``doc.flags.wms_bin_plan``, or
else from the unlocated bin and then the free stock in the order of the warehouse's
removal strategy (Warehouse Layout, else WMS Settings: FIFO, FEFO, LIFO, Closest to
Depot, Fewest Bins). A cancel reverses
the voucher's own bin rows; stock that has since moved on is taken from where it
is now. Stock Reconciliation sets absolute quantities, so it is trued up against
ERPNext's own figure instead, and so is a cancel whose undo would not land on
ERPNext's figure (a later count kept its balance).

Only managed warehouses (services.managed): a voucher that names none costs one query and
leaves the bins alone; a voucher's postings in other warehouses are skipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace

import frappe
from frappe.utils import flt

from wms_module import erp
from wms_module.core.bin_ledger import Balance, apply_rows, key_of
from wms_module.core.bins import EPSILON, LedgerRow
from wms_module.core.removal import Place, RemovalStrategy, issue_order
from wms_module.exceptions import WMSValidationError
from wms_module.services import bin_ledger, putaway_cancel, quarantine
from wms_module.services.geometry import GEOMETRY_FIELDS, core_layout, depot_distance
from wms_module.services.managed import touches_managed_warehouse
from wms_module.services.outbound_settings import OutboundSettings, get_outbound_settings, removal_strategy
from wms_module.services.quarantine import QC_DISPOSAL_FLAG
from wms_module.services.storage import unlocated_bins
from wms_module.services.true_up import true_up_rows, untracked_issue

WMS_PLAN_FLAG = "wms_bin_plan"
"""doc.flags key: a list of LedgerRow a WMS service decided for this voucher (moves, picks)."""


def receiving_bins(warehouses) -> dict[str, str]:
	rows = frappe.get_all(
		"Warehouse Layout",
		filters={"warehouse": ["in", sorted(set(warehouses))], "receiving_bin": ["is", "set"]},
		fields=["warehouse", "receiving_bin"],
	)
	return {r.warehouse: r.receiving_bin for r in rows}


def on_voucher_submit(doc) -> None:
	managed = touches_managed_warehouse(doc)
	if not managed:
		return
	if doc.doctype == "Stock Reconciliation":
		# its ledger entries carry no usable actual_qty: bring what it counted into the bins
		true_up(doc, [k for k in erp.get_reconciled_keys(doc.name) if k[0] in managed])
		return
	postings = [p for p in erp.get_stock_postings(doc.doctype, doc.name) if p.warehouse in managed]
	if not postings:
		return
	plan = doc.flags.get(WMS_PLAN_FLAG) or []
	rows, details = rows_for_postings(doc, postings, plan)
	bin_ledger.post_rows(
		rows,
		movement_type=movement_type_of(rows),
		voucher_type=doc.doctype,
		voucher_no=doc.name,
		detail_nos=details,
	)


def movement_type_of(rows: list[LedgerRow]) -> str:
	signs = {r.qty > 0 for r in rows}
	return "Move" if signs == {True, False} else ("Receipt" if signs == {True} else "Issue")


def rows_for_postings(doc, postings, plan: list[LedgerRow]) -> tuple[list[LedgerRow], list[str | None]]:
	"""Bin rows for a voucher's postings: planned where a WMS service planned them, else by rule."""
	planned: dict[tuple, list[LedgerRow]] = defaultdict(list)
	for r in plan:
		planned[(r.warehouse, r.item, r.batch or None, r.qty > 0)].append(r)
	warehouses = {p.warehouse for p in postings}
	unlocated = unlocated_bins(warehouses)
	inbound_bins = inbound_bins_of(doc, warehouses)
	named = named_issue_bins(doc)
	named_postings = []

	rows: list[LedgerRow] = []
	details: list[str | None] = []
	outbound: dict[tuple, float] = defaultdict(float)
	outbound_detail: dict[tuple, str | None] = {}
	for p in postings:
		group = (p.warehouse, p.item_code, p.batch_no, p.qty > 0)
		if planned.get(group):
			continue  # the WMS plan covers this key; checked against the postings below
		if p.qty < 0 and p.voucher_detail_no in named:
			named_postings.append(p)
		elif p.qty > 0:
			target = inbound_bins.get(p.warehouse) or unlocated[p.warehouse]
			rows.append(LedgerRow(target, p.warehouse, p.item_code, p.batch_no, p.qty))
			details.append(p.voucher_detail_no)
		else:
			outbound[group] += -p.qty
			outbound_detail.setdefault(group, p.voucher_detail_no)

	for plan_rows in checked_plan(doc, postings, planned):
		rows.extend(plan_rows)
		details.extend([None] * len(plan_rows))
	for row, detail in issues_from_named_bins(doc, named_postings, named):
		rows.append(row)
		details.append(detail)

	if outbound:
		items = sorted({g[1] for g in outbound})
		by_warehouse = defaultdict(list)
		for g in outbound:
			by_warehouse[g[0]].append(g)
		orders = removal_orders(by_warehouse)
		for warehouse, groups in by_warehouse.items():
			balances = orders[warehouse](bin_ledger.warehouse_balances(warehouse, items))
			held = quarantine.quarantine_bins({b.bin for b in balances})
			for group in groups:
				issue = quarantine.issue_sparing_quarantine(
					group, outbound[group], balances, held, unlocated[warehouse]
				)
				rows.extend(issue)
				details.extend([outbound_detail[group]] * len(issue))
	return rows, details


def checked_plan(doc, postings, planned: dict[tuple, list[LedgerRow]]):
	"""The planned rows of each (warehouse, item, batch, inward) group, refused unless they move
	what the voucher posted for that group."""
	for group, plan_rows in planned.items():
		posted = sum(p.qty for p in postings if (p.warehouse, p.item_code, p.batch_no, p.qty > 0) == group)
		if abs(sum(r.qty for r in plan_rows) - posted) > EPSILON:
			frappe.throw(
				frappe._("The bin plan for {0} in {1} moves {2} but {3} posted {4}").format(
					group[1], group[0], sum(r.qty for r in plan_rows), doc.name, posted
				)
			)
		yield plan_rows


RETURN_DOCTYPES = ("Delivery Note", "Sales Invoice")
"""Selling vouchers whose return (``is_return``) brings stock back in: it lands in the returns bin."""
ISSUE_BIN_FIELD = "wms_storage_bin"
"""Purchase Receipt Item custom field: the bin a Purchase Return takes the row's stock from."""


def inbound_bins_of(doc, warehouses) -> dict[str, str]:
	"""Where a voucher's inward postings land, per warehouse (the unlocated bin where none is set):
	a receipt's in the receiving bin; a Sales Return's in the returns bin, else the receiving bin."""
	if doc.doctype in ("Purchase Receipt", "Purchase Invoice"):
		return receiving_bins(warehouses)
	if doc.doctype in RETURN_DOCTYPES and doc.get("is_return"):
		return returns_bins(warehouses)
	return {}


def returns_bins(warehouses) -> dict[str, str]:
	"""Each warehouse's returns bin, else its receiving bin (warehouses with neither left out). One query."""
	rows = frappe.get_all(
		"Warehouse Layout",
		filters={"warehouse": ["in", sorted(set(warehouses))]},
		fields=["warehouse", "returns_bin", "receiving_bin"],
	)
	return {r.warehouse: r.returns_bin or r.receiving_bin for r in rows if r.returns_bin or r.receiving_bin}


def named_issue_bins(doc) -> dict[str, str]:
	"""A Purchase Return's rows that name the bin their stock leaves from: {row name: bin}."""
	if doc.doctype != "Purchase Receipt" or not doc.get("is_return"):
		return {}
	return {row.name: row.get(ISSUE_BIN_FIELD) for row in doc.get("items") or [] if row.get(ISSUE_BIN_FIELD)}


def issues_from_named_bins(doc, postings, named: dict[str, str]) -> list[tuple[LedgerRow, str]]:
	"""The rows taking each posting from the bin its voucher row names, refused (naming the bin,
	item and quantities) where that bin does not hold enough that no open task holds. One query."""
	if not postings:
		return []
	wanted: dict[tuple, float] = defaultdict(float)
	for p in postings:
		wanted[(named[p.voucher_detail_no], p.warehouse, p.item_code, p.batch_no)] += -p.qty
	if not doc.flags.get(QC_DISPOSAL_FLAG):  # a QC check's own return has gone through its door
		quarantine.refuse_leaving([(k[0], k[2], k[3]) for k in wanted], what=doc.name)
	balances = bin_ledger.load_balances([k[0] for k in wanted], [k[2] for k in wanted], for_update=True)
	for (bin_name, warehouse, item, batch), qty in wanted.items():
		row = balances.get(key_of(bin_name, item, batch))
		if (
			not row
			or row.warehouse != warehouse
			or flt(row.on_hand_qty) - flt(row.allocated_qty) < qty - EPSILON
		):
			frappe.throw(
				frappe._(
					"{0}: bin {1} holds {2} of {3}{4} in {5} ({6} of it held by open tasks); the return takes {7}"
				).format(
					doc.name,
					bin_name,
					row.on_hand_qty if row and row.warehouse == warehouse else 0,
					item,
					f" (batch {batch})" if batch else "",
					warehouse,
					row.allocated_qty if row and row.warehouse == warehouse else 0,
					qty,
				),
				WMSValidationError,
				title=frappe._("Not enough stock in the named bin"),
			)
	return [
		(
			LedgerRow(named[p.voucher_detail_no], p.warehouse, p.item_code, p.batch_no, p.qty),
			p.voucher_detail_no,
		)
		for p in postings
	]


def on_voucher_cancel(doc) -> None:
	"""Undo the voucher's bin rows, and the moves of its Putaway tasks (services.putaway_cancel: a
	receipt's stock leaves the bins its putaway put it in, not whatever the dock holds then); stock
	that has moved on since is taken from where it is now.

	Where the undo would not land on ERPNext's figure after the cancel, the bins are trued up to
	that figure instead: ERPNext reposts the ledger after a cancel, and a Stock Reconciliation
	posted after the voucher keeps the balance it counted (cancel a receipt of 10 after a count set
	the stock to 15, and ERPNext still holds 15). A voucher submitted before its warehouse was
	managed has no bin rows: its items there are trued up to ERPNext's figure after the cancel."""
	managed = touches_managed_warehouse(doc)
	if not managed:
		return
	posted = [r for r in bin_ledger.voucher_rows(doc.doctype, doc.name) if r.warehouse in managed]
	# its putaway tasks: the open ones end, the moves of the done ones are undone with it (from the
	# bins they put the stock in, not from whatever the dock holds then)
	posted += [r for r in putaway_cancel.on_voucher_cancel(doc) if r.warehouse in managed]
	if not posted:
		true_up_items(doc, managed)
		return
	net: dict[tuple, float] = defaultdict(float)
	for r in posted:
		net[(r.storage_bin, r.warehouse, r.item_code, r.batch_no or None)] += r.qty
	reverse = [LedgerRow(b, w, i, batch, -q) for (b, w, i, batch), q in net.items() if abs(q) > EPSILON]
	keys = sorted({(r.warehouse, r.item, r.batch or None) for r in reverse}, key=str)
	held = bins_hold(keys)
	erp_qty = erp.get_actual_qty_by_batch({k[0] for k in keys}, {k[1] for k in keys})
	undone = defaultdict(float)
	for r in reverse:
		undone[(r.warehouse, r.item, r.batch or None)] += r.qty
	off = [k for k in keys if abs(held.get(k, 0) + undone[k] - erp_qty.get(k, 0)) > EPSILON]
	reverse = [r for r in reverse if (r.warehouse, r.item, r.batch or None) not in off]
	rows = reversal_rows(reverse) + true_up_rows(off, erp_qty)
	bin_ledger.post_rows(rows, movement_type="Reversal", voucher_type=doc.doctype, voucher_no=doc.name)


def bins_hold(keys: Sequence[tuple[str, str, str | None]]) -> dict[tuple[str, str, str | None], float]:
	"""What the bins hold per (warehouse, item, batch): one query per warehouse."""
	by_warehouse: dict[str, set[str]] = defaultdict(set)
	for warehouse, item, _batch in keys:
		by_warehouse[warehouse].add(item)
	held: dict[tuple[str, str, str | None], float] = defaultdict(float)
	for warehouse, items in by_warehouse.items():
		for b in bin_ledger.warehouse_balances(warehouse, sorted(items)):
			held[(warehouse, b.item, b.batch or None)] += b.on_hand
	return held


def reversal_rows(reverse: list[LedgerRow]) -> list[LedgerRow]:
	"""The voucher's own rows negated; what left its bins since comes from where it is now."""
	if not reverse:
		return []
	current = bin_ledger.load_balances([r.bin for r in reverse], [r.item for r in reverse])
	rows: list[LedgerRow] = [r for r in reverse if r.qty > 0]
	short: dict[tuple, float] = defaultdict(float)
	for r in (r for r in reverse if r.qty < 0):
		held = (
			current[key_of(r.bin, r.item, r.batch)].on_hand_qty
			if key_of(r.bin, r.item, r.batch) in current
			else 0
		)
		take = min(held, -r.qty)
		if take > EPSILON:
			rows.append(LedgerRow(r.bin, r.warehouse, r.item, r.batch, -take))
		if -r.qty - take > EPSILON:
			short[(r.warehouse, r.item, r.batch)] += -r.qty - take
	if short:
		unlocated = unlocated_bins({w for w, _, _ in short})
		for (warehouse, item, batch), qty in short.items():
			balances = bin_ledger.warehouse_balances(warehouse, [item])
			already = apply_rows({b.key: b for b in balances}, [r for r in rows if r.warehouse == warehouse])
			balances = [already.get(b.key, b) for b in balances]
			rows.extend(untracked_issue((warehouse, item, batch), qty, balances, unlocated[warehouse]))
	return rows


def true_up_items(doc, managed: set[str]) -> None:
	"""Bring the bins of the voucher's items in ``managed`` warehouses to ERPNext's figure (a
	cancel of a voucher the bins never saw: it came before the warehouse was managed)."""
	items = {row.get("item_code") for row in doc.get("items") or [] if row.get("item_code")}
	if not items:
		return
	erp_qty = erp.get_actual_qty_by_batch(managed, items)
	held = bins_hold([(w, i, None) for w in managed for i in items])
	keys = sorted(
		(k for k in set(erp_qty) | set(held) if abs(erp_qty.get(k, 0) - held.get(k, 0)) > EPSILON), key=str
	)
	rows = true_up_rows(keys, erp_qty)
	bin_ledger.post_rows(rows, movement_type="Correction", voucher_type=doc.doctype, voucher_no=doc.name)


def true_up(doc, keys: list[tuple[str, str, str | None]]) -> None:
	"""Bring each reconciled (warehouse, item, batch) in the bins to ERPNext's figure via the unlocated bin."""
	if not keys:
		return
	erp_qty = erp.get_actual_qty_by_batch({k[0] for k in keys}, {k[1] for k in keys})
	rows = true_up_rows(keys, erp_qty)
	bin_ledger.post_rows(rows, movement_type="Correction", voucher_type=doc.doctype, voucher_no=doc.name)


# ---------------------------------------------------------------------------- removal order

LAYOUT_FIELDS = ["warehouse", *GEOMETRY_FIELDS, "removal_strategy"]


def removal_orders(warehouses) -> dict[str, Callable[[Sequence[Balance]], list[Balance]]]:
	"""warehouse -> a function putting its balances in the order its removal strategy empties them.

	plan_untracked_issue takes the unlocated bin first, then balances by ``first_received``
	(unallocated before allocated); the returned balances carry their rank in the strategy's
	order as ``first_received``, so that order is the one used. Queries: one for the layouts,
	one for WMS Settings (only if a layout names no strategy), and one for bin positions per
	Closest to Depot warehouse when its orderer runs.
	"""
	warehouses = sorted(set(warehouses))
	layouts = {
		r.warehouse: r
		for r in frappe.get_all(
			"Warehouse Layout", filters={"warehouse": ["in", warehouses]}, fields=LAYOUT_FIELDS
		)
	}
	labels = {w: (layouts.get(w) or frappe._dict()).removal_strategy for w in warehouses}
	settings = get_outbound_settings() if not all(labels.values()) else OutboundSettings()
	strategies = {w: removal_strategy(labels[w], settings) for w in warehouses}
	return {w: _orderer(strategies[w], layouts.get(w)) for w in warehouses}


def _orderer(strategy: RemovalStrategy, layout_row) -> Callable[[Sequence[Balance]], list[Balance]]:
	"""Balances in ``strategy``'s order (``core.removal.issue_order``), ranked.

	An untracked issue has no walking order, so ties go to the oldest stock: the age rank stands in
	for the pick sequence. Closest to Depot needs the layout's bin positions (one query); without a
	valid layout it is FIFO."""
	layout = core_layout(layout_row) if layout_row else None
	if strategy == RemovalStrategy.CLOSEST and layout is None:
		strategy = RemovalStrategy.FIFO

	def order(balances: Sequence[Balance]) -> list[Balance]:
		by_age = sorted(balances, key=lambda b: (b.first_received or "", b.bin))
		distance = _distances(layout, by_age) if strategy == RemovalStrategy.CLOSEST else {}
		places = [
			(Place(b.bin, b.batch, b.first_received or "", b.on_hand, None, distance.get(b.bin), rank), b)
			for rank, b in enumerate(by_age)
		]
		ordered = issue_order(strategy, [p for p, _ in places])
		balance_of = {id(p): b for p, b in places}
		return [replace(balance_of[id(p)], first_received=f"{rank:09d}") for rank, p in enumerate(ordered)]

	return order


def _distances(layout, balances: Sequence[Balance]) -> dict[str, float]:
	"""Walking distance from the depot to each balance's bin (bins without a position: none). One query."""
	if not balances:
		return {}
	positions = frappe.get_all(
		"Storage Bin",
		filters={"name": ["in", sorted({b.bin for b in balances})]},
		fields=["name", "layout_aisle", "layout_bay"],
	)
	out = {}
	for p in positions:
		d = depot_distance(layout, p)
		if d is not None:
			out[p.name] = d
	return out
