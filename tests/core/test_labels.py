import re
import string
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date

import barcode
import biip
import pytest
from barcode.charsets.code128 import CODES, STOP
from biip.gtin import Gtin
from hypothesis import given
from hypothesis import strategies as st

from wms_module.core.bins import barcode_value
from wms_module.core.errors import InvalidInput
from wms_module.core.labels import (
	HRI_DESIGN_DOTS,
	BinLabel,
	ItemLabel,
	LabelSize,
	bin_label_zpl,
	code128_svg,
	gs1_128_svg,
	gs1_128_svgs,
	gs1_element_string,
	item_label_zpl,
)

# ---------------------------------------------------------------- a small ZPL reader


@dataclass
class Field:
	x: int
	y: int
	kind: str  # "text" | "barcode"
	data: str
	params: dict = field(default_factory=dict)


@dataclass
class Label:
	commands: list
	fields: list

	def text(self):
		return [f.data for f in self.fields if f.kind == "text"]

	def barcodes(self):
		return [f for f in self.fields if f.kind == "barcode"]

	def setting(self, cmd):
		return next(args for c, args in self.commands if c == cmd)


def _unhex(data: str, indicator: str) -> str:
	return re.sub(re.escape(indicator) + r"([0-9A-Fa-f]{2})", lambda m: chr(int(m[1], 16)), data)


def _code128_b(data: str) -> str:
	return re.sub(r">[<0=]", lambda m: {"><": "^", ">0": ">", ">=": "~"}[m[0]], data)


def parse_zpl(zpl: str) -> Label:
	"""Tokenise one ^XA...^XZ format into commands and fields (^FO ... ^FS)."""
	assert zpl.startswith("^XA") and zpl.endswith("^XZ"), zpl
	assert zpl.count("^XA") == 1 and zpl.count("^XZ") == 1
	assert "~" not in zpl, "a raw ~ would be read as a control command"
	commands, fields = [], []
	pos, current = 0, None
	while pos < len(zpl):
		assert zpl[pos] == "^", f"expected a command at {pos}: {zpl[pos : pos + 20]!r}"
		cmd = zpl[pos + 1 : pos + 3]
		if cmd == "FD":
			end = zpl.index("^FS", pos)
			args = zpl[pos + 3 : end]
			pos = end
		else:
			nxt = zpl.find("^", pos + 1)
			nxt = len(zpl) if nxt < 0 else nxt
			args = zpl[pos + 3 : nxt]
			pos = nxt
		commands.append((cmd, args))
		if cmd == "FO":
			x, y = (int(v) for v in args.split(","))
			current = Field(x, y, "text", "")
		elif current is not None and cmd == "FD":
			current.params["FD_raw"] = args
		elif current is not None and cmd == "FS":
			raw = current.params.pop("FD_raw")
			if "FH" in current.params:
				raw = _unhex(raw, current.params["FH"] or "_")
			if "BC" in current.params:
				current.kind = "barcode"
				mode = current.params["BC"].split(",")[5] if current.params["BC"].count(",") >= 5 else "N"
				raw = raw.replace("(", "").replace(")", "") if mode == "D" else _code128_b(raw)
			current.data = raw
			fields.append(current)
			current = None
		elif current is not None:
			current.params[cmd] = args
	return Label(commands, fields)


# ---------------------------------------------------------------- bin labels


def test_bin_label_fields():
	label = parse_zpl(bin_label_zpl(BinLabel("A-01-02-3", zone="PICK-1")))
	assert label.setting("PW") == "812" and label.setting("LL") == "406" and label.setting("CI") == "28"
	assert label.text() == ["A-01-02-3", "Aisle A  Bay 01  Level 02  Pos 3", "Zone: PICK-1"]
	(bc,) = label.barcodes()
	assert bc.data == "A-01-02-3Y" == barcode_value("A-01-02-3")
	assert bc.params["BC"].startswith("N,130,Y")  # human-readable line printed
	for f in label.fields:
		assert 0 <= f.x < 812 and 0 <= f.y < 406


