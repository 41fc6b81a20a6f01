"""Labels: ZPL II for Zebra-compatible thermal printers, SVG barcodes for the browser.

ZPL labels are 4 in × 2 in at 203 dpi (812 × 406 dots) unless another
``LabelSize`` is passed; ``LabelSize.from_mm(width_mm, height_mm, dpi)`` turns a
label size in millimetres into dots at the printer's resolution (203, 300 or
600 dpi). The layout is drawn in dots of a 203 dpi printer on a 2 in high label
and every coordinate, font height, bar height and module width is scaled to the
printer, so a label prints the same physical size at any resolution (a label
lower than 2 in scales the layout down to fit). Every format starts ``^XA``,
selects UTF-8 (``^CI28``), sets print width and label length, and ends ``^XZ``.

How text that would break ZPL is handled:

- Text fields are sent with ``^FH_`` (field hex), and ``_``, ``^`` and ``~``
  are written as ``_5F``, ``_5E`` and ``_7E``: the printer prints exactly those
  characters and never reads them as a command prefix. Control characters
  (tab, newline, ...) are replaced by a space.
- Code 128 barcode data is encoded in subset B, where ZPL reserves ``^``, ``>``
  and ``~``; they are written with ZPL's invocation codes ``><``, ``>0`` and
  ``>=`` so the scanner reads the original character. Characters Code 128
  subset B cannot hold (control characters, anything beyond ASCII) are
  refused with InvalidInput rather than silently dropped.

>>> zpl = bin_label_zpl(BinLabel("A-01-02-3", zone="PICK"))
>>> zpl.startswith("^XA^CI28^PW812^LL406") and zpl.endswith("^XZ")
True
>>> "^BCN,130,Y,N,N^FDA-01-02-3Y^FS" in zpl
True
>>> zpl_text("50% ^off~_now")
'50% _5Eoff_7E_5Fnow'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import barcode
import biip
from barcode.errors import BarcodeError
from barcode.writer import SVGWriter
from biip.gtin import Gtin

from wms_module.core.bins import DEFAULT_CODE_FORMAT, barcode_value
from wms_module.core.errors import InvalidInput

MM_PER_INCH = 25.4
SUPPORTED_DPI = (203, 300, 600)
"""Zebra printheads: 8, 12 and 24 dots per mm."""
DESIGN_DPI = 203
DESIGN_HEIGHT_DOTS = 406
"""The layouts below are drawn in dots of a 203 dpi printer on a 2 in (406-dot) high label."""
DESIGN_MARGIN_DOTS = 30


def mm_to_dots(mm: float, dpi: int) -> int:
	"""A length in millimetres as whole printer dots.

	>>> mm_to_dots(101.6, 203), mm_to_dots(101.6, 300), mm_to_dots(50.8, 600)
	(812, 1200, 1200)
	"""
	return round(mm * dpi / MM_PER_INCH)


@dataclass(frozen=True)
class LabelSize:
	"""Label size in printer dots, and the printer's resolution."""

	width_dots: int = 812
	height_dots: int = 406
	dpi: int = 203
	margin_dots: int = DESIGN_MARGIN_DOTS

	@classmethod
	def from_mm(cls, width_mm: float, height_mm: float, dpi: int = DESIGN_DPI) -> LabelSize:
		"""A ``width_mm`` × ``height_mm`` label on a ``dpi`` printer.

		>>> LabelSize.from_mm(101.6, 50.8, 300)
		LabelSize(width_dots=1200, height_dots=600, dpi=300, margin_dots=44)
		"""
		if dpi not in SUPPORTED_DPI:
			raise InvalidInput(
				f"Printer resolution {dpi!r} dpi is not supported; expected one of {SUPPORTED_DPI}"
			)
		for name, mm in (("width", width_mm), ("height", height_mm)):
			if not (isinstance(mm, int | float) and 10 <= mm <= 300):
				raise InvalidInput(f"Label {name} {mm!r} mm is out of range; expected 10 to 300 mm")
		size = cls(mm_to_dots(width_mm, dpi), mm_to_dots(height_mm, dpi), dpi)
		return cls(size.width_dots, size.height_dots, dpi, size.dots(DESIGN_MARGIN_DOTS))

	@property
	def scale(self) -> float:
		"""Printer dots per design dot: the resolution's ratio, smaller when the label is lower than 2 in."""
		return min(self.dpi / DESIGN_DPI, self.height_dots / DESIGN_HEIGHT_DOTS)

	def dots(self, design_dots: float) -> int:
		"""A distance of the 203 dpi layout in this printer's dots (at least 1)."""
		return max(1, round(design_dots * self.scale))

	@property
	def min_module_dots(self) -> int:
		"""The narrowest bar this printer may print: MIN_MODULE_MM rounded up to whole dots."""
		return max(1, math.ceil(MIN_MODULE_MM * self.dpi / MM_PER_INCH - 1e-6))


