"""Custom Fields in the stand-in: create_custom_fields, meta merging, the table column.

Real Frappe commits on DDL (adding the column), so each test gets a fresh committed site
(frappe + bl_testapp) instead of the rolled-back shared one.
"""

import frappe
import pytest
from frappe.custom.doctype.custom_field.custom_field import create_custom_field, create_custom_fields

from benchless.site import create_site, site_context

TIER = {
	"fieldname": "bl_tier",
	"label": "Tier",
	"fieldtype": "Select",
	"options": "\nGold\nSilver",
	"insert_after": "customer_name",
}
RATING = {
	"fieldname": "bl_rating",
	"label": "Rating (0-5)",
	"fieldtype": "Float",
	"precision": "2",
	"insert_after": "bl_tier",
}


@pytest.fixture
def committed_site(tmp_path):
	"""A fresh frappe + bl_testapp site (overrides the suite's; the orm conftest then does not
	connect this test to the shared rolled-back site)."""
	info = create_site(tmp_path / "cf_site", apps=("frappe", "bl_testapp"))
	with site_context(info):
		frappe.flags.in_test = True
		yield info
		frappe.db.rollback()


def test_create_custom_fields_adds_field_to_meta_column_and_documents(committed_site):
	assert not frappe.get_meta("BL Customer").has_field("bl_tier")
	with pytest.raises(frappe.ValidationError, match="BL Customer has no field 'bl_tier'"):
		frappe.get_doc({"doctype": "BL Customer", "customer_name": "Early", "bl_tier": "Gold"}).insert()
	frappe.db.rollback()

	create_custom_fields({"BL Customer": [TIER, RATING]})

	meta = frappe.get_meta("BL Customer")
	tier, rating = meta.get_field("bl_tier"), meta.get_field("bl_rating")
	assert (tier.label, tier.fieldtype, tier.options, tier.is_custom_field) == (
		"Tier",
		"Select",
		"\nGold\nSilver",
		1,
	)
	assert rating.fieldtype == "Float" and rating.precision == "2"
	# placed by insert_after (rating after tier, tier after customer_name), not appended
	assert [df.fieldname for df in meta.fields][:3] == ["customer_name", "bl_tier", "bl_rating"]
	assert [df.fieldname for df in meta.get_custom_fields()] == ["bl_tier", "bl_rating"]
	assert {"bl_tier", "bl_rating"} <= set(frappe.db.get_table_columns("BL Customer"))

	row = frappe.get_doc("Custom Field", "BL Customer-bl_tier")
	assert (row.dt, row.fieldname, row.owner, row.is_system_generated) == (
		"BL Customer",
		"bl_tier",
		"Administrator",
		1,
	)

	doc = frappe.get_doc(
		{"doctype": "BL Customer", "customer_name": "Acme", "bl_tier": "Gold", "bl_rating": 4.5}
	).insert()
	frappe.db.commit()
	again = frappe.get_doc("BL Customer", doc.name)
	assert (again.bl_tier, again.bl_rating) == ("Gold", 4.5)
	assert frappe.db.get_value("BL Customer", doc.name, ["bl_tier", "bl_rating"]) == ("Gold", 4.5)
	assert frappe.get_all("BL Customer", filters={"bl_tier": "Gold"}, pluck="name") == [doc.name]
	# the custom Select field is validated like a standard one
	with pytest.raises(frappe.ValidationError, match="Platinum"):
		frappe.get_doc({"doctype": "BL Customer", "customer_name": "Bad", "bl_tier": "Platinum"}).insert()