def test_bin_barcode_fits_the_label_with_quiet_zones():
	label = parse_zpl(bin_label_zpl(BinLabel("A-01-02-3")))
	(bc,) = label.barcodes()
	module = int(bc.params["BY"].split(",")[0])
	width = (11 * (len("A-01-02-3Y") + 2) + 13) * module  # start + data + check, stop
	assert bc.x >= 10 * module and bc.x + width + 10 * module <= 812


def test_bin_label_with_custom_text_and_barcode():
	label = parse_zpl(bin_label_zpl(BinLabel("X^1", text="Cold ~ room", barcode="X^1~>")))
	assert label.text() == ["X^1", "Cold ~ room"]
	assert label.barcodes()[0].data == "X^1~>"


def test_barcode_too_long_for_the_label_is_refused():
	with pytest.raises(InvalidInput, match="too long for a 300-dot wide label"):
		bin_label_zpl(BinLabel("A-01-02-3"), size=LabelSize(width_dots=300, height_dots=203))


# ---------------------------------------------------------------- printer resolution


def _mm(dots: int, dpi: int) -> float:
	return dots * 25.4 / dpi


def test_label_size_in_mm_becomes_dots_at_the_printers_resolution():
	assert LabelSize.from_mm(101.6, 50.8, 203) == LabelSize(812, 406, 203, 30)
	assert LabelSize.from_mm(101.6, 50.8, 300) == LabelSize(1200, 600, 300, 44)
	assert LabelSize.from_mm(101.6, 50.8, 600) == LabelSize(2400, 1200, 600, 89)
	assert (LabelSize.from_mm(100, 50, 300).width_dots, LabelSize.from_mm(100, 50, 300).height_dots) == (
		1181,
		591,
	)


def test_bin_label_at_300_dpi_is_the_203_dpi_layout_scaled():
	"""Parse the 300 dpi ZPL: same fields, every position and height scaled by 300/203."""
	at_203 = parse_zpl(
		bin_label_zpl(BinLabel("A-01-02-3", zone="PICK-1"), size=LabelSize.from_mm(101.6, 50.8, 203))
	)
	at_300 = parse_zpl(
		bin_label_zpl(BinLabel("A-01-02-3", zone="PICK-1"), size=LabelSize.from_mm(101.6, 50.8, 300))
	)
	assert at_300.setting("PW") == "1200" and at_300.setting("LL") == "600"
	assert at_300.text() == at_203.text() == ["A-01-02-3", "Aisle A  Bay 01  Level 02  Pos 3", "Zone: PICK-1"]
	assert [f.data for f in at_300.barcodes()] == ["A-01-02-3Y"]
	# The text fields, exactly: margin 30 -> 44, y 20/115/158 -> 30/170/233, fonts 90/34 -> 133/50.
	texts = [(f.x, f.y, f.params["A0"]) for f in at_300.fields if f.kind == "text"]
	assert texts == [(44, 30, "N,133,133"), (44, 170, "N,50,50"), (44, 233, "N,50,50")]
	(bc,) = at_300.barcodes()
	assert bc.y == 310 and bc.params["BC"] == "N,192,Y,N,N"  # y 210 and bar height 130, scaled
	assert bc.params["BY"] == "6"  # 4 dots at 203 dpi = 0.5 mm = 6 dots at 300 dpi
	# Same physical place: every field within a dot of where it is at 203 dpi.
	for f203, f300 in zip(at_203.fields, at_300.fields, strict=True):
		assert abs(_mm(f300.y, 300) - _mm(f203.y, 203)) <= 25.4 / 203
		if f203.kind == "text":
			assert abs(_mm(f300.x, 300) - _mm(f203.x, 203)) <= 25.4 / 203
	width = (11 * (len("A-01-02-3Y") + 2) + 13) * 6
	assert abs((bc.x + width / 2) - 600) <= 1, "the barcode stays centred"


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_item_label_fits_at_every_resolution_with_readable_bars(dpi):
	size = LabelSize.from_mm(101.6, 50.8, dpi)
	label = parse_zpl(
		item_label_zpl(
			ItemLabel("SKU-1", "Widget", batch="L-42", expiry=date(2026, 12, 31), gtin="9501101530003"),
			size=size,
		)
	)
	assert label.text() == ["SKU-1", "Widget", "Batch: L-42    Exp: 2026-12-31"]
	(bc,) = label.barcodes()
	assert bc.data == "01095011015300031726123110L-42"
	module = int(bc.params["BY"])
	assert _mm(module, dpi) >= 0.25 - 1e-9  # never below the narrowest readable bar
	bar_height = int(bc.params["BC"].split(",")[1])
	assert abs(_mm(bar_height, dpi) - _mm(130, 203)) <= 25.4 / 203
	for f in label.fields:
		assert 0 <= f.x < size.width_dots and 0 <= f.y + bar_height * (f.kind == "barcode") < size.height_dots


