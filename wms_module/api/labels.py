"""Label endpoints: ZPL for thermal printers (as a .zpl file download) and SVG barcodes.

The ZPL endpoints answer with the raw ZPL as an attachment (Frappe's download response:
``frappe.response.filename / filecontent / type = "download"``, frappe/utils/response.py
``as_raw``), so a browser saves it and a print agent can pipe it to port 9100 unchanged.
"""

import re

import frappe

from wms_module.api.openapi import file_response
from wms_module.roles import WMS_ROLES, require_roles
from wms_module.services import labels

ZPL_CONTENT_TYPE = "text/plain"  # werkzeug adds "; charset=utf-8" to text/* mimetypes


def _download(filename: str, content: str) -> None:
	frappe.response.filename = filename
	frappe.response.filecontent = content
	frappe.response.content_type = ZPL_CONTENT_TYPE
	frappe.response.type = "download"


def _bin_names(storage_bins: list[str] | str | None) -> list[str] | None:
	"""A JSON list (what frappe.call sends for an array), a list, or one bin name."""
	if storage_bins is None or isinstance(storage_bins, list):
		return storage_bins
	text = storage_bins.strip()
	if text.startswith("["):
		try:
			parsed = frappe.parse_json(text)
		except ValueError:
			parsed = None
		if not isinstance(parsed, list) or not all(isinstance(x, str) for x in parsed):
			frappe.throw(
				frappe._("storage_bins must be a JSON list of Storage Bin names, got {0}").format(text)
			)
		return parsed
	return [text]


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
@file_response(ZPL_CONTENT_TYPE)
def bin_labels_zpl(
	storage_bins: list[str] | str | None = None,
	zone: str | None = None,
	warehouse: str | None = None,
	dpi: int | None = None,
	width_mm: float | None = None,
	height_mm: float | None = None,
) -> None:
	"""Download bin labels as one ZPL file: the given bins, or every bin of a zone or warehouse.

	``dpi`` (203/300/600, default WMS Settings) and the label size in mm (default 4 x 2 in)."""
	size = labels.label_size(dpi, width_mm, height_mm)
	zpl = labels.render_bin_labels(
		storage_bins=_bin_names(storage_bins), zone=zone, warehouse=warehouse, size=size
	)
	_download("bin-labels.zpl", zpl)


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
@file_response(ZPL_CONTENT_TYPE)
def item_label_zpl(
	item_code: str,
	batch_no: str | None = None,
	copies: int = 1,
	dpi: int | None = None,
	width_mm: float | None = None,
	height_mm: float | None = None,
) -> None:
	"""Download an item label (with batch and expiry when batch_no is given) as a ZPL file."""
	size = labels.label_size(dpi, width_mm, height_mm)
	zpl = labels.render_item_label(item_code=item_code, batch_no=batch_no or None, copies=copies, size=size)
	_download(f"item-label-{re.sub(r'[^A-Za-z0-9._-]+', '_', item_code)}.zpl", zpl)


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES)
def bin_label_svg(storage_bin: str) -> str:
	"""The Code 128 barcode (bin code + check character) of one bin, as an SVG document."""
	return labels.render_bin_barcode_svg(storage_bin=storage_bin)
