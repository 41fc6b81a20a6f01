"""Bin and item labels: the ZPL the services emit, parsed back; the SVG; the endpoints over HTTP."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import biip
import frappe
import pytest
import requests

from tests.app.storage_setup import laid_out_warehouse
from tests.factories import make_batch, make_item, unique_gtin13, unique_of_length
from wms_module.core.bins import check_character
from wms_module.exceptions import LabelError
from wms_module.services import labels

# ------------------------------------------------------------------ a small ZPL reader


@dataclass
class Field:
	command: str  # the command that formats the field: "A0" (text) or "BC" (Code 128)
	args: str
	data: str  # decoded: ^FH_ hex escapes and Code 128 invocation codes undone


_HEX = re.compile(r"_([0-9A-Fa-f]{2})")
_CODE128_INVOCATIONS = {"><": "^", ">0": ">", ">=": "~"}


def parse_zpl(stream: str) -> list[list[Field]]:
	"""Split a ZPL stream into label formats (^XA...^XZ) and each into its fields.

	Nothing else may sit between formats but whitespace."""
	formats = re.findall(r"\^XA(.*?)\^XZ", stream, flags=re.S)
	leftover = re.sub(r"\^XA.*?\^XZ", "", stream, flags=re.S)
	assert leftover.strip() == "", f"text outside ^XA...^XZ: {leftover!r}"
	labels_ = []
	for body in formats:
		fields, current, args, hex_escape = [], None, "", False
		for cmd in body.split("^")[1:]:
			name, rest = cmd[:2], cmd[2:]
			if name in ("A0", "BC"):
				current, args = name, rest
			elif name == "FH":
				hex_escape = True
			elif name == "FD":
				data = rest
				if hex_escape:
					data = _HEX.sub(lambda m: chr(int(m.group(1), 16)), data)
				if current == "BC":
					data = re.sub(r">[<0=]", lambda m: _CODE128_INVOCATIONS[m.group(0)], data)
				fields.append(Field(current, args, data))
			elif name == "FS":
				current, args, hex_escape = None, "", False
		labels_.append(fields)
	return labels_


def commands(stream: str) -> list[str]:
	return ["^" + c for c in stream.split("^")[1:]]


def barcodes(label: list[Field]) -> list[Field]:
	return [f for f in label if f.command == "BC"]


def texts(label: list[Field]) -> list[str]:
	return [f.data for f in label if f.command == "A0"]


# ------------------------------------------------------------------ bins


def three_bins():
	site = laid_out_warehouse(aisles=("A", "A"), bays=3, levels=1)
	names = frappe.get_all(
		"Storage Bin", filters={"zone": site.pick_zone}, order_by="bin_code asc", pluck="name"
	)
	return site, names


def test_three_bins_give_three_labels_with_the_check_character_in_the_barcode():
	site, names = three_bins()
	assert len(names) == 3
	stream = labels.render_bin_labels(storage_bins=names)
	parsed = parse_zpl(stream)
	assert len(parsed) == 3
	for name, label in zip(names, parsed, strict=True):
		code = frappe.db.get_value("Storage Bin", name, "bin_code")
		(symbol,) = barcodes(label)
		assert symbol.data == code + check_character(code)
		assert symbol.args.split(",")[2] == "Y", "the interpretation line is printed under the bars"
		assert code in texts(label), "the code is printed large as text"
		assert "Zone: PICK" in texts(label)


def test_a_zone_prints_every_bin_of_it_in_code_order_and_a_list_keeps_its_order():
	site, names = three_bins()
	by_zone = [
		barcodes(label)[0].data[:-1] for label in parse_zpl(labels.render_bin_labels(zone=site.pick_zone))
	]
	assert by_zone == sorted(by_zone) and len(by_zone) == 3
	reverse = list(reversed(names))
	given = [
		barcodes(label)[0].data[:-1] for label in parse_zpl(labels.render_bin_labels(storage_bins=reverse))
	]
	assert given == [frappe.db.get_value("Storage Bin", n, "bin_code") for n in reverse]


def test_a_warehouse_leaves_out_its_virtual_unlocated_bin():
	site, _ = three_bins()
	codes = [
		barcodes(label)[0].data[:-1]
		for label in parse_zpl(labels.render_bin_labels(warehouse=site.warehouse))
	]
	assert "UNLOCATED" not in codes
	assert {"DOCK-1", "STAGE-1"} <= set(codes)


def test_printer_resolution_follows_wms_settings():
	site, names = three_bins()
	assert "^PW812^LL406" in labels.render_bin_labels(storage_bins=names[:1])
	frappe.db.set_single_value("WMS Settings", "label_dpi", "300")
	stream = labels.render_bin_labels(storage_bins=names[:1])
	assert "^PW1200^LL600" in stream
	assert len(parse_zpl(stream)) == 1


def test_dpi_and_label_size_parameters_scale_the_label_and_bad_ones_are_refused_by_name():
	site, names = three_bins()
	frappe.db.set_single_value("WMS Settings", "label_dpi", "203")
	(label,) = parse_zpl(
		stream := labels.render_bin_labels(storage_bins=names[:1], size=labels.label_size(dpi=300))
	)
	assert "^PW1200^LL600" in stream
	code = frappe.db.get_value("Storage Bin", names[0], "bin_code")
	assert texts(label)[0] == code and barcodes(label)[0].data == code + check_character(code)
	# the code is printed 90 dots high at 203 dpi, so 133 at 300 dpi; the bars 130 -> 192
	assert label[0].args == "N,133,133" and barcodes(label)[0].args == "N,192,Y,N,N"
	assert re.search(r"\^FO44,30\^A0N,133,133", stream), "margin and first line scaled from 30,20"

	stream = labels.render_item_label(item_code=make_item(), size=labels.label_size(600, 100, 50))
	assert "^PW2362^LL1181" in stream  # 100 x 50 mm at 600 dpi
	for kwargs, expected in (
		({"dpi": 150}, "150 dpi is not supported"),
		({"dpi": 300, "width_mm": 5}, "Label width 5.0 mm is out of range"),
	):
		with pytest.raises(LabelError, match=expected):
			labels.render_bin_labels(storage_bins=names[:1], size=labels.label_size(**kwargs))


def test_fifty_bins_cost_at_most_three_queries(query_counter):
	site = laid_out_warehouse(aisles=("A", "E"), bays=5, levels=2)
	names = frappe.get_all("Storage Bin", filters={"zone": site.pick_zone}, pluck="name")
	assert len(names) == 50
	with query_counter as q:
		stream = labels.render_bin_labels(storage_bins=names)
	assert len(parse_zpl(stream)) == 50
	assert q.count <= 3, q.queries


@pytest.mark.parametrize(
	"kwargs,exc,expected",
	[
		({"storage_bins": ["NOPE-1 - X"]}, frappe.DoesNotExistError, "NOPE-1 - X"),
		({"zone": "NO-SUCH-ZONE"}, frappe.DoesNotExistError, "NO-SUCH-ZONE"),
		({"warehouse": "No Such Warehouse"}, frappe.DoesNotExistError, "No Such Warehouse"),
		({}, frappe.ValidationError, "exactly one of storage_bins, zone or warehouse"),
		({"storage_bins": []}, frappe.ValidationError, "storage_bins is empty"),
	],
)
def test_bad_bin_selection_is_refused_naming_the_input(kwargs, exc, expected):
	with pytest.raises(exc) as e:
		labels.render_bin_labels(**kwargs)
	assert expected in str(e.value)


def test_unknown_bins_are_named_even_when_others_exist():
	_, names = three_bins()
	with pytest.raises(frappe.DoesNotExistError) as e:
		labels.render_bin_labels(storage_bins=[names[0], "GHOST - WH"])
	assert "GHOST - WH" in str(e.value) and names[0] not in str(e.value)


def test_bin_barcode_svg_is_an_svg_document_of_the_barcode_value():
	_, names = three_bins()
	svg = labels.render_bin_barcode_svg(storage_bin=names[0])
	root = ET.fromstring(svg.encode())
	assert root.tag == "{http://www.w3.org/2000/svg}svg"
	assert frappe.db.get_value("Storage Bin", names[0], "barcode") in svg  # human-readable text
	assert len(root.findall(".//{http://www.w3.org/2000/svg}rect")) > 20  # the bars


# ------------------------------------------------------------------ items


def test_item_label_with_batch_and_expiry_is_gs1_128_when_the_item_has_a_gtin():
	gtin = unique_gtin13()
	item = make_item(
		item_name="Widget <large> & co", barcode=gtin, barcode_type="EAN", has_batch_no=1, has_expiry_date=1
	)
	batch = make_batch(item, expiry_date="2027-03-31")
	(label,) = parse_zpl(labels.render_item_label(item_code=item, batch_no=batch))
	(symbol,) = barcodes(label)
	assert symbol.args.endswith(",D"), "UCC/EAN mode: the printer adds FNC1"
	assert symbol.data == f"(01)0{gtin}(17)270331(10){batch}"
	assert item in texts(label)
	assert "Widget <large> & co" in texts(label)  # as typed, though Frappe stored it HTML-escaped
	assert f"Batch: {batch}    Exp: 2027-03-31" in texts(label)


def demo_batch_item() -> tuple[str, str, str]:
	"""Like the demo's batch item WMS-DEMO-014: EAN-13, expiry, a 15-character batch
	(wms_module/demo/seed.py), with a GTIN and batch of its own; returns (item, batch, gtin)."""
	gtin = unique_gtin13()
	item = make_item(barcode=gtin, barcode_type="EAN", has_batch_no=1, has_expiry_date=1)
	return item, make_batch(item, unique_of_length("WMS-", 12) + "-B1", expiry_date="2027-03-31"), gtin


def element_strings(label: list[Field]) -> dict[str, str]:
	"""The AIs a scanner reads from the label's GS1-128 symbols (biip parses the bars' content)."""
	found = {}
	for symbol in barcodes(label):
		assert symbol.args.endswith(",D")
		bars = re.sub(r"[()]", "", symbol.data)
		for es in biip.parse(bars).gs1_message.element_strings:
			found[es.ai.ai] = es.value
	return found


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_demo_batch_item_label_prints_on_the_default_label_size(dpi):
	"""QA: the demo's batch item was refused (417) at 101.6 x 50.8 mm at every resolution."""
	item, batch, gtin = demo_batch_item()
	frappe.db.set_single_value("WMS Settings", "label_dpi", str(dpi))
	stream = labels.render_item_label(item_code=item, batch_no=batch)
	(label,) = parse_zpl(stream)
	assert element_strings(label) == {"01": "0" + gtin, "17": "270331", "10": batch}
	assert f"Batch: {batch}    Exp: 2027-03-31" in texts(label)
	width = {203: 812, 300: 1200, 600: 2400}[dpi]
	assert f"^PW{width}^" in stream


