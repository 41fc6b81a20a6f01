import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wms_module.core.bins import (
	CHECK_ALPHABET,
	BinAddress,
	BinCodeFormat,
	BinContent,
	BinRange,
	BinStatus,
	LayoutGeometry,
	MixPolicy,
	Put,
	StorageBin,
	aisle_labels,
	barcode_value,
	check_character,
	check_put,
	generate_bins,
	parse_bin_barcode,
	plan_bins,
	plan_move,
)
from wms_module.core.errors import (
	BinNotUsable,
	CapacityExceeded,
	InsufficientStock,
	InvalidInput,
	MixPolicyViolation,
	WmsError,
)

ALNUM = string.ascii_uppercase + string.digits

# ---------------------------------------------------------------- check character


def _weighted_sum(payload: str) -> int:
	"""ISO 7064 pure-system check: sum of value * 2**(weight) over the string incl. check char."""
	n = len(payload)
	return sum(CHECK_ALPHABET.index(ch) * pow(2, n - 1 - i, 37) for i, ch in enumerate(payload)) % 37


def test_iso_7064_worked_example():
	assert check_character("G123498654321") == "H"


@given(st.text(ALNUM, min_size=1, max_size=20))
def test_check_character_satisfies_the_mod_37_2_congruence(payload):
	assert _weighted_sum(payload + check_character(payload)) == 1


@given(st.text(ALNUM, min_size=2, max_size=15), st.data())
def test_every_single_substitution_is_detected(payload, data):
	i = data.draw(st.integers(0, len(payload) - 1))
	replacement = data.draw(st.sampled_from(ALNUM).filter(lambda c: c != payload[i]))
	typo = payload[:i] + replacement + payload[i + 1 :]
	assert check_character(typo) != check_character(payload)


@given(st.text(ALNUM, min_size=2, max_size=15), st.data())
def test_every_adjacent_transposition_is_detected(payload, data):
	i = data.draw(st.integers(0, len(payload) - 2))
	swapped = payload[:i] + payload[i + 1] + payload[i] + payload[i + 2 :]
	if swapped != payload:
		assert check_character(swapped) != check_character(payload)


def test_check_character_rejects_characters_outside_the_alphabet():
	with pytest.raises(InvalidInput, match=r"'A-01#' contains '#'"):
		check_character("A-01#")


# ---------------------------------------------------------------- codes and barcodes


def test_code_format_zero_pads_and_parses_back():
	fmt = BinCodeFormat()
	assert fmt.format(BinAddress("a", 1, 2, 3)) == "A-01-02-3"
	assert fmt.format(BinAddress("C", 12, 5)) == "C-12-05"
	assert fmt.parse("A-01-02-3") == BinAddress("A", 1, 2, 3)
	assert BinCodeFormat(separator="", bay_digits=3, level_digits=1).format(BinAddress("B", 7, 2)) == "B0072"


def test_code_format_rejects_a_code_of_another_shape():
	with pytest.raises(InvalidInput, match=r"'A-1-2' does not match the format 'A-01-02-3'"):
		BinCodeFormat().parse("A-1-2")


@given(
	st.text(string.ascii_uppercase, min_size=1, max_size=2),
	st.integers(0, 99),
	st.integers(0, 99),
	st.one_of(st.none(), st.integers(0, 9)),
)
def test_barcode_round_trip(aisle, bay, level, position):
	code = BinCodeFormat().format(BinAddress(aisle, bay, level, position))
	assert parse_bin_barcode(barcode_value(code)) == code


def test_scan_of_a_mistyped_bin_code_names_the_expected_check_character():
	good = barcode_value("A-01-02-3")
	assert good == "A-01-02-3Y"
	with pytest.raises(InvalidInput) as exc:
		parse_bin_barcode("A-01-03-3Y")  # level typed wrong
	message = str(exc.value)
	assert "'A-01-03-3Y'" in message and "mistyped or misread" in message


def test_scan_without_check_character_says_what_it_should_be():
	with pytest.raises(InvalidInput, match=r"has no check character; expected 'A-01-02-3Y'"):
		parse_bin_barcode("A-01-02-3")


def test_scan_of_something_else_is_not_a_bin_barcode():
	with pytest.raises(InvalidInput, match=r"'SKU-001' is not a bin barcode"):
		parse_bin_barcode("SKU-001")


# ---------------------------------------------------------------- layout


def test_a_to_f_by_20_bays_by_5_levels_makes_600_unique_bins():
	bin_range = BinRange(aisles=aisle_labels("A", "F"), bays=(1, 20), levels=(1, 5))
	specs = generate_bins(bin_range)
	assert len(specs) == bin_range.count == 600
	assert len({s.code for s in specs}) == 600
	assert sorted(s.pick_sequence for s in specs) == list(range(1, 601))
	first = specs[0]
	assert (first.code, first.barcode, first.aisle, first.bay, first.level) == (
		"A-01-01",
		"A-01-01" + check_character("A-01-01"),
		"A",
		1,
		1,
	)


