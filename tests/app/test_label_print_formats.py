"""The label print formats: standard Print Format JSON a bench syncs, and html that renders barcodes.

JSON keys as in erpnext's standard formats (e.g. stock/print_format/dn_packaging_label).
Rendering: Frappe v15 puts each ``jinja["methods"]`` path of hooks.py into the print
Jinja environment under the function's ``__name__`` (frappe/utils/jinja.py
get_jinja_hooks); the benchless stand-in has no print view, so the test builds that
environment the same way and renders the html against real documents.
"""

from __future__ import annotations

import importlib
import xml.etree.ElementTree as ET

import frappe
import pytest
from jinja2.sandbox import SandboxedEnvironment

from tests.app.app_files import MODULE_NAME, app_doctypes, load, scrub, standard_json_files
from tests.app.storage_setup import laid_out_warehouse
from tests.core.test_labels import assert_scannable_gs1_svgs
from tests.factories import make_batch, make_item, unique_gtin13, unique_of_length
from wms_module import hooks

PRINT_FORMATS = standard_json_files("print_format")
EXPECTED = {"Storage Bin Label": "Storage Bin", "Item Label": "Item"}


def test_the_label_print_formats_exist_for_their_doctypes():
	found = {load(p)["name"]: load(p)["doc_type"] for p in PRINT_FORMATS}
	assert EXPECTED.items() <= found.items()


@pytest.mark.parametrize("path", PRINT_FORMATS, ids=[p.parent.name for p in PRINT_FORMATS])
def test_print_format_json_is_a_standard_jinja_format(path):
	pf = load(path)
	assert pf["doctype"] == "Print Format"
	assert pf["module"] == MODULE_NAME
	assert path.parent.name == scrub(pf["name"]) == path.stem
	assert (path.parent / "__init__.py").is_file()
	assert pf["doc_type"] in set(app_doctypes()) | {"Item"}
	assert (pf["standard"], pf["print_format_type"], pf["custom_format"], pf["disabled"]) == (
		"Yes",
		"Jinja",
		1,
		0,
	)
	SandboxedEnvironment().parse(pf["html"])  # a syntax error would break every print


def print_env() -> SandboxedEnvironment:
	env = SandboxedEnvironment()
	for dotted in hooks.jinja["methods"]:
		module, _, name = dotted.rpartition(".")
		fn = getattr(importlib.import_module(module), name)
		env.globals[fn.__name__] = fn
	env.globals["_"] = frappe._
	return env


def render(name: str, doc) -> str:
	(path,) = [p for p in PRINT_FORMATS if load(p)["name"] == name]
	return print_env().from_string(load(path)["html"]).render(doc=doc)


def inline_svgs(html: str) -> list[ET.Element]:
	chunks = html.split("<svg")[1:]
	return [ET.fromstring(("<svg" + c[: c.index("</svg>")] + "</svg>").encode()) for c in chunks]


def test_storage_bin_label_html_holds_the_bin_code_and_its_code_128_svg():
	site = laid_out_warehouse(aisles=("A", "A"), bays=1, levels=1)
	(name,) = frappe.get_all("Storage Bin", filters={"zone": site.pick_zone}, pluck="name")
	doc = frappe.get_doc("Storage Bin", name)
	html = render("Storage Bin Label", doc)
	assert "<?xml" not in html and "<!DOCTYPE" not in html, "the SVG is inlined, not a document"
	(svg,) = inline_svgs(html)
	assert svg.tag == "{http://www.w3.org/2000/svg}svg"
	assert doc.barcode in ET.tostring(svg, encoding="unicode")  # human-readable line under the bars
	assert ">A-01-01<" in html


def test_item_label_html_escapes_the_name_and_carries_a_barcode():
	item = make_item(item_name="Bolts <M8> & nuts")
	html = render("Item Label", frappe.get_doc("Item", item))
	assert "Bolts &lt;M8&gt; &amp; nuts" in html
	assert "&amp;lt;" not in html, "escaped twice: the label would print &lt;M8&gt;"
	(svg,) = inline_svgs(html)
	assert item in ET.tostring(svg, encoding="unicode")


@pytest.mark.parametrize(
	"batch_length,symbols",
	[(15, 1), (20, 2)],
	ids=["demo-batch", "20-characters"],
)
def test_item_barcode_svg_of_a_batch_item_scans_back_on_the_label(batch_length, symbols):
	"""The Jinja path for the demo-like batch item (GTIN-13, expiry, a batch like WMS-DEMO-014-B1 or a
	20-character one): inline SVG whose bars decode to every AI, X >= 0.25 mm, quiet zones inside the
	100 mm label."""
	gtin = unique_gtin13()
	item = make_item(barcode=gtin, barcode_type="EAN", has_batch_no=1, has_expiry_date=1)
	# letters only: a random id with a long run of digits packs two digits a bar (Code 128 set C) and
	# 20 characters can then fit one symbol (2.4 % of random hex ids did), which is right but not
	# the two-symbol case this pins
	letters = str.maketrans("0123456789", "GHIJKLMNOP")
	batch_id = unique_of_length("LOT-", batch_length).translate(letters)
	batch = make_batch(item, batch_id, expiry_date="2027-03-31")
	html = print_env().from_string("{{ item_barcode_svg(item, batch) }}").render(item=item, batch=batch)
	assert "<?xml" not in html
	svgs = [ET.tostring(svg, encoding="unicode") for svg in inline_svgs(html)]
	assert len(svgs) == symbols
	assert assert_scannable_gs1_svgs(svgs) == {"01": "0" + gtin, "17": "270331", "10": batch}


def test_item_label_print_format_of_a_gtin_item_carries_its_gs1_128():
	gtin = unique_gtin13()
	item = make_item(item_name="Machine Oil 1L", barcode=gtin, barcode_type="EAN")
	html = render("Item Label", frappe.get_doc("Item", item))
	svgs = [ET.tostring(svg, encoding="unicode") for svg in inline_svgs(html)]
	assert assert_scannable_gs1_svgs(svgs) == {"01": "0" + gtin}
	assert ".wms-label .symbol { margin: 0 -3mm; }" in html, "the quiet zones may use the padding"
