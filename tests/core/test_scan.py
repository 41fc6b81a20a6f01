from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wms_module.core.bins import BinAddress, BinCodeFormat, barcode_value
from wms_module.core.scan import ScanKind, classify_scan

GS = "\x1d"
GTIN = "09501101530003"  # the GS1 General Specifications' example GTIN


def test_bin_barcode():
	r = classify_scan("A-01-02-3Y")
	assert (r.kind, r.bin_code, r.errors) == (ScanKind.BIN, "A-01-02-3", ())


def test_bin_barcode_behind_a_plain_code128_symbology_identifier():
	r = classify_scan("]C0A-01-02-3Y")
	assert (r.kind, r.bin_code, r.symbology) == (ScanKind.BIN, "A-01-02-3", "]C0")


def test_mistyped_bin_code_is_an_item_code_with_the_bin_error_for_the_operator():
	r = classify_scan("A-01-02-4Y")
	assert r.kind == ScanKind.ITEM_CODE
	assert "mistyped or misread" in r.error_for(ScanKind.BIN)
	assert "needs 'W'" in r.error_for(ScanKind.BIN)


def test_bin_code_typed_without_check_character():
	r = classify_scan("a-01-02-3")
	assert r.kind == ScanKind.ITEM_CODE
	assert (
		r.error_for(ScanKind.BIN) == "Bin barcode 'a-01-02-3' has no check character; expected 'A-01-02-3Y'"
	)


def test_bin_code_in_a_custom_format():
	fmt = BinCodeFormat(separator=".", bay_digits=3, level_digits=1)
	code = fmt.format(BinAddress("C", 12, 4))
	r = classify_scan(barcode_value(code), bin_format=fmt)
	assert (r.kind, r.bin_code) == (ScanKind.BIN, "C.012.4")


def test_gs1_128_with_symbology_identifier_and_group_separator():
	r = classify_scan(f"]C101{GTIN}1725010110ABC123{GS}3012")
	assert r.kind == ScanKind.GS1
	assert r.symbology == "]C1"
	assert (r.gtin, r.batch, r.expiry, r.qty) == (GTIN, "ABC123", date(2025, 1, 1), 12)
	assert r.lookup_codes[:2] == ("9501101530003", GTIN)


def test_group_separator_ends_a_variable_length_batch():
	# without the GS the batch would swallow the serial number
	r = classify_scan(f"01{GTIN}10LOT7{GS}21SER-9")
	assert (r.kind, r.batch, r.serial_no) == (ScanKind.GS1, "LOT7", "SER-9")


def test_scanner_that_sends_another_separator_for_fnc1():
	r = classify_scan(f"]C101{GTIN}10LOT7|3005", separator_chars=("|",))
	assert (r.kind, r.batch, r.qty) == (ScanKind.GS1, "LOT7", 5)


def test_gs1_datamatrix_with_day_00_expiry_means_end_of_month():
	r = classify_scan(f"]d201{GTIN}17250200")
	assert (r.kind, r.symbology, r.expiry) == (ScanKind.GS1, "]d2", date(2025, 2, 28))


def test_sscc_in_ai_00_and_count_of_trade_items():
	r = classify_scan("00376104250021234569")
	assert (r.kind, r.sscc, r.gtin) == (ScanKind.GS1, "376104250021234569", None)
	r = classify_scan(f"02{GTIN}3712")
	assert (r.kind, r.gtin, r.qty) == (ScanKind.GS1, GTIN, 12)


def test_gs1_typed_in_human_readable_form():
	r = classify_scan(f"(01){GTIN}(17)261231(10)B-77")
	assert (r.kind, r.gtin, r.expiry, r.batch) == (ScanKind.GS1, GTIN, date(2026, 12, 31), "B-77")


def test_plain_ean13_is_a_gtin_even_though_it_also_parses_as_ai_400():
	r = classify_scan("4006381333931")
	assert (r.kind, r.gtin) == (ScanKind.GTIN, "04006381333931")
	assert r.lookup_codes == ("4006381333931", "04006381333931")
	assert "read as a plain GTIN" in r.error_for(ScanKind.GS1)


def test_ean_with_wrong_check_digit_is_explained():
	r = classify_scan("4006381333932")
	assert r.kind == ScanKind.ITEM_CODE
	assert r.error_for(ScanKind.GTIN) == "Invalid GTIN check digit for '4006381333932': Expected 1, got 2."


def test_upc_e_only_when_the_scanner_says_ean_upc():
	assert classify_scan("425261").kind == ScanKind.ITEM_CODE  # could just as well be an item code
	r = classify_scan("]E0425261")
	assert (r.kind, r.gtin) == (ScanKind.GTIN, "00042100005264")
	assert "042100005264" in r.lookup_codes


def test_plain_sscc():
	r = classify_scan("376104250021234569")
	assert (r.kind, r.sscc) == (ScanKind.SSCC, "376104250021234569")


def test_short_gs1_lookalike_without_symbology_is_an_item_code():
	r = classify_scan("10ABC")
	assert (r.kind, r.lookup_codes) == (ScanKind.ITEM_CODE, ("10ABC",))
	assert "carries no GTIN (01/02) or SSCC (00)" in r.error_for(ScanKind.GS1)
	# but with a GS1 symbology identifier it is a batch label
	r = classify_scan("]C110ABC")
	assert (r.kind, r.batch, r.gtin) == (ScanKind.GS1, "ABC", None)


def test_gs1_with_bad_gtin_check_digit_is_not_accepted():
	r = classify_scan(f"]C101{GTIN[:-1]}4")
	assert r.kind == ScanKind.ITEM_CODE
	assert "Expected 3, got 4" in r.error_for(ScanKind.GS1)


def test_item_code_carries_every_other_readings_error():
	r = classify_scan("  SKU-001 ")
	assert (r.kind, r.value, r.lookup_codes) == (ScanKind.ITEM_CODE, "SKU-001", ("SKU-001",))
	assert {e.reading for e in r.errors} == {ScanKind.BIN, ScanKind.GS1, ScanKind.GTIN, ScanKind.SSCC}
	assert all(e.message for e in r.errors)


@pytest.mark.parametrize("value", ["", "   ", "]C1"])
def test_empty_scans(value):
	assert classify_scan(value).kind == ScanKind.EMPTY


@given(st.text(max_size=40))
def test_never_raises_and_always_explains(value):
	r = classify_scan(value)
	assert r.kind in ScanKind
	if r.kind in (ScanKind.ITEM_CODE, ScanKind.EMPTY):
		assert r.errors
	assert all(e.reading != r.kind or r.kind == ScanKind.EMPTY for e in r.errors)


@given(
	st.sampled_from("ABCDEF"),
	st.integers(1, 20),
	st.integers(1, 5),
	st.one_of(st.none(), st.integers(1, 4)),
)
def test_every_generated_bin_barcode_scans_back(aisle, bay, level, position):
	code = BinCodeFormat().format(BinAddress(aisle, bay, level, position))
	r = classify_scan(barcode_value(code))
	assert (r.kind, r.bin_code) == (ScanKind.BIN, code)