def test_positions_and_geometry():
	bin_range = BinRange(aisles=("A", "B"), bays=(1, 3), levels=(1, 2), positions=(1, 2))
	geometry = LayoutGeometry(aisle_spacing=4.0, bay_width=2.5, level_height=0.4, position_width=1.2)
	by_code = {s.code: s for s in generate_bins(bin_range, geometry=geometry)}
	assert len(by_code) == 24
	spec = by_code["B-03-02-2"]
	# aisle index 1, bay index 2, level index 1, position index 1
	assert (spec.x, spec.y, spec.z) == (4.0, 2 * 2.5 + 1.2, 0.4)
	assert (spec.aisle, spec.bay, spec.level, spec.position) == ("B", 3, 2, 2)


def test_walk_is_serpentine():
	specs = generate_bins(BinRange(aisles=("A", "B", "C"), bays=(1, 3), levels=(1, 1)))
	walk = [s.code for s in sorted(specs, key=lambda s: s.pick_sequence)]
	assert walk == [
		"A-01-01",
		"A-02-01",
		"A-03-01",
		"B-03-01",
		"B-02-01",
		"B-01-01",
		"C-01-01",
		"C-02-01",
		"C-03-01",
	]


def test_planning_is_idempotent():
	bin_range = BinRange(aisles=("A", "B"), bays=(1, 10), levels=(1, 3))
	first = plan_bins(bin_range, existing_codes=["A-01-01", "b-10-03", "Z-99-99"])
	assert len(first.to_create) == 58
	assert set(first.existing) == {"A-01-01", "B-10-03"}
	existing = [s.code for s in first.to_create] + list(first.existing)
	again = plan_bins(bin_range, existing_codes=existing)
	assert again.to_create == ()
	assert again.preview() == "60 bins in range: 0 to create, 60 already exist"


def test_preview_names_counts_and_a_sample():
	plan = plan_bins(BinRange(aisles=("A",), bays=(1, 6), levels=(1, 1)), existing_codes=["A-06-01"])
	assert (
		plan.preview(sample=2)
		== "6 bins in range: 5 to create (A-01-01, A-02-01, …, A-05-01), 1 already exist"
	)


@pytest.mark.parametrize(
	"kwargs, message",
	[
		({"aisles": (), "bays": (1, 2), "levels": (1, 1)}, "aisles is empty"),
		({"aisles": ("A",), "bays": (5, 1), "levels": (1, 1)}, r"bays is \(5, 1\)"),
		({"aisles": ("A", "a"), "bays": (1, 2), "levels": (1, 1)}, "repeats"),
		({"aisles": ("A-1",), "bays": (1, 2), "levels": (1, 1)}, "Aisle label 'A-1'"),
		({"aisles": aisle_labels("A", "Z"), "bays": (1, 2000), "levels": (1, 5)}, "260000 bins"),
	],
)
def test_bad_ranges_are_named(kwargs, message):
	with pytest.raises(InvalidInput, match=message):
		BinRange(**kwargs)


# ---------------------------------------------------------------- put checks

BIN = StorageBin("A-01-01", "Stores - W", max_qty=100, max_volume=2.0, max_weight=500)


def test_put_within_all_limits_passes():
	check_put(BIN, [BinContent("SKU1", None, 40, volume=0.8, weight=200)], Put("SKU1", None, 60, 0.02, 5))


@pytest.mark.parametrize(
	"put, message",
	[
		(Put("SKU1", None, 61), r"at most 100 units; it has 40 and the put of 61 x SKU1 would make 101"),
		(
			Put("SKU1", None, 50, unit_volume=0.03),
			r"at most 2 volume; it has 0.8 and the put of 50 x SKU1 would make 2.3",
		),
		(
			Put("SKU1", None, 10, unit_weight=31),
			r"at most 500 weight; it has 200 and the put of 10 x SKU1 would make 510",
		),
	],
)
def test_each_limit_names_bin_limit_and_attempt(put, message):
	with pytest.raises(CapacityExceeded, match=message) as exc:
		check_put(BIN, [BinContent("SKU1", None, 40, volume=0.8, weight=200)], put)
	assert "'A-01-01'" in str(exc.value)


def test_unlimited_bin_takes_anything():
	check_put(StorageBin("X-01-01", "W"), [BinContent("SKU1", None, 1e9)], Put("SKU2", "B", 1e9, 10, 10))


@pytest.mark.parametrize("status", [BinStatus.BLOCKED, BinStatus.COUNTING])
def test_blocked_or_counting_bin_refuses_puts(status):
	with pytest.raises(BinNotUsable, match=f"'A-01-01' is {status.value}"):
		check_put(StorageBin("A-01-01", "W", status=status), [], Put("SKU1", None, 1))


