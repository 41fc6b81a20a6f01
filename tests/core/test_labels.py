import re
import string
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date

import pytest
from barcode.charsets.code128 import CODES, STOP
from hypothesis import given
from hypothesis import strategies as st

from wms_module.core.bins import barcode_value
from wms_module.core.errors import InvalidInput
from wms_module.core.labels import (
	BinLabel,
	ItemLabel,
	LabelSize,
	bin_label_zpl,
	code128_svg,
	gs1_128_svg,
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
		if v in switch[subset]:
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