LABEL_4X2_203DPI = LabelSize()


@dataclass(frozen=True)
class BinLabel:
	"""A storage-bin label. ``barcode`` defaults to the code plus its check character;
	``text`` defaults to the address spelled out when the code is in the default format."""

	code: str
	zone: str = ""
	text: str = ""
	barcode: str = ""


@dataclass(frozen=True)
class ItemLabel:
	"""An item label. With a GTIN the barcode is GS1-128 (01 GTIN, 17 expiry, 10 batch);
	without, it is Code 128 of the item code."""

	item_code: str
	item_name: str = ""
	batch: str | None = None
	expiry: date | None = None
	gtin: str | None = None


# --------------------------------------------------------------------------- escaping


def zpl_text(value: str) -> str:
	"""Field data for a text field sent with ``^FH_`` (see the module docstring)."""
	value = re.sub(r"[\x00-\x1f\x7f]", " ", value)
	return value.replace("_", "_5F").replace("^", "_5E").replace("~", "_7E")


_CODE128_B = {"^": "><", ">": ">0", "~": ">="}


def code128_data(value: str) -> str:
	"""``^FD`` data for ``^BC`` (mode N, subset B) that encodes ``value`` exactly.

	>>> code128_data("A>B^C~D")
	'A>0B><C>=D'
	"""
	if not value:
		raise InvalidInput("Code 128 value is empty; expected at least one character")
	for ch in value:
		if not " " <= ch <= "~":
			raise InvalidInput(
				f"Code 128 value {value!r} contains {ch!r}; expected printable ASCII (space to '~')"
			)
	return "".join(_CODE128_B.get(ch, ch) for ch in value)


MIN_MODULE_MM = 0.25
"""Narrowest bar printed (the X-dimension floor): 0.25 mm, i.e. 2 dots at 203 dpi, 3 at 300 (0.254 mm),
6 at 600 (0.254 mm). Below 2 dots a thermal printhead cannot keep bars and spaces even.

GS1 General Specifications 5.4.4.1 leaves the GS1-128 X-dimension to the application's
symbol specification table: the table for regulated healthcare non-retail items not scanned
in general distribution (SST 6 in the edition read) allows X from 0.170 mm (bars at least
12.70 mm high, quiet zones 10X), so 0.25 mm is
inside the GS1 range for items handled in a warehouse with handheld scanners. The tables
for general distribution ask for more (0.495 mm minimum, not re-read here): a 4 in wide
label cannot hold (01)+(17)+(10) at that X, which is one reason logistic labels split the
element strings over two symbols (see ``item_label_zpl``)."""
MAX_MODULE_DESIGN_DOTS = 4
BAR_HEIGHT_DESIGN_DOTS = 130
QUIET_ZONE_MODULES = 10
"""GS1 General Specifications 5.4.4.2: the Quiet Zone left and right of a GS1-128 symbol is at
least 10X (Code 128 itself, ISO/IEC 15417, asks the same). It is light space beside the bars,
not space on top of a label margin: the label margin may be part of it. So a symbol fits when
its bars plus 10 modules each side fit the label's full width."""


def code128_modules(value: str, *, gs1: bool = False) -> int:
	"""Modules (narrowest bar widths) of the Code 128 symbol, quiet zones excluded.

	GS1-128 is measured as python-barcode encodes it (FNC1 first, digit runs in subset C, as
	ZPL's UCC/EAN mode packs them); plain values stay in subset B as ZPL mode N sends them:
	start + one symbol per character + check (11 modules each) + stop (13).

	>>> code128_modules("A-01-02-3Y"), code128_modules("0109501101530003", gs1=True)
	(145, 134)
	"""
	if gs1:
		return len(barcode.get("gs1_128", value).build()[0])
	return 11 * len(value) + 35


