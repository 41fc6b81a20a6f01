"""The stand-in's own pins for Quality Inspection (the behaviour both modes share is tested in
tests/app/test_quality_inspection_erpnext.py): a new site holds ERPNext's Stock Settings defaults,
as erpnext/setup/install.py's after_install stores them (set_single_defaults), so the inspection
actions read "Stop" before anyone saves the settings; acceptance formulas, which ERPNext judges with
frappe.safe_eval, are refused rather than judged some other way."""

import pytest

from tests import factories as f
from tests.benchless import erpnext_fixtures

erp_site_info = erpnext_fixtures.erp_site_info  # pytest fixtures
erp = erpnext_fixtures.erp


def test_a_new_site_holds_the_stock_settings_defaults(erp):
	frappe = erp
	values = {
		field: frappe.db.get_single_value("Stock Settings", field)
		for field in (
			"action_if_quality_inspection_is_not_submitted",
			"action_if_quality_inspection_is_rejected",
			"allow_to_make_quality_inspection_after_purchase_or_delivery",
			"allow_partial_reservation",
			"valuation_method",
		)
	}
	assert values == {
		"action_if_quality_inspection_is_not_submitted": "Stop",
		"action_if_quality_inspection_is_rejected": "Stop",
		"allow_to_make_quality_inspection_after_purchase_or_delivery": 0,
		"allow_partial_reservation": 1,
		"valuation_method": "FIFO",
	}


def test_the_quality_manager_role_comes_with_the_inspection_doctypes(erp):
	"""Roles named in DocPerms are made when the doctypes are installed; Quality Inspection is
	readable and submittable by Quality Manager only (quality_inspection.json)."""
	frappe = erp
	assert frappe.db.exists("Role", "Quality Manager")
	perms = frappe.get_meta("Quality Inspection").permissions
	assert [(p.role, p.submit) for p in perms] == [("Quality Manager", 1)]


def test_a_draft_inspection_leaves_the_receipt_row_alone_on_a_new_site(erp):
	"""With the stored default "Stop", on_update does not link the draft (a missing setting would
	read as "Warn" in QualityInspection.on_update and link it)."""
	frappe = erp
	wh = f.make_warehouse(company=f.make_company())
	item = f.make_item(inspection_required_before_purchase=1)
	receipt = f.make_purchase_receipt(items=[{"item_code": item, "qty": 1, "warehouse": wh}], submit=False)
	f.make_quality_inspection(receipt.name, item)
	assert not frappe.db.get_value("Purchase Receipt Item", {"parent": receipt.name}, "quality_inspection")


def test_an_acceptance_formula_is_refused_not_judged(erp):
	frappe = erp
	wh = f.make_warehouse(company=f.make_company())
	item = f.make_item(inspection_required_before_purchase=1)
	receipt = f.make_purchase_receipt(items=[{"item_code": item, "qty": 1, "warehouse": wh}], submit=False)
	parameter = f.make_quality_inspection_parameter(f.unique("Weight"))
	reading = {"specification": parameter, "formula_based_criteria": 1, "acceptance_formula": "mean > 3.5"}
	with pytest.raises(frappe.ValidationError, match="acceptance formulas are not modelled"):
		f.make_quality_inspection(receipt.name, item, readings=[{**reading, "reading_1": "4"}])
	with pytest.raises(frappe.ValidationError, match="Acceptance Criteria Formula is required"):
		f.make_quality_inspection(receipt.name, item, readings=[{**reading, "acceptance_formula": ""}])