def test_a_smaller_label_scales_the_layout_down_to_fit():
	size = LabelSize.from_mm(76, 25, 300)  # 3 in x 1 in
	assert (size.width_dots, size.height_dots) == (898, 295)
	label = parse_zpl(bin_label_zpl(BinLabel("A-01-02-3"), size=size))
	(bc,) = label.barcodes()
	assert bc.y + int(bc.params["BC"].split(",")[1]) < size.height_dots


@pytest.mark.parametrize(
	"args,match",
	[
		((101.6, 50.8, 250), "Printer resolution 250 dpi is not supported"),
		((0, 50.8, 300), "Label width 0 mm is out of range"),
		((101.6, 500, 300), "Label height 500 mm is out of range"),
	],
)
def test_bad_label_sizes_are_refused_by_name(args, match):
	with pytest.raises(InvalidInput, match=match):
		LabelSize.from_mm(*args)


# ---------------------------------------------------------------- item labels


def test_item_label_with_gtin_is_gs1_128():
	label = parse_zpl(
		item_label_zpl(
			ItemLabel("SKU-1", "Widget, large", batch="L-42", expiry=date(2026, 12, 31), gtin="9501101530003")
		)
	)
	assert label.text() == ["SKU-1", "Widget, large", "Batch: L-42    Exp: 2026-12-31"]
	(bc,) = label.barcodes()
	assert bc.params["BC"].split(",")[5] == "D"  # UCC/EAN mode: FNC1 and parentheses handled by the printer
	assert bc.data == "01095011015300031726123110L-42"


def test_item_label_without_gtin_encodes_the_item_code():
	label = parse_zpl(item_label_zpl(ItemLabel("SKU>1^~")))
	assert label.text() == ["SKU>1^~"]
	(bc,) = label.barcodes()
	assert bc.data == "SKU>1^~" and bc.params["BC"] == "N,130,Y,N,N"  # mode N, subset B


def test_gs1_element_string_order_and_validation():
	assert gs1_element_string("09501101530003") == "(01)09501101530003"
	assert gs1_element_string("4006381333931", batch="B1") == "(01)04006381333931(10)B1"
	with pytest.raises(InvalidInput, match="GTIN '4006381333932' is not valid"):
		gs1_element_string("4006381333932")
	with pytest.raises(InvalidInput, match=r"Batch 'A\(1\)' cannot go in a GS1-128 barcode"):
		gs1_element_string("4006381333931", batch="A(1)")


def test_non_ascii_barcode_value_is_refused_not_dropped():
	with pytest.raises(InvalidInput, match="expected printable ASCII"):
		item_label_zpl(ItemLabel("KÄSE-1"))
	# but names may be anything (UTF-8 via ^CI28)
	label = parse_zpl(item_label_zpl(ItemLabel("KASE-1", "Käse 🧀")))
	assert "Käse 🧀" in label.text()


@given(st.text(min_size=1, max_size=60))
def test_any_item_name_prints_as_given(name):
	label = parse_zpl(item_label_zpl(ItemLabel("SKU-1", name)))
	expected = re.sub(r"[\x00-\x1f\x7f]", " ", name)
	assert label.text()[1] == expected


