"""The putaway engine (core/putaway.py): examples of each rule, and Hypothesis for the invariants
a warehouse relies on: never over capacity (counting incoming tasks), never against a bin's mix
policy, never a blocked or counting bin, segregation respected, placed + unplaced = received, and
"no space" only when no candidate bin could take one more unit."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wms_module.core.bins import BinContent, BinStatus, MixPolicy, Put, StorageBin, ZoneType, check_put
from wms_module.core.errors import InvalidInput, WmsError
from wms_module.core.putaway import (
	DEFAULT_ORDER,
	AppliesTo,
	Candidate,
	ItemProfile,
	PutawayConfig,
	PutawayRequest,
	PutawayRule,
	Step,
	final_contents,
	held,
	ineligible,
	parse_rule_order,
	plan_putaway,
	rules_for,
)

W = "Stores - W"


def bin_(code, zone_type=ZoneType.RESERVE, zone="RES", distance=1.0, **values):
	rules = {
		k: values.pop(k)
		for k in ("status", "mix_policy", "max_qty", "max_volume", "max_weight")
		if k in values
	}
	return Candidate(
		StorageBin(code, W, **rules), zone=zone, zone_type=zone_type, distance=distance, **values
	)


def one(item, qty, candidates, batch=None, rules=(), **config):
	[plan] = plan_putaway([PutawayRequest(item, batch, qty)], candidates, rules, PutawayConfig(**config))
	return plan


SKU = ItemProfile("SKU1", item_groups=("Screws", "Hardware"))


# ------------------------------------------------------------------------------ each rule


def test_the_fixed_pick_face_is_topped_up_first_then_the_rest_goes_elsewhere():
	face = bin_(
		"A-01",
		ZoneType.PICK,
		"PICK",
		distance=30,
		max_qty=10,
		fixed_item="SKU1",
		contents=(BinContent("SKU1", None, 7),),
	)
	near = bin_("B-01", distance=1)
	plan = one(SKU, 20, [near, face])
	assert [(p.bin, p.qty, p.rule) for p in plan.placements] == [
		("A-01", 3, "Fixed Pick Face"),
		("B-01", 17, "Capacity Fit"),
	]


def test_consolidation_prefers_the_bin_holding_the_same_item_and_batch_over_a_nearer_one():
	same = bin_("B-09", distance=40, contents=(BinContent("SKU1", "LOT-1", 5),))
	other_batch = bin_("B-05", distance=20, contents=(BinContent("SKU1", "LOT-2", 5),))
	empty = bin_("B-01", distance=1)
	plan = one(SKU, 4, [empty, other_batch, same], batch="LOT-1")
	assert [(p.bin, p.rule) for p in plan.placements] == [("B-09", "Consolidate")]
	plan = one(SKU, 4, [empty, other_batch], batch="LOT-1")
	assert [p.bin for p in plan.placements] == ["B-05"]  # same item, other batch, next


def test_a_single_batch_bin_of_another_batch_is_never_consolidated_into():
	single = bin_("B-09", mix_policy=MixPolicy.SINGLE_BATCH, contents=(BinContent("SKU1", "LOT-2", 5),))
	plan = one(SKU, 4, [single], batch="LOT-1")
	assert plan.unplaced == 4 and "1 hold other items or batches" in plan.reason


def test_velocity_class_zone_is_preferred():
	fast = ItemProfile("FAST", velocity_class="A")
	a = bin_("A-09", zone="ZA", distance=50, velocity_class="A")
	c = bin_("C-01", zone="ZC", distance=1, velocity_class="C")
	assert [(p.bin, p.rule) for p in one(fast, 1, [c, a]).placements] == [("A-09", "Velocity Zone A")]
	# an item without a velocity class has no preference: nearest wins
	assert [p.bin for p in one(SKU, 1, [c, a]).placements] == ["C-01"]


def test_capacity_fit_prefers_one_bin_that_takes_everything_over_a_nearer_split():
	small = bin_("B-01", distance=1, max_qty=5)
	large = bin_("B-09", distance=9, max_qty=100)
	assert [(p.bin, p.qty) for p in one(SKU, 20, [small, large]).placements] == [("B-09", 20)]
	nearest_first = parse_rule_order("Nearest to Dock, Capacity Fit")
	plan = one(SKU, 20, [small, large], order=nearest_first)
	assert [(p.bin, p.qty) for p in plan.placements] == [("B-01", 5), ("B-09", 15)]


def test_volume_and_weight_limits_split_the_quantity():
	heavy = ItemProfile("HEAVY", unit_volume=0.5, unit_weight=20)
	by_volume = bin_("B-01", distance=1, max_volume=2)  # 4 units
	by_weight = bin_("B-02", distance=2, max_weight=100)  # 5 units
	plan = one(heavy, 12, [by_volume, by_weight])
	assert [(p.bin, p.qty) for p in plan.placements] == [("B-01", 4), ("B-02", 5)]
	assert plan.unplaced == 3 and plan.reason.startswith("no space: none of 2 candidate bins")


def test_what_open_tasks_bring_counts_against_capacity_and_mix():
	busy = bin_("B-01", distance=1, max_qty=10, incoming=(BinContent("SKU1", None, 8),))
	plan = one(SKU, 5, [busy, bin_("B-02", distance=2)])
	assert [(p.bin, p.qty) for p in plan.placements] == [("B-01", 2), ("B-02", 3)]
	single = bin_(
		"B-03", distance=0, mix_policy=MixPolicy.SINGLE_ITEM, incoming=(BinContent("OTHER", None, 1),)
	)
	assert [p.bin for p in one(SKU, 1, [single, bin_("B-04", distance=5)]).placements] == ["B-04"]


def test_two_lines_of_one_receipt_never_fill_the_same_space():
	shelf = bin_("B-01", max_qty=10)
	first, second = plan_putaway(
		[PutawayRequest(SKU, None, 6), PutawayRequest(ItemProfile("SKU2"), None, 6)], [shelf]
	)
	assert first.placed == 6 and second.placed == 4 and second.unplaced == 2


def test_blocked_and_counting_bins_are_never_used():
	blocked = bin_("B-01", distance=0, status=BinStatus.BLOCKED)
	counting = bin_("B-02", distance=0, status=BinStatus.COUNTING)
	plan = one(SKU, 3, [blocked, counting])
	assert plan.unplaced == 3 and "2 blocked or being counted" in plan.reason


def test_temperature_and_hazard_classes_are_hard_filters():
	frozen = ItemProfile("ICE", temperature_class="Frozen")
	flammable = ItemProfile("FUEL", hazard_class="Flammable")
	ambient = bin_("B-01", distance=0)
	freezer = bin_("F-01", zone="COLD", distance=99, temperature_class="Frozen")
	hazmat = bin_("H-01", zone="HAZ", distance=99, hazard_class="Flammable")
	assert [p.bin for p in one(frozen, 1, [ambient, freezer, hazmat]).placements] == ["F-01"]
	assert [p.bin for p in one(flammable, 1, [ambient, freezer, hazmat]).placements] == ["H-01"]
	assert [p.bin for p in one(SKU, 1, [freezer, hazmat, ambient]).placements] == ["B-01"]
	plan = one(frozen, 1, [ambient, hazmat])
	assert plan.reason.endswith("(2 segregated by temperature or hazard class)")


def test_qc_hold_and_expired_batches_go_to_quarantine_only():
	q = bin_("Q-01", ZoneType.QUARANTINE, "QUAR", distance=50)
	shelf = bin_("B-01", distance=1)
	recv = bin_("DOCK", ZoneType.RECEIVING, "RECV", distance=0)
	[plan] = plan_putaway([PutawayRequest(SKU, None, 2, qc_hold=True)], [shelf, q, recv])
	assert [p.bin for p in plan.placements] == ["Q-01"]
	request = PutawayRequest(SKU, "OLD", 2, expiry=date(2026, 1, 1))
	[plan] = plan_putaway([request], [shelf, q], config=PutawayConfig(as_of=date(2026, 6, 1)))
	assert [p.bin for p in plan.placements] == ["Q-01"]
	# a good line never goes to quarantine, receiving or staging
	assert [p.bin for p in one(SKU, 2, [q, recv, shelf]).placements] == ["B-01"]
	[plan] = plan_putaway([PutawayRequest(SKU, None, 2, qc_hold=True)], [shelf])
	assert plan.reason == (
		"no space: none of 1 candidate bins can take another unit of SKU1 "
		"(1 not a quarantine zone (the line is on QC hold))"
	)


def test_putaway_rules_prefer_by_priority_and_restrict_when_marked_only():
	pallet = bin_("P-01", zone="BULK", bin_type="Pallet Rack", distance=60)
	shelf = bin_("S-01", zone="SHELF", distance=5)
	far_shelf = bin_("S-09", zone="SHELF2", distance=80)
	group_rule = PutawayRule("R-GROUP", AppliesTo.ITEM_GROUP, "Hardware", bin_type="Pallet Rack", priority=2)
	item_rule = PutawayRule("R-ITEM", AppliesTo.ITEM, "SKU1", zone="SHELF2", priority=1)
	plan = one(SKU, 1, [shelf, pallet, far_shelf], rules=[group_rule, item_rule])
	assert [(p.bin, p.rule) for p in plan.placements] == [("S-09", "Putaway Rule: R-ITEM")]
	plan = one(SKU, 1, [shelf, pallet], rules=[group_rule, item_rule])
	assert [(p.bin, p.rule) for p in plan.placements] == [("P-01", "Putaway Rule: R-GROUP")]
	# storage class segregation: Only
	chem = ItemProfile("ACID", storage_class="Chemicals")
	only = PutawayRule("R-CHEM", AppliesTo.STORAGE_CLASS, "Chemicals", zone="BULK", restrict=True)
	assert [p.bin for p in one(chem, 1, [shelf, pallet], rules=[only]).placements] == ["P-01"]
	plan = one(chem, 1, [shelf], rules=[only])
	assert plan.unplaced == 1 and "1 outside its putaway rules" in plan.reason
	assert [p.bin for p in one(SKU, 1, [shelf, pallet], rules=[only]).placements] == ["S-01"]


def test_rules_for_orders_by_priority_then_item_before_group_before_storage_class():
	item = ItemProfile("SKU1", item_groups=("Screws", "Hardware"), storage_class="Small")
	rules = [
		PutawayRule("c", AppliesTo.STORAGE_CLASS, "Small", zone="Z"),
		PutawayRule("g", AppliesTo.ITEM_GROUP, "Hardware", zone="Z"),
		PutawayRule("i", AppliesTo.ITEM, "SKU1", zone="Z"),
		PutawayRule("late", AppliesTo.ITEM, "SKU1", zone="Z", priority=5),
		PutawayRule("other", AppliesTo.ITEM_GROUP, "Food", zone="Z"),
	]
	assert [r.name for r in rules_for(item, rules)] == ["i", "g", "c", "late"]
	with pytest.raises(InvalidInput, match="names neither a zone nor a bin type"):
		PutawayRule("x", AppliesTo.ITEM, "SKU1")


def test_nothing_to_choose_from_says_so():
	plan = one(SKU, 5, [], batch="B7")
	assert plan.placements == () and plan.unplaced == 5
	assert plan.reason == "no space: no candidate bin in the warehouse for SKU1 batch B7"


def test_fractional_units_split_to_the_thousandth():
	kg = ItemProfile("FLOUR", unit_weight=1.0, whole_units=False)
	bins = [bin_("B-01", max_weight=2.25), bin_("B-02", distance=2, max_weight=100)]
	plan = one(kg, 7.5, bins, order=(Step.NEAREST,))
	assert [(p.bin, p.qty) for p in plan.placements] == [("B-01", 2.25), ("B-02", 5.25)]


def test_rule_order_is_validated():
	assert parse_rule_order("") == DEFAULT_ORDER == tuple(Step)
	assert parse_rule_order("NEAREST TO DOCK\n\nconsolidate") == (Step.NEAREST, Step.CONSOLIDATE)
	with pytest.raises(InvalidInput, match="names 'Consolidate' twice"):
		parse_rule_order("Consolidate, consolidate")
	with pytest.raises(InvalidInput, match="expected a number > 0"):
		PutawayRequest(SKU, None, 0)


# ------------------------------------------------------------------------------ invariants

ITEMS = {
	"I1": ItemProfile("I1", unit_volume=0.5, unit_weight=2.0, velocity_class="A"),
	"I2": ItemProfile("I2", unit_volume=0.0, unit_weight=5.0, temperature_class="Chilled"),
	"I3": ItemProfile("I3", unit_volume=1.0, hazard_class="Flammable", storage_class="Chem"),
	"I4": ItemProfile("I4", item_groups=("G1",)),
}


@st.composite
def contents(draw):
	item = draw(st.sampled_from(sorted(ITEMS)))
	qty = draw(st.integers(1, 20))
	profile = ITEMS[item]
	return BinContent(
		item,
		draw(st.sampled_from([None, "B1", "B2"])),
		qty,
		volume=qty * profile.unit_volume,
		weight=qty * profile.unit_weight,
	)


@st.composite
def candidates(draw):
	n = draw(st.integers(0, 7))
	out = []
	for i in range(n):
		limit = st.one_of(st.none(), st.integers(1, 40).map(float))
		out.append(
			Candidate(
				StorageBin(
					f"B-{i:02d}",
					W,
					status=draw(st.sampled_from(list(BinStatus))),
					mix_policy=draw(st.sampled_from(list(MixPolicy))),
					max_qty=draw(limit),
					max_volume=draw(limit),
					max_weight=draw(limit),
				),
				zone=draw(st.sampled_from(["Z1", "Z2", "Q"])),
				zone_type=draw(
					st.sampled_from(
						[ZoneType.PICK, ZoneType.RESERVE, ZoneType.QUARANTINE, ZoneType.RECEIVING]
					)
				),
				bin_type=draw(st.sampled_from(["Shelf", "Pallet Rack"])),
				velocity_class=draw(st.sampled_from([None, "A", "B"])),
				hazard_class=draw(st.sampled_from([None, None, "Flammable"])),
				temperature_class=draw(st.sampled_from([None, "Ambient", "Chilled"])),
				distance=draw(st.one_of(st.none(), st.floats(0, 100))),
				fixed_item=draw(st.sampled_from([None, None, "I1", "I4"])),
				contents=tuple(draw(st.lists(contents(), max_size=2))),
				incoming=tuple(draw(st.lists(contents(), max_size=2))),
			)
		)
	return out


requests = st.lists(
	st.builds(
		PutawayRequest,
		item=st.sampled_from(sorted(ITEMS)).map(ITEMS.get),
		batch=st.sampled_from([None, "B1", "B2"]),
		qty=st.integers(1, 60).map(float),
		qc_hold=st.booleans(),
	),
	min_size=1,
	max_size=3,
)

rule_lists = st.lists(
	st.builds(
		PutawayRule,
		name=st.sampled_from(["R1", "R2", "R3"]),
		applies_to=st.sampled_from(list(AppliesTo)),
		value=st.sampled_from(["I1", "I3", "G1", "Chem"]),
		zone=st.sampled_from([None, "Z1", "Z2"]),
		bin_type=st.just("Pallet Rack"),
		priority=st.integers(0, 3),
		restrict=st.booleans(),
	),
	max_size=2,
	unique_by=lambda r: r.name,
)

orders = st.permutations(list(Step)).flatmap(lambda p: st.integers(1, len(p)).map(lambda n: tuple(p[:n])))


def _fits_one_more(c: Candidate, contents_now, request: PutawayRequest) -> bool:
	profile = request.item
	put = Put(
		profile.item, request.batch, 1.0, unit_volume=profile.unit_volume, unit_weight=profile.unit_weight
	)
	try:
		check_put(c.bin, contents_now, put)
	except WmsError:
		return False
	return True


@settings(max_examples=300, deadline=None)
@given(candidates(), requests, rule_lists, orders)
def test_plans_keep_every_bin_rule_and_conserve_the_quantity(cands, reqs, rules, order):
	plans = plan_putaway(reqs, cands, rules, PutawayConfig(order=order))
	by_code = {c.code: c for c in cands}
	assert len(plans) == len(reqs)
	for i, plan in enumerate(plans):
		request = plan.request
		# assigned + unplaced = received, whole units for a whole-unit item
		assert plan.placed + plan.unplaced == pytest.approx(request.qty)
		assert all(p.qty > 0 and p.qty == int(p.qty) for p in plan.placements)
		assert (plan.reason is not None) == (plan.unplaced > 1e-9)
		assert len({p.bin for p in plan.placements}) == len(plan.placements)
		for p in plan.placements:
			c = by_code[p.bin]
			assert c.bin.status == BinStatus.ACTIVE  # never a blocked / counting bin
			# segregation, zone type, fixed faces, Only-rules: never broken
			assert (
				ineligible(request, c, rules_for(request.item, rules), held(request, PutawayConfig())) is None
			)
		if plan.unplaced > 1e-9:
			# "no space" only when no candidate could take one more unit, as the bins were then
			for c in cands:
				if ineligible(request, c, rules_for(request.item, rules), held(request, PutawayConfig())):
					continue
				assert not _fits_one_more(c, final_contents(c, plans[: i + 1]), request), (c.code, plan)
	for c in cands:
		if not any(p.bin == c.code for plan in plans for p in plan.placements):
			continue
		final = [x for x in final_contents(c, plans) if x.qty > 1e-9]
		# never over capacity, counting what incoming tasks bring
		for limit, total in (
			(c.bin.max_qty, sum(x.qty for x in final)),
			(c.bin.max_volume, sum(x.volume for x in final)),
			(c.bin.max_weight, sum(x.weight for x in final)),
		):
			assert limit is None or total <= limit + 1e-6
		# never against the mix policy
		if c.bin.mix_policy == MixPolicy.SINGLE_ITEM:
			assert len({x.item for x in final}) == 1
		if c.bin.mix_policy == MixPolicy.SINGLE_BATCH:
			assert len({(x.item, x.batch) for x in final}) == 1


@settings(max_examples=200, deadline=None)
@given(candidates(), requests)
def test_a_fixed_pick_face_with_room_is_always_the_first_placement(cands, reqs):
	[plan] = plan_putaway(reqs[:1], cands)
	request = plan.request
	faces = [
		c
		for c in cands
		if c.fixed_item == request.item.item
		and ineligible(request, c, [], held(request, PutawayConfig())) is None
		and _fits_one_more(c, [*c.contents, *c.incoming], request)
	]
	if faces:
		assert plan.placements[0].bin in {c.code for c in faces}
		assert plan.placements[0].rule == "Fixed Pick Face"