def module_dots(modules: int, size: LabelSize) -> int | None:
	"""The widest module (in dots, at most 4 design dots, at least MIN_MODULE_MM) with which a
	``modules``-wide symbol and its 10-module quiet zones fit the label width; None when none does.

	>>> module_dots(365, LABEL_4X2_203DPI), module_dots(420, LABEL_4X2_203DPI)
	(2, None)
	"""
	narrowest = size.min_module_dots
	widest = max(narrowest, size.dots(MAX_MODULE_DESIGN_DOTS))
	width = min(widest, size.width_dots // (modules + 2 * QUIET_ZONE_MODULES))
	return width if width >= narrowest else None


def _barcode_field(
	value: str,
	data: str,
	size: LabelSize,
	y: int,
	*,
	gs1: bool = False,
	height: int = BAR_HEIGHT_DESIGN_DOTS,
) -> str:
	"""``^FO``/``^BY``/``^BC`` for one Code 128 symbol, centred, widest module that fits with quiet zones.

	``value`` is what the bars hold, ``data`` the ``^FD`` text; ``y`` and ``height`` in design dots.
	"""
	modules = code128_modules(value, gs1=gs1)
	width = module_dots(modules, size)
	if width is None:
		narrowest = size.min_module_dots
		raise InvalidInput(
			f"Barcode value {value!r} is too long for a {size.width_dots}-dot wide label: it needs "
			f"{(modules + 2 * QUIET_ZONE_MODULES) * narrowest} dots (quiet zones included) at "
			f"{narrowest} dots per bar; expected a shorter value"
		)
	x = (size.width_dots - modules * width) // 2  # >= 10 modules of light space to each edge
	mode = ",D" if gs1 else ""
	return f"^FO{x},{size.dots(y)}^BY{width}^BCN,{size.dots(height)},Y,N,N{mode}^FD{data}^FS"


# --------------------------------------------------------------------------- ZPL


def _text(
	size: LabelSize, y: int, height: int, value: str, *, block_width: int | None = None, lines: int = 1
) -> str:
	"""A text field at the left margin; ``y`` and ``height`` in design dots, ``block_width`` in printer dots."""
	block = f"^FB{block_width},{lines},0,L,0" if block_width else ""
	h = size.dots(height)
	return f"^FO{size.margin_dots},{size.dots(y)}^A0N,{h},{h}{block}^FH_^FD{zpl_text(value)}^FS"


def _start(size: LabelSize) -> str:
	return f"^XA^CI28^PW{size.width_dots}^LL{size.height_dots}^LH0,0"


def _default_bin_text(code: str) -> str:
	try:
		address = DEFAULT_CODE_FORMAT.parse(code)
	except InvalidInput:
		return ""
	text = f"Aisle {address.aisle}  Bay {address.bay:02d}  Level {address.level:02d}"
	return text + (f"  Pos {address.position}" if address.position is not None else "")


def bin_label_zpl(label: BinLabel, *, size: LabelSize = LABEL_4X2_203DPI) -> str:
	"""ZPL for one bin label: code (large), address text, zone, Code 128 of the barcode value.

	>>> print(bin_label_zpl(BinLabel("A-01-02-3", zone="PICK")).replace("^FS", "^FS\\n"))
	^XA^CI28^PW812^LL406^LH0,0^FO30,20^A0N,90,90^FH_^FDA-01-02-3^FS
	^FO30,115^A0N,34,34^FH_^FDAisle A  Bay 01  Level 02  Pos 3^FS
	^FO30,158^A0N,34,34^FH_^FDZone: PICK^FS
	^FO116,210^BY4^BCN,130,Y,N,N^FDA-01-02-3Y^FS
	^XZ
	"""
	value = label.barcode or barcode_value(label.code)
	parts = [_start(size), _text(size, 20, 90, label.code)]
	text = label.text or _default_bin_text(label.code)
	if text:
		parts.append(_text(size, 115, 34, text))
	if label.zone:
		parts.append(_text(size, 158, 34, f"Zone: {label.zone}"))
	parts.append(_barcode_field(value, code128_data(value), size, 210))
	parts.append("^XZ")
	return "".join(parts)


_GS1_BATCH = re.compile(r"[A-Za-z0-9\-./_]{1,20}")


def gs1_element_string(gtin: str, *, expiry: date | None = None, batch: str | None = None) -> str:
	"""Human-readable GS1 element string, fixed-length AIs first so no separator is needed.

	>>> gs1_element_string("9501101530003", expiry=date(2026, 12, 31), batch="L-42")
	'(01)09501101530003(17)261231(10)L-42'
	"""
	try:
		gtin14 = Gtin.parse(gtin).as_gtin_14()
	except biip.ParseError as exc:
		raise InvalidInput(f"GTIN {gtin!r} is not valid: {exc}") from None
	text = f"(01){gtin14}"
	if expiry is not None:
		text += f"(17){expiry:%y%m%d}"
	if batch:
		if not _GS1_BATCH.fullmatch(batch):
			raise InvalidInput(
				f"Batch {batch!r} cannot go in a GS1-128 barcode; expected 1-20 of A-Z a-z 0-9 - . / _"
			)
		text += f"(10){batch}"
	return text


# Design-dot layouts of the item label: one GS1-128 symbol, or two when one does not fit.
ITEM_ONE_SYMBOL = {"code": (20, 60), "name": (85, 30, 2), "details": (155, 30), "bars": ((200, 130),)}
ITEM_TWO_SYMBOLS = {
	"code": (15, 45),
	"name": (65, 28, 1),
	"details": (98, 28),
	"bars": ((134, 102), (266, 102)),
}
"""Two symbols: 102-dot (12.76 mm) bars, each with 28 dots (3.5 mm) under it for the
interpretation line the printer adds, the second ending at 396 of 406. 12.70 mm is the
GS1-128 minimum bar height in the symbol specification table quoted at MIN_MODULE_MM."""
HRI_DESIGN_DOTS = 28


def gs1_symbols(gtin: str, *, expiry: date | None, batch: str | None, size: LabelSize) -> list[str]:
	"""The GS1 element strings to print as GS1-128 symbols on one label: all in one when that
	symbol fits the label width, else (01)+(17) and (10) apart.

	Two symbols for one trade item are what GS1 logistic labels do when the data is too long
	for one (the element strings are concatenated only within a symbol; a scanner reads each
	symbol on its own and the application identifiers say what each value is).

	>>> gs1_symbols("2000000000145", expiry=date(2026, 12, 31), batch="WMS-DEMO-014-B1", size=LABEL_4X2_203DPI)
	['(01)02000000000145(17)261231(10)WMS-DEMO-014-B1']
	>>> gs1_symbols("2000000000145", expiry=date(2026, 12, 31), batch="LOT-2026-12-31-00042", size=LABEL_4X2_203DPI)
	['(01)02000000000145(17)261231', '(10)LOT-2026-12-31-00042']
	"""
	whole = gs1_element_string(gtin, expiry=expiry, batch=batch)
	if not batch or module_dots(code128_modules(_bars(whole), gs1=True), size) is not None:
		return [whole]
	head = gs1_element_string(gtin, expiry=expiry)
	return [head, whole[len(head) :]]


def _bars(element_string: str) -> str:
	"""What the bars of an element string hold: the parentheses are only for people."""
	return re.sub(r"[()]", "", element_string)


def item_label_zpl(label: ItemLabel, *, size: LabelSize = LABEL_4X2_203DPI) -> str:
	"""ZPL for one item label: item code, name, batch and expiry, barcode(s).

	With a GTIN the barcode is GS1-128 in ZPL's UCC/EAN mode (``^BC...,D``): the
	printer encodes FNC1, drops the parentheses from the bars and prints them in
	the human-readable line. When (01)+(17)+(10) is too long for one symbol on the
	label, (01)+(17) and (10) get a symbol each (``gs1_symbols``) and the text above
	is set smaller (the name on one line) to make room.

	>>> zpl = item_label_zpl(ItemLabel("SKU-1", "Widget", batch="L-42", expiry=date(2026, 12, 31), gtin="9501101530003"))
	>>> "^BCN,130,Y,N,N,D^FD(01)09501101530003(17)261231(10)L-42^FS" in zpl
	True
	"""
	if label.gtin:
		symbols = gs1_symbols(label.gtin, expiry=label.expiry, batch=label.batch, size=size)
	else:
		symbols = [label.item_code]
	layout = ITEM_ONE_SYMBOL if len(symbols) == 1 else ITEM_TWO_SYMBOLS
	m = size.margin_dots
	parts = [_start(size), _text(size, *layout["code"], label.item_code)]
	if label.item_name:
		y, height, lines = layout["name"]
		parts.append(
			_text(size, y, height, label.item_name, block_width=size.width_dots - 2 * m, lines=lines)
		)
	details = []
	if label.batch:
		details.append(f"Batch: {label.batch}")
	if label.expiry:
		details.append(f"Exp: {label.expiry.isoformat()}")
	if details:
		parts.append(_text(size, *layout["details"], "    ".join(details)))
	for symbol, (y, height) in zip(symbols, layout["bars"], strict=True):
		if label.gtin:
			parts.append(_barcode_field(_bars(symbol), symbol, size, y, gs1=True, height=height))
		else:
			parts.append(_barcode_field(symbol, code128_data(symbol), size, y, height=height))
	parts.append("^XZ")
	return "".join(parts)


# --------------------------------------------------------------------------- SVG


def code128_svg(
	value: str, *, module_width: float = 0.2, module_height: float = 15.0, text: bool = True
) -> str:
	"""An SVG document with the Code 128 symbol of ``value`` (sizes in mm).

	>>> svg = code128_svg("A-01-02-3Y")
	>>> svg.startswith("<?xml") and "A-01-02-3Y" in svg
	True
	"""
	try:
		symbol = barcode.get("code128", value, writer=SVGWriter())
	except BarcodeError as exc:
		raise InvalidInput(f"Code 128 value {value!r} cannot be encoded: {exc}") from None
	if not value:
		raise InvalidInput("Code 128 value is empty; expected at least one character")
	options = {"module_width": module_width, "module_height": module_height, "write_text": text}
	return symbol.render(options).decode("utf-8")


SVG_LABEL_WIDTH_MM = 100.0
"""The print formats' label width. A symbol may span it whole: its 10X quiet zones (GS1
GenSpecs 5.4.4.2) are drawn inside the SVG and may lie over the label's padding."""
SVG_MAX_MODULE_MM = 0.33
SVG_BAR_HEIGHT_MM = (15.0, 10.0)
"""Bar height of one symbol, and of each of two (so two still fit a 50 mm label)."""


def gs1_128_svg(
	gtin: str,
	*,
	expiry: date | None = None,
	batch: str | None = None,
	width_mm: float = SVG_LABEL_WIDTH_MM,
) -> str:
	"""An SVG document with one GS1-128 symbol (FNC1 + element strings), HRI text under it,
	at most ``width_mm`` wide with its quiet zones; refused when X would be below 0.25 mm."""
	(svg,) = _gs1_svgs([gs1_element_string(gtin, expiry=expiry, batch=batch)], width_mm)
	return svg


def gs1_128_svgs(
	gtin: str,
	*,
	expiry: date | None = None,
	batch: str | None = None,
	width_mm: float = SVG_LABEL_WIDTH_MM,
) -> list[str]:
	"""The GS1-128 symbols of an item label as SVG documents: one when (01)+(17)+(10) fits
	``width_mm`` at X >= 0.25 mm with its quiet zones, else (01)+(17) and (10) apart, as the
	ZPL label does (``gs1_symbols``).

	>>> [len(gs1_128_svgs("2000000000145", expiry=date(2027, 3, 31), batch=b)) for b in ("WMS-DEMO-014-B1", "L" * 20)]
	[1, 2]
	"""
	whole = gs1_element_string(gtin, expiry=expiry, batch=batch)
	if not batch or _svg_module_mm(whole, width_mm) >= MIN_MODULE_MM:
		return _gs1_svgs([whole], width_mm)
	head = gs1_element_string(gtin, expiry=expiry)
	return _gs1_svgs([head, whole[len(head) :]], width_mm)


def _svg_module_mm(element_string: str, width_mm: float) -> float:
	"""The widest X (mm, 0.001 steps, at most 0.33) with which the symbol and 2 x 10X fit ``width_mm``."""
	modules = code128_modules(_bars(element_string), gs1=True) + 2 * QUIET_ZONE_MODULES
	return min(SVG_MAX_MODULE_MM, math.floor(width_mm / modules * 1000) / 1000)


def _gs1_svgs(element_strings: list[str], width_mm: float) -> list[str]:
	height = SVG_BAR_HEIGHT_MM[len(element_strings) > 1]
	out = []
	for hri in element_strings:
		x_dim = _svg_module_mm(hri, width_mm)
		if x_dim < MIN_MODULE_MM:
			raise InvalidInput(
				f"GS1 data {hri} is too long for a {width_mm:g} mm wide label at {MIN_MODULE_MM} mm per "
				"bar; expected a shorter batch"
			)
		symbol = barcode.get("gs1_128", _bars(hri), writer=SVGWriter())
		options = {
			"module_width": x_dim,
			"module_height": height,
			"quiet_zone": QUIET_ZONE_MODULES * x_dim,
			"font_size": 8,
			"text_distance": 1.5,
			"margin_top": 0.5,
			"margin_bottom": 0.5,
			"write_text": True,
		}
		out.append(symbol.render(options, text=hri).decode("utf-8"))
	return out
