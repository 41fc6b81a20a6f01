"""The stock-model invariant, under random sequences of ERPNext postings, cancels and moves.

Steps: Purchase Receipts, hand-made Delivery Notes, Stock Entries (receipt, issue,
transfer), Stock Reconciliations (counts), cancels of any of them, and bin-to-bin moves
(inside a warehouse and across). After every step, for every (warehouse, item, batch): the sum over that warehouse's
storage bins equals ERPNext's own figure (Bin.actual_qty for plain items, the stock
ledger per batch for batch items), and no bin balance is negative or over-allocated.

A step that ERPNext or the app refuses (negative stock, a cancel ERPNext will not
allow, a move that does not fit) is rolled back to a savepoint, exactly as a failed
request is rolled back, and the invariant must hold after it too.
"""

from __future__ import annotations

from collections import defaultdict

import frappe
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
	RuleBasedStateMachine,
	invariant,
	precondition,
	rule,
	run_state_machine_as_test,
)

from tests.app.storage_setup import laid_out_warehouse, make_stock_reconciliation
from tests.conftest import SITE_MODE
from tests.factories import make_batch, make_delivery_note, make_item, make_purchase_receipt, make_stock_entry
from wms_module.services.moves import MoveStock, move_stock

# On a real site every step is a real ERPNext posting on MariaDB (about 0.3 s, against a few ms on
# the stand-in), so site mode runs a seventh of the examples: the same rules, fewer sequences.
EXAMPLES = 20 if SITE_MODE else 140
STEPS_PER_EXAMPLE = 20
MIN_STEPS = 250 if SITE_MODE else 2000
# each kind of step, and counts that change the books, must really happen this often
MIN_PER_RULE = MIN_STEPS // 20


def erpnext_quantities(items) -> dict[tuple, float]:
	"""ERPNext's on-hand per (warehouse, item, batch), read from ERPNext's own tables."""
	quantities = {}
	for b in frappe.get_all(
		"Bin", filters={"item_code": ["in", items]}, fields=["warehouse", "item_code", "actual_qty"]
	):
		quantities[(b.warehouse, b.item_code, None)] = b.actual_qty
	# v15 keeps batches in Serial and Batch Bundles: the signed entry quantities of live ledger
	# entries, as ERPNext's own get_available_batches sums them
	batch_rows = frappe.db.sql(
		"""select sle.warehouse, sle.item_code, entry.batch_no, sum(entry.qty)
		from `tabStock Ledger Entry` sle
		inner join `tabSerial and Batch Entry` entry on entry.parent = sle.serial_and_batch_bundle
		where sle.is_cancelled = 0 and ifnull(entry.batch_no, '') != '' and sle.item_code in %(items)s
		group by sle.warehouse, sle.item_code, entry.batch_no""",
		{"items": tuple(items)},
	)
	for warehouse, item, batch, qty in batch_rows:
		quantities.pop((warehouse, item, None), None)
		quantities[(warehouse, item, batch)] = qty
	return {k: v for k, v in quantities.items() if abs(v) > 1e-9}


def bin_quantities(items) -> dict[tuple, float]:
	sums: dict[tuple, float] = defaultdict(float)
	for r in frappe.get_all(
		"Bin Stock",
		filters={"item_code": ["in", items]},
		fields=["warehouse", "item_code", "batch_no", "on_hand_qty", "allocated_qty"],
	):
		assert r.on_hand_qty >= -1e-9, f"negative bin balance {r}"
		assert r.allocated_qty <= r.on_hand_qty + 1e-9, f"over-allocated bin balance {r}"
		sums[(r.warehouse, r.item_code, r.batch_no or None)] += r.on_hand_qty
	return {k: v for k, v in sums.items() if abs(v) > 1e-9}