@given(st.text(alphabet=string.printable[:95], min_size=1, max_size=20))
def test_any_printable_item_code_round_trips_through_the_barcode(code):
	label = parse_zpl(item_label_zpl(ItemLabel(code)))
	assert label.text()[0] == code
	(bc,) = label.barcodes()
	assert bc.data == code
	# subset B: start + characters + check + stop, and a 10-module quiet zone each side, on the label
	module = int(bc.params["BY"])
	assert module >= 2
	assert bc.x >= 10 * module and bc.x + (11 * len(code) + 35 + 10) * module <= 812


# ---------------------------------------------------------------- SVG


def _decode_code128(modules: str) -> str:
	"""Decode a Code 128 module string (1 = bar) using the symbol table; checks the mod-103 check symbol."""
	modules = modules.strip("0")
	assert modules.endswith(STOP + "11")  # stop pattern plus the terminating bar
	body = modules[: -len(STOP) - 2]
	table = {pattern: value for value, pattern in enumerate(CODES)}
	values = [table[body[i : i + 11]] for i in range(0, len(body), 11)]
	*symbols, check = values
	assert check == (symbols[0] + sum(i * v for i, v in enumerate(symbols[1:], 1))) % 103
	out, subset = [], {103: "A", 104: "B", 105: "C"}[symbols[0]]
	switch = {"A": {99: "C", 100: "B"}, "B": {99: "C", 101: "A"}, "C": {100: "B", 101: "A"}}
	for v in symbols[1:]:
		if v == 102:  # FNC1 (first: the GS1-128 flag; later: a separator, sent as GS)
			out.append("\x1d")
		elif v in switch[subset]:
			subset = switch[subset][v]
		elif subset == "C":
			out.append(f"{v:02d}")
		elif subset == "B":
			out.append(chr(v + 32))
		else:
			out.append(chr(v + 32) if v < 64 else chr(v - 64))
	return "".join(out)


def _svg_modules(svg: str, module_width: float) -> str:
	root = ET.fromstring(svg.encode())
	ns = {"svg": "http://www.w3.org/2000/svg"}
	bars = [
		(float(r.get("x").rstrip("m")), float(r.get("width").rstrip("m")))
		for r in root.iterfind(".//svg:rect", ns)
		if r.get("x") is not None
	]
	start = bars[0][0]
	end = bars[-1][0] + bars[-1][1]
	n = round((end - start) / module_width)
	cells = ["0"] * n
	for x, w in bars:
		for k in range(round((x - start) / module_width), round((x - start + w) / module_width)):
			cells[k] = "1"
	return "".join(cells)


@pytest.mark.parametrize("value", ["A-01-02-3Y", "SKU-000123", "x^~>_ 9"])
def test_svg_is_xml_and_its_bars_decode_to_the_value(value):
	svg = code128_svg(value)
	root = ET.fromstring(svg.encode())
	assert root.tag == "{http://www.w3.org/2000/svg}svg"
	texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
	assert texts == [value]
	assert _decode_code128(_svg_modules(svg, 0.2)) == value


def test_svg_without_text():
	root = ET.fromstring(code128_svg("B-02-01", text=False).encode())
	assert list(root.iter("{http://www.w3.org/2000/svg}text")) == []


def test_gs1_128_svg_shows_the_hri():
	svg = gs1_128_svg("9501101530003", expiry=date(2026, 12, 31), batch="L-42")
	texts = [t.text for t in ET.fromstring(svg.encode()).iter("{http://www.w3.org/2000/svg}text")]
	assert texts == ["(01)09501101530003(17)261231(10)L-42"]


def test_svg_refuses_what_code128_cannot_hold():
	with pytest.raises(InvalidInput, match="cannot be encoded"):
		code128_svg("Käse")


# ---------------------------------------------------------------- GS1-128 on the standard 4 x 2 in label

DEMO_GTIN_13 = "2000000000145"  # the demo's batch item WMS-DEMO-014 (in-store prefix 20)
DEMO_BATCH = "WMS-DEMO-014-B1"  # 15 characters
EXPIRY = date(2027, 3, 31)


