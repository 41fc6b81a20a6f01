"""Bin and item labels: load the documents in a few queries, lay the labels out with core/labels.

- ``render_bin_labels``: one ZPL stream (one ``^XA...^XZ`` format per bin) for an explicit
  list of bins, a zone, or a warehouse. Three queries whatever the number of bins: the
  bins, their zones' codes, the printer resolution.
- ``render_item_label``: an item label, optionally for one batch (batch number and expiry
  on the label; with a GTIN on the item, the barcode is GS1-128 (01)(17)(10)).
- ``render_bin_barcode_svg``: the Code 128 symbol of a bin's barcode value as SVG.
- ``render_item_barcode_svgs``: an item's barcode(s) as SVG, for the Item Label print format.

Printer resolution: the ``dpi`` argument, else WMS Settings > Thermal Printer Resolution
(203/300/600 dpi). Label size: ``width_mm`` x ``height_mm`` (default 4 in x 2 in, 101.6 x
50.8 mm), turned into dots at that resolution; core/labels scales the whole layout (positions,
fonts, bar height, module width) so the label prints the same physical size at any resolution.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate

from wms_module.core import labels as core_labels
from wms_module.core.errors import InvalidInput
from wms_module.core.labels import BinLabel, ItemLabel, LabelSize
from wms_module.exceptions import LabelError

LABEL_WIDTH_MM = 101.6  # 4 in
LABEL_HEIGHT_MM = 50.8  # 2 in
SUPPORTED_DPI = core_labels.SUPPORTED_DPI
MAX_COPIES = 999
# Item Barcode types (erpnext item_barcode.json) whose value is a GTIN of some length.
GTIN_BARCODE_TYPES = {"EAN", "EAN-8", "EAN-12", "UPC-A", "UPC", "GTIN", "JAN"}


def _throw(message: str, exc=LabelError):
	frappe.throw(message, exc=exc, title=_("Label not possible"))


def label_size(
	dpi: int | None = None, width_mm: float | None = None, height_mm: float | None = None
) -> LabelSize:
	"""A ``width_mm`` x ``height_mm`` label (default 4 in x 2 in) in dots at ``dpi``
	(default: WMS Settings.label_dpi, else 203)."""
	if dpi is None:
		dpi = cint(frappe.db.get_single_value("WMS Settings", "label_dpi")) or 203
	try:
		return LabelSize.from_mm(
			flt(width_mm) or LABEL_WIDTH_MM, flt(height_mm) or LABEL_HEIGHT_MM, cint(dpi)
		)
	except InvalidInput as e:
		_throw(str(e))


# --------------------------------------------------------------------------- bins

BIN_FIELDS = ["name", "bin_code", "warehouse", "zone", "barcode"]


def _bins_selected(storage_bins: list[str] | None, zone: str | None, warehouse: str | None) -> list:
	"""Storage Bin rows in print order, one query (plus one to explain an empty zone/warehouse)."""
	given = [x for x in (storage_bins is not None, bool(zone), bool(warehouse)) if x]
	if len(given) != 1:
		_throw(_("Give exactly one of storage_bins, zone or warehouse to choose the bins to label"))
	if storage_bins is not None:
		names = list(dict.fromkeys(b for b in storage_bins if b))
		if not names:
			_throw(_("storage_bins is empty; expected at least one Storage Bin name"))
		rows = frappe.get_all("Storage Bin", filters={"name": ["in", names]}, fields=BIN_FIELDS)
		by_name = {r.name: r for r in rows}
		unknown = [n for n in names if n not in by_name]
		if unknown:
			_throw(
				_("Storage Bin {0} not found").format(", ".join(map(frappe.bold, unknown))),
				frappe.DoesNotExistError,
			)
		return [by_name[n] for n in names]

	doctype, value = ("Storage Zone", zone) if zone else ("Warehouse", warehouse)
	field = "zone" if zone else "warehouse"
	rows = frappe.get_all(
		"Storage Bin",
		filters={field: value, "is_unlocated": 0},
		fields=BIN_FIELDS,
		order_by="bin_code asc",
	)
	if not rows:
		if not frappe.db.exists(doctype, value):
			_throw(_("{0} {1} not found").format(_(doctype), frappe.bold(value)), frappe.DoesNotExistError)
		_throw(_("{0} {1} has no storage bins to label").format(_(doctype), frappe.bold(value)))
	return rows


def _zone_codes(zones: Iterable[str]) -> dict[str, str]:
	zones = sorted(set(filter(None, zones)))
	if not zones:
		return {}
	rows = frappe.get_all("Storage Zone", filters={"name": ["in", zones]}, fields=["name", "zone_code"])
	return {r.name: r.zone_code for r in rows}


def render_bin_labels(
	*,
	storage_bins: list[str] | None = None,
	zone: str | None = None,
	warehouse: str | None = None,
	size: LabelSize | None = None,
) -> str:
	"""One ZPL stream with a label per bin: the listed bins (in the order given), or every
	located bin of a zone or warehouse (by bin code); ``size`` default: ``label_size()``."""
	size = size or label_size()
	rows = _bins_selected(storage_bins, zone, warehouse)
	zones = _zone_codes(r.zone for r in rows)
	out = []
	for row in rows:
		label = BinLabel(row.bin_code, zone=zones.get(row.zone, ""), barcode=row.barcode or "")
		try:
			out.append(core_labels.bin_label_zpl(label, size=size))
		except InvalidInput as e:
			_throw(_("Storage Bin {0}: {1}").format(frappe.bold(row.name), str(e)))
	return "\n".join(out) + "\n"


def render_bin_barcode_svg(*, storage_bin: str) -> str:
	"""The Code 128 symbol (code + check character) of one bin, as an SVG document."""
	value = frappe.db.get_value("Storage Bin", storage_bin, "barcode")
	if value is None:
		_throw(_("Storage Bin {0} not found").format(frappe.bold(storage_bin)), frappe.DoesNotExistError)
	return barcode_svg(value, what=_("Storage Bin {0}").format(storage_bin))


def barcode_svg(value: str, *, what: str) -> str:
	try:
		return core_labels.code128_svg(value)
	except InvalidInput as e:
		_throw(_("{0}: {1}").format(what, str(e)))


# --------------------------------------------------------------------------- items


def item_gtin(barcodes: Iterable) -> str | None:
	"""The first Item Barcode row that holds a GTIN (by type, or unlabelled 8/12/13/14 digits)."""
	for row in barcodes:
		code = (row.barcode or "").strip()
		if not code.isdigit():
			continue
		if row.barcode_type in GTIN_BARCODE_TYPES or (not row.barcode_type and len(code) in (8, 12, 13, 14)):
			return code
	return None


def stored_text(value: str | None) -> str:
	"""The text a user typed, from a value as Frappe stored it. Frappe v15 runs every Data value that
	looks like HTML through its sanitizer on save (BaseDocument._sanitize_content ->
	frappe.utils.html_utils.sanitize_html), so "Bolts <M8> & nuts" is stored as
	"Bolts &lt;M8&gt; &amp; nuts"; a label prints what was typed (ZPL and SVG escape nothing,
	and the HTML print format escapes it once itself)."""
	return html.unescape(value or "")


def load_item_label(item_code: str, batch_no: str | None = None) -> ItemLabel:
	"""The label data of an item (and batch): three queries at most."""
	item = frappe.db.get_value("Item", item_code, ["item_code", "item_name", "has_batch_no"], as_dict=True)
	if not item:
		_throw(_("Item {0} not found").format(frappe.bold(item_code)), frappe.DoesNotExistError)
	barcodes = frappe.get_all(
		"Item Barcode",
		filters={"parent": item.item_code, "parenttype": "Item"},
		fields=["barcode", "barcode_type"],
		order_by="idx asc",
	)
	expiry = None
	if batch_no:
		batch = frappe.db.get_value("Batch", batch_no, ["item", "expiry_date"], as_dict=True)
		if not batch:
			_throw(_("Batch {0} not found").format(frappe.bold(batch_no)), frappe.DoesNotExistError)
		if batch.item != item.item_code:
			_throw(
				_("Batch {0} belongs to item {1}, not to {2}").format(
					frappe.bold(batch_no), batch.item, frappe.bold(item.item_code)
				)
			)
		expiry = getdate(batch.expiry_date) if batch.expiry_date else None
	return ItemLabel(
		item_code=item.item_code,
		item_name=stored_text(item.item_name),
		batch=batch_no or None,
		expiry=expiry,
		gtin=item_gtin(barcodes),
	)


def with_copies(zpl: str, copies: int) -> str:
	"""Ask the printer for ``copies`` prints of one label format (``^PQ`` before ``^XZ``)."""
	if copies == 1:
		return zpl
	return zpl[: -len("^XZ")] + f"^PQ{copies}^XZ"


def render_item_label(
	*, item_code: str, batch_no: str | None = None, copies: int = 1, size: LabelSize | None = None
) -> str:
	"""ZPL for an item label (with batch and expiry when ``batch_no`` is given), ``copies`` times;
	``size`` default: ``label_size()``."""
	if not 1 <= copies <= MAX_COPIES:
		_throw(_("copies must be between 1 and {0}, got {1}").format(MAX_COPIES, copies))
	label = load_item_label(item_code, batch_no)
	try:
		zpl = core_labels.item_label_zpl(label, size=size or label_size())
	except InvalidInput as e:
		_throw(_("Item {0}: {1}").format(frappe.bold(item_code), str(e)))
	return with_copies(zpl, copies) + "\n"


def render_item_barcode_svgs(*, item_code: str, batch_no: str | None = None) -> list[str]:
	"""GS1-128 (with a GTIN; two symbols when (01)+(17)+(10) is too long for one on the
	label, as on the ZPL label) or Code 128 of the item code, as SVG documents."""
	label = load_item_label(item_code, batch_no)
	try:
		if label.gtin:
			return core_labels.gs1_128_svgs(label.gtin, expiry=label.expiry, batch=label.batch)
		return [core_labels.code128_svg(label.item_code)]
	except InvalidInput as e:
		_throw(_("Item {0}: {1}").format(frappe.bold(item_code), str(e)))