class World:
	"""Master data made once for the whole run; every example rolls back to a savepoint."""

	def __init__(self):
		self.sites = [
			laid_out_warehouse(aisles=("A", "B"), bays=2, levels=1),
			laid_out_warehouse(aisles=("A", "B"), bays=2, levels=1, with_receiving_bin=False),
		]
		self.plain = [make_item(), make_item()]
		self.batched = make_item(has_batch_no=1)
		self.batches = [make_batch(self.batched), make_batch(self.batched)]
		self.items = [*self.plain, self.batched]
		self.bins = {
			s.warehouse: frappe.get_all("Storage Bin", filters={"warehouse": s.warehouse}, pluck="name")
			for s in self.sites
		}
		self.checks = 0
		self.examples = 0
		self.refused = 0
		self.reasons = defaultdict(int)
		self.steps = defaultdict(int)
		self.reconciled = 0
		"""Rule executions, by rule: the step count the run really made."""


def stock_line(world: World, data) -> tuple[str, str | None]:
	item = data.draw(st.sampled_from(world.items), label="item")
	batch = data.draw(st.sampled_from(world.batches), label="batch") if item == world.batched else None
	return item, batch


def on_hand(
	item: str, batch: str | None, warehouse: str | None = None, storage_bin: str | None = None
) -> float:
	"""What the bins hold: used to draw mostly feasible steps (a few infeasible ones stay on purpose)."""
	filters = {"item_code": item}
	if batch:
		filters["batch_no"] = batch
	if warehouse:
		filters["warehouse"] = warehouse
	if storage_bin:
		filters["storage_bin"] = storage_bin
	return sum(frappe.get_all("Bin Stock", filters=filters, pluck="on_hand_qty"))


def feasible(qty: int, held: float, data) -> int:
	"""Mostly at most what is held; one draw in eight keeps the asked qty to exercise refusals."""
	if data.draw(st.integers(0, 7), label="overdraw") == 0:
		return qty
	return min(qty, int(held))


