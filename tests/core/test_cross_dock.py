"""core.cross_dock: received units matched to waiting shortages, checked against a greedy brute force."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wms_module.core.bins import EPSILON
from wms_module.core.cross_dock import Match, Received, Waiting, left, match
from wms_module.core.errors import InvalidInput

AS_OF = date(2026, 6, 1)
ITEMS = st.sampled_from(["A", "B"])
EXPIRY = st.one_of(st.none(), st.integers(-5, 40).map(lambda d: AS_OF + timedelta(days=d)))


@st.composite
def received_st(draw):
	"""Received lines; a batch has one expiry (a batch-less line none)."""
	expiry = {b: draw(EXPIRY) for b in ("B1", "B2")} | {None: None}
	lines = draw(
		st.lists(
			st.tuples(ITEMS, st.sampled_from([None, "B1", "B2"]), st.integers(0, 12).map(float)), max_size=5
		)
	)
	return [Received(item, batch, qty, expiry=expiry[batch]) for item, batch, qty in lines]


waiting_st = st.lists(
	st.builds(
		Waiting,
		shortage=st.uuids().map(str),
		item=ITEMS,
		qty=st.floats(0, 10, allow_nan=False).map(lambda q: round(q, 2)),
		whole_number=st.booleans(),
		min_expiry=st.one_of(st.none(), st.integers(0, 30).map(lambda d: AS_OF + timedelta(days=d))),
	),
	max_size=6,
)


@given(received_st(), waiting_st)
def test_never_more_than_received_nor_than_waited_for(received, waiting):
	matches = match(received, waiting, as_of=AS_OF)
	given_out: dict = defaultdict(float)
	for m in matches:
		given_out[(m.item, m.batch)] += m.qty
		assert m.qty > 0
	landed: dict = defaultdict(float)
	for r in received:
		landed[(r.item, r.batch)] += r.qty
	for key, qty in given_out.items():
		assert qty <= landed[key] + EPSILON
	by_shortage: dict = defaultdict(float)
	for m in matches:
		by_shortage[m.shortage] += m.qty
	for w in waiting:
		assert by_shortage[w.shortage] <= w.qty + EPSILON
		if w.whole_number:
			assert all(m.qty == int(m.qty) for m in matches if m.shortage == w.shortage)


@given(received_st(), waiting_st)
def test_stock_is_conserved_and_no_batch_too_short_lived(received, waiting):
	matches = match(received, waiting, as_of=AS_OF)
	rest = left(received, matches)
	assert sum(r.qty for r in received) == pytest.approx(
		sum(m.qty for m in matches) + sum(r.qty for r in rest)
	)
	expiry = {(r.item, r.batch): r.expiry for r in received}
	by_name = {w.shortage: w for w in waiting}
	for m in matches:
		e = expiry.get((m.item, m.batch))
		if e is not None:
			assert e >= AS_OF
			w = by_name[m.shortage]
			assert w.min_expiry is None or e >= w.min_expiry


@given(received_st(), waiting_st)
def test_an_earlier_shortage_is_never_left_short_for_a_later_one(received, waiting):
	"""The first in the given order (highest priority, earliest date) is served first: a shortage
	that got less than it waited for leaves no usable stock of its item behind for later ones."""
	matches = match(received, waiting, as_of=AS_OF)
	got: dict = defaultdict(float)
	for m in matches:
		got[m.shortage] += m.qty
	for i, w in enumerate(waiting):
		if w.whole_number or got[w.shortage] >= w.qty - EPSILON:
			continue
		for later in waiting[i + 1 :]:
			if later.item == w.item and later.min_expiry == w.min_expiry:
				assert got[later.shortage] == 0


def test_expired_and_short_lived_batches_are_kept_for_putaway():
	received = [
		Received("A", "OLD", 5, expiry=AS_OF - timedelta(days=1)),
		Received("A", "SOON", 5, expiry=AS_OF + timedelta(days=3)),
	]
	fussy = Waiting("T-1", "A", 4, min_expiry=AS_OF + timedelta(days=10))
	easy = Waiting("T-2", "A", 4)
	assert match(received, [fussy, easy], as_of=AS_OF) == [Match("T-2", "A", "SOON", 4)]


def test_negative_quantities_are_refused_naming_the_input():
	with pytest.raises(InvalidInput, match="Shortage 'T-9'"):
		match([Received("A", None, 1)], [Waiting("T-9", "A", -1)])