def _element_strings(label: Label) -> dict[str, str]:
	"""What a scanner reports, symbol by symbol, decoded by biip (an independent GS1 parser)."""
	found = {}
	for bc in label.barcodes():
		assert bc.params["BC"].split(",")[5] == "D", "GS1-128: UCC/EAN mode, FNC1 first"
		message = biip.parse(bc.data).gs1_message
		for es in message.element_strings:
			assert es.ai.ai not in found, f"AI {es.ai.ai} in two symbols"
			found[es.ai.ai] = es.value
	return found


def _assert_symbols_on_the_label(label: Label, size: LabelSize) -> list[int]:
	"""Every barcode: >= 10 modules of light space to both label edges, bars and the interpretation
	line inside the label height, X >= 0.25 mm; symbols one under the other. Returns the modules."""
	bottom, modules = 0, []
	for bc in label.barcodes():
		x_dim = int(bc.params["BY"])
		assert _mm(x_dim, size.dpi) >= 0.25 - 1e-9
		mode = bc.params["BC"].split(",")[5] if bc.params["BC"].count(",") >= 5 else "N"
		if mode == "D":
			width = len(barcode.get("gs1_128", bc.data).build()[0])
		else:
			width = 11 * len(bc.data) + 35
		modules.append(width)
		assert bc.x >= 10 * x_dim, "left quiet zone"
		assert size.width_dots - (bc.x + width * x_dim) >= 10 * x_dim, "right quiet zone"
		bar_height = int(bc.params["BC"].split(",")[1])
		assert bc.y >= bottom, "symbols overlap"
		bottom = bc.y + bar_height + size.dots(HRI_DESIGN_DOTS)  # the interpretation line under the bars
		assert bottom <= size.height_dots
		assert _mm(bar_height, size.dpi) >= 12.7 - 1e-9  # GS1 SST minimum bar height
	return modules


@pytest.mark.parametrize("gtin", [DEMO_GTIN_13, "1" + DEMO_GTIN_13[:-1] + "2"], ids=["gtin13", "gtin14"])
@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_demo_batch_item_label_fits_the_standard_label_with_every_ai(dpi, gtin):
	"""QA: WMS-DEMO-014 (GTIN, expiry, 15-character batch) was refused at 101.6 x 50.8 mm."""
	size = LabelSize.from_mm(101.6, 50.8, dpi)
	label = parse_zpl(
		item_label_zpl(ItemLabel("WMS-DEMO-014", "Machine Oil 1L", DEMO_BATCH, EXPIRY, gtin), size=size)
	)
	assert _element_strings(label) == {
		"01": Gtin.parse(gtin).as_gtin_14(),
		"17": "270331",
		"10": DEMO_BATCH,
	}
	assert label.text() == ["WMS-DEMO-014", "Machine Oil 1L", f"Batch: {DEMO_BATCH}    Exp: 2027-03-31"]
	(modules,) = _assert_symbols_on_the_label(label, size)  # one symbol still fits at X = 0.25 mm
	# the old check (margins + quiet zones) would have needed more than the label holds
	assert (modules + 20) * size.min_module_dots > size.width_dots - 2 * size.margin_dots


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_a_20_character_batch_splits_into_01_17_and_10_symbols(dpi):
	size = LabelSize.from_mm(101.6, 50.8, dpi)
	batch = "LOT-2026-12-31-00042"
	label = parse_zpl(
		item_label_zpl(ItemLabel("SKU-1", "Widget " * 12, batch, EXPIRY, DEMO_GTIN_13), size=size)
	)
	first, second = label.barcodes()
	assert biip.parse(first.data).gs1_message.as_hri() == "(01)02000000000145(17)270331"
	assert biip.parse(second.data).gs1_message.as_hri() == f"(10){batch}"
	assert _element_strings(label) == {"01": "02000000000145", "17": "270331", "10": batch}
	assert label.text()[2] == f"Batch: {batch}    Exp: 2027-03-31"  # the text stays
	_assert_symbols_on_the_label(label, size)
	texts = [f for f in label.fields if f.kind == "text"]
	assert texts[1].params["FB"].split(",")[1] == "1", "the name keeps to one line to make room"
	assert max(f.y for f in texts) < first.y