def machine_for(world: World):
	class BinStockMachine(RuleBasedStateMachine):
		def __init__(self):
			super().__init__()
			frappe.db.savepoint("stateful_example")
			world.examples += 1
			self.vouchers: list[tuple[str, str]] = []

		def teardown(self):
			frappe.db.rollback(save_point="stateful_example")

		def attempt(self, action):
			"""Run one step like a request: all of it, or (refused) none of it."""
			frappe.db.savepoint("stateful_step")
			try:
				return action()
			except (frappe.ValidationError, frappe.DoesNotExistError) as e:
				world.reasons[
					f"{action.__name__ if hasattr(action, '__name__') else action}:{type(e).__name__}:{str(e)[:60]}"
				] += 1
				frappe.db.rollback(save_point="stateful_step")
				frappe.local.message_log = []
				world.refused += 1
				return None

		@rule(data=st.data(), site=st.integers(0, 1), qty=st.integers(1, 20))
		def receive(self, data, site, qty):
			world.steps["receive"] += 1
			item, batch = stock_line(world, data)
			row = {"item_code": item, "qty": qty, "warehouse": world.sites[site].warehouse}
			if batch:
				row["batch_no"] = batch
			doc = self.attempt(lambda: make_purchase_receipt(items=[row]))
			if doc:
				self.vouchers.append((doc.doctype, doc.name))

		@rule(data=st.data(), site=st.integers(0, 1), qty=st.integers(1, 15))
		def deliver_by_hand(self, data, site, qty):
			world.steps["deliver_by_hand"] += 1
			item, batch = stock_line(world, data)
			qty = feasible(qty, on_hand(item, batch, world.sites[site].warehouse), data)
			if qty <= 0:
				return
			row = {"item_code": item, "qty": qty, "warehouse": world.sites[site].warehouse, "rate": 5}
			if batch:
				row["batch_no"] = batch
			doc = self.attempt(lambda: make_delivery_note(items=[row]))
			if doc:
				self.vouchers.append((doc.doctype, doc.name))

		@rule(
			data=st.data(),
			purpose=st.sampled_from(["Material Receipt", "Material Issue", "Material Transfer"]),
			qty=st.integers(1, 10),
			src=st.integers(0, 1),
		)
		def stock_entry(self, data, purpose, qty, src):
			world.steps["stock_entry"] += 1
			item, batch = stock_line(world, data)
			a, b = world.sites[src].warehouse, world.sites[1 - src].warehouse
			wh = {"Material Receipt": (None, a), "Material Issue": (a, None), "Material Transfer": (a, b)}[
				purpose
			]
			if wh[0]:
				qty = feasible(qty, on_hand(item, batch, wh[0]), data)
				if qty <= 0:
					return
			doc = self.attempt(
				lambda: make_stock_entry(
					purpose, item, qty, from_warehouse=wh[0], to_warehouse=wh[1], batch_no=batch
				)
			)
			if doc:
				self.vouchers.append((doc.doctype, doc.name))

		@rule(data=st.data(), site=st.integers(0, 1), qty=st.integers(0, 20))
		def reconcile(self, data, site, qty):
			"""A stock count in ERPNext: sets the absolute qty (a count equal to the books is refused)."""
			item, batch = stock_line(world, data)
			world.steps["reconcile"] += 1
			doc = self.attempt(
				lambda: make_stock_reconciliation(item, world.sites[site].warehouse, qty, batch)
			)
			if doc:
				world.reconciled += 1
				self.vouchers.append((doc.doctype, doc.name))

		@precondition(lambda self: self.vouchers)
		@rule(data=st.data())
		def cancel(self, data):
			world.steps["cancel"] += 1
			doctype, name = data.draw(st.sampled_from(self.vouchers), label="voucher")
			doc = frappe.get_doc(doctype, name)
			if doc.docstatus == 1:
				self.attempt(doc.cancel)

		@rule(data=st.data(), site=st.integers(0, 1), to_site=st.integers(0, 1), qty=st.integers(1, 8))
		def move(self, data, site, to_site, qty):
			world.steps["move"] += 1
			item, batch = stock_line(world, data)
			holding = [
				b for b in world.bins[world.sites[site].warehouse] if on_hand(item, batch, storage_bin=b) > 0
			] or world.bins[world.sites[site].warehouse]
			source = data.draw(st.sampled_from(holding), label="from_bin")
			qty = feasible(qty, on_hand(item, batch, storage_bin=source), data) or qty
			target = data.draw(st.sampled_from(world.bins[world.sites[to_site].warehouse]), label="to_bin")
			if source != target:
				self.attempt(
					lambda: move_stock(
						MoveStock(item_code=item, qty=qty, from_bin=source, to_bin=target, batch_no=batch)
					)
				)

		@invariant()
		def bins_add_up_to_erpnext(self):
			world.checks += 1  # after every step, and once at the start of each example
			assert bin_quantities(world.items) == pytest.approx(erpnext_quantities(world.items))

	return BinStockMachine


def test_bins_always_add_up_to_erpnext():
	world = World()
	run_state_machine_as_test(
		machine_for(world),
		settings=settings(
			max_examples=EXAMPLES,
			stateful_step_count=STEPS_PER_EXAMPLE,
			deadline=None,
			suppress_health_check=list(HealthCheck),
			derandomize=True,
		),
	)
	for k, v in sorted(world.reasons.items(), key=lambda kv: -kv[1])[:15]:
		print(v, k)
	steps = world.checks - world.examples  # the invariant runs once per example, then after every step
	print(
		f"\nstateful bin invariant: {world.examples} examples, {steps} steps "
		f"({', '.join(f'{k} {v}' for k, v in sorted(world.steps.items()))}), "
		f"{world.refused} refused and rolled back"
	)
	# a rule Hypothesis cuts short (its data budget runs out mid-step) is entered but never completed
	assert steps <= sum(world.steps.values()) <= steps + world.examples
	assert steps >= MIN_STEPS
	assert world.reconciled > MIN_PER_RULE, "counts that change the books were posted, not only refused"
	assert all(
		world.steps[r] > MIN_PER_RULE
		for r in ("receive", "deliver_by_hand", "stock_entry", "reconcile", "cancel", "move")
	)
	assert world.refused < steps / 2  # the run mostly did real work, not refusals
