"""Bin balances: stock is conserved, never negative, and cancels undo exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wms_module.core.bin_ledger import Balance, apply_rows, key_of, plan_untracked_issue, reversal
from wms_module.core.bins import LedgerRow
from wms_module.core.errors import InsufficientStock, InvalidInput

W = "Stores - W"
BINS = ["UNLOC", "A-01", "A-02", "B-01"]

balances_st = st.lists(
	st.builds(
		lambda b, item, batch, on_hand, alloc_share, age: Balance(
			b,
			W,
			item,
			batch,
			on_hand=on_hand,
			allocated=0 if b == "UNLOC" else round(on_hand * alloc_share),
			first_received=f"2026-01-{age:02d}",
		),
		st.sampled_from(BINS),
		st.sampled_from(["SKU1", "SKU2"]),
		st.sampled_from([None, "B1"]),
		st.integers(0, 50),
		st.sampled_from([0, 0.5, 1]),
		st.integers(1, 28),
	),
	max_size=12,
	unique_by=lambda b: b.key,
)


def test_rows_add_up_and_new_stock_gets_its_age():
	start = {
		key_of("A-01", "SKU1", None): Balance("A-01", W, "SKU1", None, on_hand=2, first_received="2026-01-01")
	}
	after = apply_rows(
		start,
		[LedgerRow("A-01", W, "SKU1", None, 3), LedgerRow("A-02", W, "SKU1", "", 4)],
		posted_at="2026-02-02",
	)
	assert after[key_of("A-01", "SKU1", None)].on_hand == 5
	assert after[key_of("A-01", "SKU1", None)].first_received == "2026-01-01"  # not empty before: age kept
	assert after[key_of("A-02", "SKU1", None)].first_received == "2026-02-02"  # "" batch is no batch


def test_taking_more_than_a_bin_holds_names_bin_item_and_batch():
	start = {key_of("A-01", "SKU1", "B1"): Balance("A-01", W, "SKU1", "B1", on_hand=2)}
	with pytest.raises(InsufficientStock, match=r"'A-01' holds 2 of SKU1 batch B1; cannot take 3"):
		apply_rows(start, [LedgerRow("A-01", W, "SKU1", "B1", -3)])


def test_a_bin_of_another_warehouse_is_refused():
	start = {key_of("A-01", "SKU1", None): Balance("A-01", W, "SKU1", None, on_hand=2)}
	with pytest.raises(InvalidInput, match="belongs to Stores - W"):
		apply_rows(start, [LedgerRow("A-01", "Other - W", "SKU1", None, 1)])


@given(balances_st, st.sampled_from(["SKU1", "SKU2"]), st.sampled_from([None, "B1"]), st.integers(1, 120))
def test_untracked_issue_conserves_stock_and_prefers_unlocated_then_free_stock(balances, item, batch, qty):
	by_key = {b.key: b for b in balances}
	held = sum(b.on_hand for b in balances if (b.item, b.batch) == (item, batch))
	if qty > held:
		with pytest.raises(InsufficientStock):
			plan_untracked_issue(
				warehouse=W, item=item, batch=batch, qty=qty, balances=balances, unlocated_bin="UNLOC"
			)
		return
	rows = plan_untracked_issue(
		warehouse=W, item=item, batch=batch, qty=qty, balances=balances, unlocated_bin="UNLOC"
	)
	assert sum(r.qty for r in rows) == pytest.approx(-qty)
	after = apply_rows(by_key, rows)  # never negative, or it would raise
	assert all(b.allocated <= b.on_hand + 1e-9 for b in after.values())
	unloc = by_key.get(key_of("UNLOC", item, batch))
	if unloc and unloc.on_hand > 0 and qty >= unloc.on_hand:
		assert after[unloc.key].on_hand == 0  # the unknown-place stock goes first
	free = sum(b.available for b in balances if (b.item, b.batch) == (item, batch))
	if qty <= free:  # allocated stock untouched while free stock suffices
		for k, b in after.items():
			assert b.on_hand >= by_key[k].allocated - 1e-9


@given(balances_st, st.lists(st.tuples(st.sampled_from(BINS), st.integers(-10, 10)), max_size=8))
def test_reversal_restores_every_balance(balances, moves):
	start = {b.key: b for b in balances}
	rows = [LedgerRow(b, W, "SKU1", None, q) for b, q in moves if q]
	try:
		after = apply_rows(start, rows)
	except InsufficientStock:
		return
	undone = apply_rows({**start, **after}, reversal(rows))
	for k, b in undone.items():
		assert b.on_hand == pytest.approx(start[k].on_hand if k in start else 0)