def test_rerun_is_idempotent_and_updates_changed_properties(committed_site):
	create_custom_fields({"BL Customer": [TIER]})
	first = frappe.db.get_value("Custom Field", "BL Customer-bl_tier", "modified")

	create_custom_fields({"BL Customer": [TIER]})  # nothing changed: nothing saved
	assert frappe.db.count("Custom Field", {"dt": "BL Customer"}) == 1
	assert frappe.db.get_value("Custom Field", "BL Customer-bl_tier", "modified") == first

	create_custom_fields({"BL Customer": [{**TIER, "label": "Customer Tier"}]})
	assert frappe.db.count("Custom Field", {"dt": "BL Customer"}) == 1
	assert frappe.get_meta("BL Customer").get_label("bl_tier") == "Customer Tier"

	create_custom_fields({"BL Customer": [{**TIER, "label": "Ignored"}]}, update=False)
	assert frappe.get_meta("BL Customer").get_label("bl_tier") == "Customer Tier"


def test_tuple_of_doctypes_single_dict_and_missing_insert_after(committed_site):
	field = {"fieldname": "bl_note", "label": "Note", "fieldtype": "Data", "insert_after": "no_such_field"}
	create_custom_fields({("BL Customer", "BL Task"): field})
	for doctype in ("BL Customer", "BL Task"):
		meta = frappe.get_meta(doctype)
		assert meta.fields[-1].fieldname == "bl_note", doctype  # unknown insert_after: at the end
		assert frappe.db.has_column(doctype, "bl_note")


def test_a_field_the_doctype_already_has_is_refused_and_names_are_derived(committed_site):
	with pytest.raises(frappe.ValidationError, match="customer_name.*already exists in BL Customer"):
		create_custom_field("BL Customer", {"fieldname": "customer_name", "label": "Name again"})
	frappe.db.rollback()

	# no fieldname: create_custom_field scrubs the label; a bare Custom Field gets "custom_"
	assert create_custom_field("BL Customer", {"label": "Sales Region"}).name == "BL Customer-sales_region"
	bare = frappe.get_doc(
		{"doctype": "Custom Field", "dt": "BL Customer", "label": "Account No.", "fieldtype": "Data"}
	).insert()
	assert (bare.fieldname, bare.name) == ("custom_account_no", "BL Customer-custom_account_no")
	assert frappe.db.has_column("BL Customer", "custom_account_no")  # on_update syncs the table
	assert frappe.get_meta("BL Customer").has_field("custom_account_no")


def test_deleting_the_custom_field_drops_it_from_meta(committed_site):
	create_custom_fields({"BL Customer": [TIER]})
	assert frappe.get_meta("BL Customer").has_field("bl_tier")
	frappe.delete_doc("Custom Field", "BL Customer-bl_tier")
	assert not frappe.get_meta("BL Customer").has_field("bl_tier")


def test_updatedb_refuses_an_unknown_doctype(committed_site):
	with pytest.raises(Exception, match="Wrong doctype No Such Thing in updatedb"):
		frappe.db.updatedb("No Such Thing")


def test_allow_on_submit_of_a_custom_field_lets_it_change_after_submit(committed_site):
	"""Custom Field.allow_on_submit (a property of frappe's custom_field.json) is merged into the
	meta like a standard field's, so the validation of submitted documents honours it."""
	create_custom_fields(
		{
			"BL Task": [
				{
					"fieldname": "bl_rank",
					"label": "Rank",
					"fieldtype": "Select",
					"options": "Low\nHigh",
					"default": "Low",
					"allow_on_submit": 1,
				},
				{"fieldname": "bl_lane", "label": "Lane", "fieldtype": "Data"},
			]
		}
	)
	customer = frappe.get_doc({"doctype": "BL Customer", "customer_name": "Submit Co"}).insert()
	task = frappe.get_doc({"doctype": "BL Task", "customer": customer.name, "bl_lane": "L1"}).insert()
	assert task.bl_rank == "Low"  # the Custom Field's default
	task.submit()

	task.reload()
	task.bl_rank = "High"
	task.save()
	assert frappe.db.get_value("BL Task", task.name, "bl_rank") == "High"

	task.reload()
	task.bl_lane = "L2"
	with pytest.raises(frappe.UpdateAfterSubmitError, match="bl_lane|Lane"):
		task.save()