@given(
	batch=st.from_regex(r"[A-Za-z0-9\-./_]{1,20}", fullmatch=True),
	expiry=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
	dpi=st.sampled_from([203, 300, 600]),
)
def test_any_gs1_batch_prints_on_the_standard_label_and_scans_back(batch, expiry, dpi):
	size = LabelSize.from_mm(101.6, 50.8, dpi)
	label = parse_zpl(
		item_label_zpl(ItemLabel("SKU-1", "Widget", batch, expiry, "09501101530003"), size=size)
	)
	expected = {"01": "09501101530003", "10": batch}
	if expiry:
		expected["17"] = f"{expiry:%y%m%d}"
	assert _element_strings(label) == expected
	_assert_symbols_on_the_label(label, size)


def test_gs1_data_too_long_even_when_split_is_refused_by_name():
	with pytest.raises(InvalidInput, match="too long for a 400-dot wide label"):
		item_label_zpl(
			ItemLabel("SKU-1", batch=DEMO_BATCH, expiry=EXPIRY, gtin=DEMO_GTIN_13),
			size=LabelSize.from_mm(50, 30, 203),
		)


def svg_symbol(svg: str) -> tuple[str, float, float, float]:
	"""(decoded data, X in mm, light space left of the bars, right of them) of an SVG Code 128 symbol."""
	root = ET.fromstring(svg.encode())
	bars = [
		(float(r.get("x").rstrip("m")), float(r.get("width").rstrip("m")))
		for r in root.iter("{http://www.w3.org/2000/svg}rect")
		if r.get("x") is not None
	]
	x_dim = min(w for _, w in bars)
	left = bars[0][0]
	right = float(root.get("width").rstrip("m")) - (bars[-1][0] + bars[-1][1])
	return _decode_code128(_svg_modules(svg, x_dim)), x_dim, left, right


def assert_scannable_gs1_svgs(svgs: list[str], width_mm: float = 100.0) -> dict[str, str]:
	"""Each symbol: GS1-128 (FNC1 first), X >= 0.25 mm, >= 10X light space each side, inside
	``width_mm``; returns the element strings of all of them, decoded by biip."""
	found = {}
	for svg in svgs:
		data, x_dim, left, right = svg_symbol(svg)
		assert data.startswith("\x1d"), "FNC1 first: GS1-128"
		assert x_dim >= 0.25 - 1e-9
		assert min(left, right) >= 10 * x_dim - 1e-6, "quiet zones"
		assert float(ET.fromstring(svg.encode()).get("width").rstrip("m")) <= width_mm + 1e-6
		for es in biip.parse(data[1:]).gs1_message.element_strings:
			assert es.ai.ai not in found
			found[es.ai.ai] = es.value
	return found


@pytest.mark.parametrize(
	"batch,count", [(DEMO_BATCH, 1), ("LOT-2026-12-31-00042", 2)], ids=["demo-batch", "20-characters"]
)
def test_gs1_128_svgs_of_a_batch_item_scan_back_and_fit_the_print_format(batch, count):
	svgs = gs1_128_svgs(DEMO_GTIN_13, expiry=EXPIRY, batch=batch)
	assert len(svgs) == count
	assert assert_scannable_gs1_svgs(svgs) == {"01": "02000000000145", "17": "270331", "10": batch}
	heights = [float(ET.fromstring(svg.encode()).get("height").rstrip("m")) for svg in svgs]
	assert sum(heights) <= 28, "under the code and name lines of a 50 mm label"


def test_gs1_128_svg_too_long_for_its_width_is_refused():
	with pytest.raises(InvalidInput, match="too long for a 60 mm wide label"):
		gs1_128_svg(DEMO_GTIN_13, expiry=EXPIRY, batch=DEMO_BATCH, width_mm=60)
