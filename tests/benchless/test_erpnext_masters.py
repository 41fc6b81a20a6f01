"""Master data in the ERPNext stand-in: company and warehouse naming and tree, items,
barcodes, UOMs, batches and customers behave as in ERPNext v15."""

import pytest

from tests import factories as f
from tests.benchless import erpnext_fixtures

erp_site_info = erpnext_fixtures.erp_site_info  # pytest fixtures
erp = erpnext_fixtures.erp


def test_company_gets_erpnext_default_warehouses(erp):
	frappe = erp
	company = f.make_company(f.unique("Co"), abbr=f.unique("C")[-6:])
	abbr = frappe.db.get_value("Company", company, "abbr")
	root = f"All Warehouses - {abbr}"
	assert frappe.db.get_value("Warehouse", root, "is_group") == 1
	for leaf in ("Stores", "Work In Progress", "Finished Goods", "Goods In Transit"):
		values = frappe.db.get_value(
			"Warehouse", f"{leaf} - {abbr}", ["parent_warehouse", "company", "is_group"], as_dict=True
		)
		assert (values.parent_warehouse, values.company, values.is_group) == (root, company, 0)


def test_company_abbr_defaults_to_initials_and_must_be_unique(erp):
	frappe = erp
	doc = frappe.get_doc(
		{"doctype": "Company", "company_name": "Zeta Omega Trading", **f._currency_and_country()}
	)
	doc.insert()
	assert doc.abbr == "ZOT"
	with pytest.raises(frappe.ValidationError, match="Abbreviation already used"):
		frappe.get_doc(
			{"doctype": "Company", "company_name": "Zulu Oscar Tango", **f._currency_and_country()}
		).insert()


def test_company_needs_a_currency_and_a_country_that_the_site_has(erp):
	"""Both are reqd Links in erpnext's company.json; a new site has the records
	(frappe's after_install imports country_info: Country per entry, Currency per code)."""
	frappe = erp
	assert frappe.db.get_value("Currency", "EUR", ["symbol", "enabled"]) == ("\u20ac", 1)
	assert frappe.db.get_value("Country", "Germany", ["code", "date_format"]) == ("de", "dd.mm.yyyy")
	assert {"United States", "Germany", "India"} <= set(frappe.get_all("Country", pluck="name"))
	with pytest.raises(frappe.MandatoryError, match="default_currency, country"):
		frappe.get_doc({"doctype": "Company", "company_name": "No Money Ltd"}).insert()
	with pytest.raises(frappe.LinkValidationError, match="Currency"):
		frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": "Odd Coin Ltd",
				"default_currency": "XXX",
				"country": "India",
			}
		).insert()
	doc = frappe.get_doc(
		{"doctype": "Company", "company_name": "Berlin GmbH", "default_currency": "EUR", "country": "Germany"}
	).insert()
	assert (doc.default_currency, doc.country) == ("EUR", "Germany")


def test_warehouse_name_carries_the_company_abbr_and_sits_in_the_tree(erp):
	frappe = erp
	company = f.make_company()
	abbr = f.get_company_abbr(company)
	group = f.make_warehouse_group("Zone Tree", company=company)
	leaf = f.make_warehouse("Aisle 1", company=company, parent_warehouse=group)
	assert (group, leaf) == (f"Zone Tree - {abbr}", f"Aisle 1 - {abbr}")
	g = frappe.db.get_value("Warehouse", group, ["lft", "rgt"], as_dict=True)
	w = frappe.db.get_value(
		"Warehouse", leaf, ["lft", "rgt", "parent_warehouse", "warehouse_name"], as_dict=True
	)
	assert g.lft < w.lft < w.rgt < g.rgt
	assert (w.parent_warehouse, w.warehouse_name) == (group, "Aisle 1")

	# a name already ending in " - ABBR" is not suffixed twice
	doc = frappe.get_doc(
		{
			"doctype": "Warehouse",
			"warehouse_name": f"Dock - {abbr}",
			"company": company,
			"parent_warehouse": group,
		}
	).insert()
	assert doc.name == f"Dock - {abbr}"


def test_warehouse_with_stock_cannot_be_deleted(erp):
	frappe = erp
	wh = f.make_warehouse()
	item = f.make_item()
	f.receive_stock(item, wh, 1)
	with pytest.raises(frappe.ValidationError, match="can not be deleted"):
		frappe.delete_doc("Warehouse", wh)


def test_item_keeps_stock_uom_conversion_and_barcodes(erp):
	frappe = erp
	item = f.make_item(
		barcode="4006381333931", barcode_type="EAN", uoms=[{"uom": "Box", "conversion_factor": 6}]
	)
	doc = frappe.get_doc("Item", item)
	assert doc.name == doc.item_code == item
	assert {(u.uom, u.conversion_factor) for u in doc.uoms} == {("Nos", 1), ("Box", 6)}
	assert [(b.barcode, b.barcode_type) for b in doc.barcodes] == [("4006381333931", "EAN")]
	assert frappe.db.get_value("Item Barcode", {"barcode": "4006381333931"}, "parent") == item


def test_barcode_must_be_unique_and_valid(erp):
	frappe = erp
	f.make_item(barcode="5901234123457", barcode_type="EAN")
	with pytest.raises(frappe.DuplicateEntryError, match="already used"):
		f.make_item(barcode="5901234123457")
	from erpnext.stock.doctype.item.item import InvalidBarcode

	with pytest.raises(InvalidBarcode):
		f.make_item(barcode="5901234123458", barcode_type="EAN")


def test_whole_number_uom_refuses_fractions(erp):
	from erpnext.utilities.transaction_base import UOMMustBeIntegerError

	wh = f.make_warehouse()
	item = f.make_item(stock_uom="Nos")
	with pytest.raises(UOMMustBeIntegerError, match="cannot be a fraction"):
		f.make_purchase_receipt(items=[{"item_code": item, "qty": 1.5, "warehouse": wh}])
	kg_item = f.make_item(stock_uom=f.make_uom("Kg", 0))
	f.make_purchase_receipt(items=[{"item_code": kg_item, "qty": 1.5, "warehouse": wh}])


def test_batch_expiry_comes_from_shelf_life(erp):
	frappe = erp
	from frappe.utils import add_days, getdate

	item = f.make_item(has_batch_no=1, has_expiry_date=1, shelf_life_in_days=30)
	batch = f.make_batch(item, manufacturing_date="2026-01-01")
	assert getdate(frappe.db.get_value("Batch", batch, "expiry_date")) == getdate(add_days("2026-01-01", 30))

	no_shelf_life = f.make_item(has_batch_no=1, has_expiry_date=1)
	with pytest.raises(frappe.ValidationError, match="Shelf Life in Days"):
		f.make_batch(no_shelf_life)
	with pytest.raises(frappe.ValidationError, match="cannot have Batch"):
		f.make_batch(f.make_item())


def test_customer_named_after_customer_name_with_a_counter_for_duplicates(erp):
	frappe = erp
	name = f.unique("Acme")
	first = frappe.get_doc({"doctype": "Customer", "customer_name": name}).insert()
	second = frappe.get_doc({"doctype": "Customer", "customer_name": name}).insert()
	assert (first.name, second.name) == (name, f"{name} - 1")
	assert first.customer_type == "Company"


def test_install_fixtures_exist(erp):
	frappe = erp
	assert frappe.db.get_value("Stock Entry Type", "Material Transfer", "purpose") == "Material Transfer"
	assert frappe.db.exists("Item Group", "All Item Groups")
	assert frappe.db.get_value("UOM", "Nos", "must_be_whole_number") == 1