def test_single_item_bin():
	b = StorageBin("A-01-01", "W", mix_policy=MixPolicy.SINGLE_ITEM)
	check_put(b, [BinContent("SKU1", "B1", 5)], Put("SKU1", "B2", 1))  # other batch is fine
	check_put(b, [BinContent("SKU2", None, 0)], Put("SKU1", None, 1))  # emptied rows do not count
	with pytest.raises(MixPolicyViolation, match="single item and holds SKU2; cannot add SKU1"):
		check_put(b, [BinContent("SKU2", None, 3)], Put("SKU1", None, 1))


def test_single_batch_bin():
	b = StorageBin("A-01-01", "W", mix_policy=MixPolicy.SINGLE_BATCH)
	check_put(b, [BinContent("SKU1", "B1", 5)], Put("SKU1", "B1", 1))
	with pytest.raises(MixPolicyViolation, match="holds SKU1 batch B1; cannot add SKU1 batch B2"):
		check_put(b, [BinContent("SKU1", "B1", 5)], Put("SKU1", "B2", 1))


@given(
	limit=st.integers(1, 1000),
	held=st.integers(0, 1000),
	qty=st.integers(1, 1000),
)
def test_capacity_property(limit, held, qty):
	b = StorageBin("A-01-01", "W", max_qty=limit)
	try:
		check_put(b, [BinContent("SKU1", None, held)], Put("SKU1", None, qty))
	except CapacityExceeded:
		assert held + qty > limit
	else:
		assert held + qty <= limit


# ---------------------------------------------------------------- moves

SRC = StorageBin("A-01-01", "Stores - W")
DST = StorageBin("B-01-01", "Stores - W", max_qty=10)


def test_move_returns_two_rows_that_cancel():
	out_row, in_row = plan_move(
		source=SRC,
		source_contents=[BinContent("SKU1", "B1", 5, allocated=1)],
		destination=DST,
		destination_contents=[BinContent("SKU1", "B1", 6)],
		put=Put("SKU1", "B1", 4),
	)
	assert (out_row.bin, out_row.qty, in_row.bin, in_row.qty) == ("A-01-01", -4, "B-01-01", 4)
	assert out_row.batch == in_row.batch == "B1"


def test_move_of_allocated_stock_is_refused():
	with pytest.raises(
		InsufficientStock,
		match=r"'A-01-01' has 4 of SKU1 batch B1 available \(5 on hand - 1 allocated\); cannot move 5",
	):
		plan_move(
			source=SRC,
			source_contents=[BinContent("SKU1", "B1", 5, allocated=1), BinContent("SKU1", "B2", 50)],
			destination=DST,
			destination_contents=[],
			put=Put("SKU1", "B1", 5),
		)


def test_move_across_warehouses_is_refused():
	with pytest.raises(InvalidInput, match="crosses warehouses"):
		plan_move(
			source=SRC,
			source_contents=[BinContent("SKU1", None, 5)],
			destination=StorageBin("C-01-01", "Other - W"),
			destination_contents=[],
			put=Put("SKU1", None, 1),
		)


def test_move_checks_destination_and_counting_source():
	with pytest.raises(CapacityExceeded, match="'B-01-01' holds at most 10"):
		plan_move(
			source=SRC,
			source_contents=[BinContent("SKU1", None, 50)],
			destination=DST,
			destination_contents=[],
			put=Put("SKU1", None, 11),
		)
	with pytest.raises(BinNotUsable, match="being counted"):
		plan_move(
			source=StorageBin("A-01-01", "Stores - W", status=BinStatus.COUNTING),
			source_contents=[BinContent("SKU1", None, 50)],
			destination=DST,
			destination_contents=[],
			put=Put("SKU1", None, 1),
		)
	# a blocked source may be emptied
	plan_move(
		source=StorageBin("A-01-01", "Stores - W", status=BinStatus.BLOCKED),
		source_contents=[BinContent("SKU1", None, 50)],
		destination=DST,
		destination_contents=[],
		put=Put("SKU1", None, 1),
	)


@given(
	on_hand=st.integers(0, 50),
	allocated=st.integers(0, 50),
	qty=st.integers(1, 60),
	dest_held=st.integers(0, 20),
	dest_limit=st.one_of(st.none(), st.integers(1, 40)),
)
def test_moves_conserve_stock_and_never_take_allocated_stock(on_hand, allocated, qty, dest_held, dest_limit):
	allocated = min(allocated, on_hand)
	dest = StorageBin("B-01-01", "Stores - W", max_qty=dest_limit)
	balances = {"A-01-01": on_hand, "B-01-01": dest_held}
	try:
		rows = plan_move(
			source=SRC,
			source_contents=[BinContent("SKU1", None, on_hand, allocated=allocated)],
			destination=dest,
			destination_contents=[BinContent("SKU1", None, dest_held)],
			put=Put("SKU1", None, qty),
		)
	except WmsError:
		assert qty > on_hand - allocated or (dest_limit is not None and dest_held + qty > dest_limit)
		return
	for row in rows:
		balances[row.bin] += row.qty
	assert sum(balances.values()) == on_hand + dest_held
	assert balances["A-01-01"] >= allocated
	assert dest_limit is None or balances["B-01-01"] <= dest_limit
