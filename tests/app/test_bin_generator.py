"""The bulk bin generator: a rack range (aisles x bays x levels) -> bins, previewable,
idempotent, with whitelisted endpoints and a desk button that calls them."""

from __future__ import annotations

import re
from pathlib import Path

import frappe
import pytest

from tests.app.storage_setup import make_zone
from tests.factories import make_warehouse
from wms_module.api import bins as bins_api
from wms_module.core.bins import check_character
from wms_module.wms_module.doctype.warehouse_layout.warehouse_layout import WarehouseLayout

RANGE = dict(aisle_from="A", aisle_to="F", bay_from=1, bay_to=20, level_from=1, level_to=5)


def a_to_f_layout() -> frappe._dict:
	warehouse = make_warehouse()
	zone = make_zone(warehouse, "RACK", "Reserve")
	layout = frappe.get_doc(
		{
			"doctype": "Warehouse Layout",
			"warehouse": warehouse,
			"n_aisles": 6,
			"bays_per_aisle": 20,
			"is_active": 1,
		}
	).insert(ignore_permissions=True)
	return frappe._dict(warehouse=warehouse, zone=zone, layout=layout.name)


def located(warehouse: str) -> int:
	return frappe.db.count("Storage Bin", {"warehouse": warehouse, "is_unlocated": 0})


def test_a_to_f_by_20_bays_by_5_levels_previews_600_then_creates_them_once():
	site = a_to_f_layout()
	preview = bins_api.preview_bins(layout=site.layout, **RANGE)
	assert (preview["to_create"], preview["existing"]) == (600, 0)
	assert preview["sample"][:3] == ["A-01-01", "A-01-02", "A-01-03"]
	assert preview["summary"].startswith("600 bins in range: 600 to create")
	assert located(site.warehouse) == 0, "a preview writes nothing"

	result = bins_api.generate_bins(layout=site.layout, zone=site.zone, max_qty=40, **RANGE)
	assert result["created"] == 600 and located(site.warehouse) == 600
	f20 = frappe.get_doc("Storage Bin", f"F-20-05 - {site.warehouse}")
	assert (f20.aisle, f20.bay, f20.level, f20.zone_type, f20.max_qty) == ("F", 20, 5, "Reserve", 40)
	assert f20.barcode == "F-20-05" + check_character("F-20-05")
	assert (f20.layout_aisle, f20.layout_bay) == (5, 19)

	# idempotent: a second run, and an overlapping wider one, create only what is missing
	again = bins_api.generate_bins(layout=site.layout, zone=site.zone, **RANGE)
	assert (again["created"], again["existing"]) == (0, 600)
	assert bins_api.preview_bins(layout=site.layout, **{**RANGE, "level_to": 6})["to_create"] == 6 * 20
	assert located(site.warehouse) == 600


def test_preview_refuses_a_range_outside_the_layout_naming_the_first_bin_outside():
	site = a_to_f_layout()
	with pytest.raises(frappe.ValidationError, match=r"G-01-01.*outside the layout.*expected aisles A-F"):
		bins_api.preview_bins(layout=site.layout, **{**RANGE, "aisle_to": "G"})
	with pytest.raises(frappe.ValidationError, match=r"A-21-01.*outside the layout"):
		bins_api.generate_bins(layout=site.layout, zone=site.zone, **{**RANGE, "bay_to": 21})
	assert located(site.warehouse) == 0


@pytest.mark.parametrize(
	"change,exc,match",
	[
		({"zone": "NO-SUCH-ZONE"}, frappe.DoesNotExistError, r"Storage Zone .*NO-SUCH-ZONE.* does not exist"),
		({"zone": "other"}, frappe.ValidationError, r"Storage Zone .* belongs to .*; expected a zone of"),
		({"bin_type": "Drawer"}, frappe.ValidationError, r"Bin type .*Drawer.* is not one of Shelf"),
		({"max_qty": -1}, frappe.ValidationError, r"max_qty must be 0 \(no limit\) or more, got -1"),
		({"aisle_from": "C", "aisle_to": "A"}, frappe.ValidationError, r"Aisle range 'C'-'A'"),
		(
			{"level_from": 3, "level_to": 1},
			frappe.ValidationError,
			r"levels is \(3, 1\); expected \(first, last\)",
		),
	],
)
def test_bad_generator_input_is_refused_by_name_and_creates_nothing(change, exc, match):
	site = a_to_f_layout()
	if change.get("zone") == "other":
		change = {"zone": make_zone(make_warehouse(), "RACK", "Reserve")}
	args = {"zone": site.zone, **RANGE, **change}
	with pytest.raises(exc, match=match):
		bins_api.generate_bins(layout=site.layout, **args)
	assert located(site.warehouse) == 0


def test_an_operator_may_not_generate_bins():
	site = a_to_f_layout()
	user = "gen.operator@example.com"
	if not frappe.db.exists("User", user):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": user,
				"first_name": "Gen",
				"user_type": "System User",
				"roles": [{"role": "WMS Operator"}],
			}
		).insert(ignore_permissions=True)
	frappe.set_user(user)
	try:
		with pytest.raises(frappe.PermissionError):
			bins_api.generate_bins(layout=site.layout, zone=site.zone, **RANGE)
	finally:
		frappe.set_user("Administrator")
	assert located(site.warehouse) == 0


def test_the_desk_button_calls_the_rest_endpoints_with_their_parameters():
	"""The Warehouse Layout form generates bins through api.bins (one door, roles checked there):
	it calls preview_bins and generate_bins, each with the HTTP method the endpoint allows, and
	sends only parameters the endpoint has."""
	import inspect

	js = (
		Path(__file__).resolve().parents[2]
		/ "wms_module/wms_module/doctype/warehouse_layout/warehouse_layout.js"
	).read_text()
	assert 'add_custom_button(__("Generate Bins")' in js
	assert 'method: "wms_module.api.bins." + method' in js
	calls = [
		(re.search(r'bins_api\(frm, "(\w+)"', line).group(1), "GET" if ', "GET")' in line else "POST")
		for line in js.splitlines()
		if 'bins_api(frm, "' in line
	]
	assert {name for name, _ in calls} == {"preview_bins", "generate_bins"}
	for name, http in calls:
		fn = getattr(bins_api, name)
		assert fn in frappe.whitelisted, name
		assert http in frappe.allowed_http_methods_for_whitelisted_func[fn], (name, http)
	params = set(inspect.signature(bins_api.generate_bins).parameters)
	sent = set(re.findall(r"^\t{2,}(\w+): values\.", js, flags=re.M)) | {"layout"}
	assert sent <= params, sent - params
	assert not hasattr(WarehouseLayout, "generate_bins"), "a second door around the endpoint's roles"
