"""core.accuracy: a count variance points back to the last picks of that item from that bin since the
previous count, as few as explain it; per-operator accuracy = 1 - blamed / made."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wms_module.core.accuracy import Count, Pick, blame, operator_accuracy

T0 = datetime(2026, 12, 1, 8, 0)


def at(minutes: int) -> datetime:
	return T0 + timedelta(minutes=minutes)


def pick(task, operator, qty, minute, bin="A-01", item="I", batch=None) -> Pick:
	return Pick(task, operator, bin, item, batch, qty, at(minute))


def count(task, variance, minute, bin="A-01", item="I", batch=None) -> Count:
	return Count(task, bin, item, batch, variance, at(minute))


# (picks, variance, blamed tasks most recent first, unexplained)
RULE_TABLE = [
	pytest.param([("P1", "ann", 3, 10)], -2, ["P1"], 0, id="one pick covers a shortage"),
	pytest.param([("P1", "ann", 3, 10)], +2, ["P1"], 0, id="one pick covers a surplus"),
	pytest.param(
		[("P1", "ann", 3, 10), ("P2", "bob", 5, 20)], -2, ["P2"], 0, id="the most recent pick, not every pick"
	),
	pytest.param(
		[("P1", "ann", 3, 10), ("P2", "bob", 1, 20)],
		-2,
		["P2", "P1"],
		0,
		id="a pick too small to hide the variance brings in the one before",
	),
	pytest.param(
		[("P1", "ann", 1, 10), ("P2", "bob", 1, 20)], -5, ["P2", "P1"], 3, id="what the picks cannot explain"
	),
	pytest.param([], -4, [], 4, id="no pick at all: nobody blamed"),
	pytest.param([("P1", "ann", 2, 70)], -1, [], 1, id="a pick after the count is not blamed"),
	pytest.param(
		[("P1", "ann", 2, 10), ("P2", "bob", 2, 20)], -2, ["P2"], 0, id="exactly covered: stop there"
	),
]


@pytest.mark.parametrize(("picks", "variance", "blamed", "unexplained"), RULE_TABLE)
def test_the_rule(picks, variance, blamed, unexplained):
	(b,) = blame([count("C1", variance, 60)], [pick(*p) for p in picks])
	assert [p.task for p in b.picks] == blamed
	assert b.unexplained == unexplained


def test_only_picks_since_the_previous_count_of_that_bin_item_and_batch():
	picks = [
		pick("P1", "ann", 5, 10),  # before the clean count at 30: that count found it right
		pick("P2", "bob", 1, 40),
		pick("P3", "cat", 4, 45, batch="B2"),  # another batch
		pick("P4", "dan", 4, 50, bin="A-02"),  # another bin
		pick("P5", "eve", 4, 55, item="J"),  # another item
	]
	counts = [count("C0", 0, 30), count("C1", -3, 60)]
	(b,) = blame(counts, picks)
	assert (b.count.task, [p.task for p in b.picks], b.unexplained) == ("C1", ["P2"], 2)


def test_the_pick_that_reported_the_bin_short_found_the_variance_and_is_not_blamed():
	picks = [
		pick("P1", "ann", 3, 10),
		pick("P2", "bob", 2, 20),
		Pick("P3", "cat", "A-01", "I", None, 4, at(30), reported_short=True),
	]
	(b,) = blame([count("C1", -1, 60)], picks)
	assert [p.task for p in b.picks] == ["P2"]


def test_a_count_without_variance_blames_nobody_and_each_variance_once():
	counts = [count("C1", 0, 20), count("C2", -1, 40), count("C3", 1, 40, bin="A-02")]
	picks = [pick("P1", "ann", 1, 10), pick("P2", "bob", 1, 30), pick("P3", "cat", 2, 35, bin="A-02")]
	assert [(b.count.task, [p.task for p in b.picks]) for b in blame(counts, picks)] == [
		("C2", ["P2"]),
		("C3", ["P3"]),
	]


def test_accuracy_counts_each_blamed_task_once_and_only_in_the_period():
	picks = [
		pick("P1", "ann", 1, 10),
		pick("P1", "ann", 1, 11),  # the same task confirmed in two parts
		pick("P2", "bob", 1, 20, bin="A-02"),
	]
	blames = blame([count("C1", -2, 60), count("C2", -1, 60, bin="A-02")], picks)
	assert [p.task for p in blames[0].picks] == ["P1", "P1"]
	scores = {a.operator: a for a in operator_accuracy({"ann": 4, "bob": 2, "cat": 3}, blames)}
	assert (scores["ann"].picks, scores["ann"].blamed, scores["ann"].accuracy) == (4, 1, 0.75)
	assert (scores["bob"].blamed, scores["bob"].accuracy) == (1, 0.5)
	assert (scores["cat"].blamed, scores["cat"].accuracy) == (0, 1.0)
	# a period starting after bob's pick: his blamed pick is not in it
	later = {a.operator: a for a in operator_accuracy({"bob": 2}, blames, start=at(25))}
	assert set(later) == {"bob"} and (later["bob"].blamed, later["bob"].accuracy) == (0, 1.0)


def test_no_picks_no_accuracy():
	(a,) = operator_accuracy({"ann": 0}, [])
	assert (a.picks, a.blamed, a.accuracy) == (0, 0, None)


@given(
	qtys=st.lists(st.integers(min_value=1, max_value=6), max_size=8),
	variance=st.integers(min_value=-20, max_value=20).filter(lambda v: v != 0),
)
def test_the_blamed_picks_are_the_fewest_most_recent_that_cover_the_variance(qtys, variance):
	picks = [pick(f"P{i}", f"op{i}", q, i) for i, q in enumerate(qtys)]
	(b,) = blame([count("C1", variance, 100)], picks)
	newest_first = list(reversed(picks))
	n = len(b.picks)
	assert list(b.picks) == newest_first[:n]  # the most recent, in order
	covered = sum(p.qty for p in b.picks)
	if n < len(picks):
		assert covered >= abs(variance)  # stopped because they cover it
	if n:
		assert covered - b.picks[-1].qty < abs(variance)  # none fewer would
	assert b.unexplained == max(0, abs(variance) - covered)
