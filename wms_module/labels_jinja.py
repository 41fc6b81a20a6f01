"""Jinja methods for the label print formats (hooks.py ``jinja = {"methods": [...]}``).

Frappe v15 ``frappe.utils.jinja.get_jinja_hooks`` imports each dotted path and puts the
function into the print-format Jinja environment under its ``__name__``:

	{{ code128_svg(doc.barcode) }}
	{{ item_barcode_svg(doc.item_code) }}
	{{ label_text(doc.item_name) }}

Both return inline ``<svg>`` markup (the XML declaration dropped, so it can sit inside
HTML) as ``Markup``, so it is not escaped whether or not the environment autoescapes.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from wms_module.services import labels

_PROLOGUE = re.compile(r"^\s*<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)


def inline_svg(svg: str) -> Markup:
	"""An SVG document as markup for inside HTML: no XML declaration or doctype."""
	return Markup(_PROLOGUE.sub("", svg))


def label_text(value: str | None) -> Markup:
	"""A stored text value for the label's HTML, escaped exactly once: Frappe stored it sanitized
	(see ``labels.stored_text``), so printing it with ``| e`` would show "&amp;lt;" on paper."""
	return Markup.escape(labels.stored_text(value))


def code128_svg(value: str) -> Markup:
	"""The Code 128 symbol of ``value`` (for a bin: ``doc.barcode``, code + check character)."""
	return inline_svg(labels.barcode_svg(value or "", what=f"Barcode {value!r}"))


def item_barcode_svg(item_code: str, batch_no: str | None = None) -> Markup:
	"""GS1-128 when the item has a GTIN barcode, else Code 128 of the item code. With a batch
	whose (01)+(17)+(10) does not fit one symbol on the label, two ``<svg>`` one under the other."""
	svgs = labels.render_item_barcode_svgs(item_code=item_code, batch_no=batch_no)
	return Markup("").join(inline_svg(svg) for svg in svgs)