def test_item_without_gtin_gets_code_128_of_its_code_and_copies_become_pq():
	item = make_item()
	stream = labels.render_item_label(item_code=item, copies=3)
	(label,) = parse_zpl(stream)
	(symbol,) = barcodes(label)
	assert symbol.data == item and not symbol.args.endswith(",D")
	assert commands(stream)[-2:] == ["^PQ3", "^XZ\n"]


@pytest.mark.parametrize("case", ["unknown item", "unknown batch", "batch of another item", "copies 0"])
def test_bad_item_label_input_is_refused_naming_it(case):
	item = make_item(has_batch_no=1)
	other = make_item(has_batch_no=1)
	other_batch = make_batch(other)
	kwargs, exc, expected = {
		"unknown item": ({"item_code": "NO-SUCH-ITEM"}, frappe.DoesNotExistError, ["NO-SUCH-ITEM"]),
		"unknown batch": (
			{"item_code": item, "batch_no": "NO-SUCH-BATCH"},
			frappe.DoesNotExistError,
			["NO-SUCH-BATCH"],
		),
		"batch of another item": (
			{"item_code": item, "batch_no": other_batch},
			frappe.ValidationError,
			[other_batch, other, item],
		),
		"copies 0": ({"item_code": item, "copies": 0}, frappe.ValidationError, ["copies", "got 0"]),
	}[case]
	with pytest.raises(exc) as e:
		labels.render_item_label(**kwargs)
	for text in expected:
		assert text in str(e.value)


# ------------------------------------------------------------------ over HTTP

OPERATOR = "label-operator@wms.example"
PASSWORD = "label-pass-123"
API = "/api/method/wms_module.api.labels"


def http_setup():
	from tests.app.http_fixtures import make_users

	make_users(((OPERATOR, ["WMS Operator"]),), PASSWORD, "Label")
	site = laid_out_warehouse(aisles=("A", "A"), bays=3, levels=1)
	bins = frappe.get_all(
		"Storage Bin", filters={"zone": site.pick_zone}, fields=["name", "barcode"], order_by="bin_code asc"
	)
	gtin = unique_gtin13()
	item = make_item(barcode=gtin, barcode_type="EAN", has_batch_no=1)
	return {
		"demo": list(demo_batch_item()),
		"gtin": gtin,
		"zone": site.pick_zone,
		"bins": [(b.name, b.barcode) for b in bins],
		"item": item,
		"batch": make_batch(item),
	}


def test_operator_downloads_zpl_and_guest_is_refused(committed_site):
	from tests.harness import run_in_site, serve

	data = run_in_site(committed_site, http_setup)
	with serve(committed_site) as server:
		url = f"{server.url}{API}.bin_labels_zpl"
		guest = requests.get(url, params={"zone": data["zone"]}, timeout=30)
		assert guest.status_code == 403

		s = requests.Session()
		assert s.post(
			f"{server.url}/api/method/login", json={"usr": OPERATOR, "pwd": PASSWORD}, timeout=30
		).ok
		r = s.get(url, params={"zone": data["zone"]}, timeout=30)
		assert r.status_code == 200, r.text
		assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
		assert (
			"attachment" in r.headers["Content-Disposition"]
			and "bin-labels.zpl" in r.headers["Content-Disposition"]
		)
		assert [barcodes(label)[0].data for label in parse_zpl(r.text)] == [b for _, b in data["bins"]]

		r = s.get(url, params={"zone": data["zone"], "dpi": "600", "width_mm": "101.6"}, timeout=30)
		assert r.status_code == 200, r.text
		assert "^PW2400^LL1200" in r.text
		assert [barcodes(label)[0].data for label in parse_zpl(r.text)] == [b for _, b in data["bins"]]

		# what the desk buttons send: a JSON list of names
		picked = [data["bins"][2][0], data["bins"][0][0]]
		r = s.get(url, params={"storage_bins": json.dumps(picked)}, timeout=30)
		assert r.status_code == 200, r.text
		assert [barcodes(label)[0].data for label in parse_zpl(r.text)] == [
			data["bins"][2][1],
			data["bins"][0][1],
		]

		r = s.get(url, params={"storage_bins": json.dumps(["GHOST - X"])}, timeout=30)
		assert r.status_code == 404 and "GHOST - X" in r.text

		r = s.get(
			f"{server.url}{API}.item_label_zpl",
			params={"item_code": data["item"], "batch_no": data["batch"], "copies": "2"},
			timeout=30,
		)
		assert r.status_code == 200, r.text
		(label,) = parse_zpl(r.text)
		assert barcodes(label)[0].data.startswith(f"(01)0{data['gtin']}") and "^PQ2^XZ" in r.text

		demo_item, demo_batch, demo_gtin = data["demo"]
		for dpi in ("203", "300", "600"):
			r = s.get(
				f"{server.url}{API}.item_label_zpl",
				params={"item_code": demo_item, "batch_no": demo_batch, "dpi": dpi},
				timeout=30,
			)
			assert r.status_code == 200, (dpi, r.text)
			(label,) = parse_zpl(r.text)
			assert element_strings(label) == {"01": "0" + demo_gtin, "17": "270331", "10": demo_batch}

		r = s.get(
			f"{server.url}{API}.item_label_zpl", params={"item_code": data["item"], "copies": "0"}, timeout=30
		)
		assert r.status_code == 417 and "copies" in r.json()["_server_messages"]

		r = s.get(f"{server.url}{API}.bin_label_svg", params={"storage_bin": data["bins"][0][0]}, timeout=30)
		assert r.status_code == 200
		assert ET.fromstring(r.json()["message"].encode()).tag.endswith("svg")
