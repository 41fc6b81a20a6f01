# benchless stand-in for erpnext/stock/doctype/item/item.py (ERPNext v15)
# Variants, item defaults, reorder levels, taxes and website fields are not modelled.

import barcodenumber
import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, cstr, flt


class DuplicateReorderRows(frappe.ValidationError):
	pass


class StockExistsForTemplate(frappe.ValidationError):
	pass


class InvalidBarcode(frappe.ValidationError):
	pass


class Item(Document):
	def autoname(self):
		if not self.item_code:
			frappe.throw(_("Item Code is mandatory because Item is not automatically numbered"))
		self.item_code = cstr(self.item_code).strip()
		self.name = self.item_code

	def validate(self):
		if not self.item_name:
			self.item_name = self.item_code
		if not self.description:
			self.description = self.item_name
		self.validate_uom()
		self.add_default_uom_in_conversion_factor_table()
		self.validate_conversion_factor()
		self.validate_barcode()
		if not self.get("__islocal"):
			self.validate_stock_item_change()

	def validate_uom(self):
		if not self.stock_uom:
			frappe.throw(_("Default Unit of Measure is mandatory"))

	def add_default_uom_in_conversion_factor_table(self):
		uoms_list = [d.uom for d in self.get("uoms")]
		if self.stock_uom not in uoms_list:
			self.append("uoms", {"uom": self.stock_uom, "conversion_factor": 1})
		for d in self.get("uoms"):
			if d.uom == self.stock_uom and flt(d.conversion_factor) != 1:
				d.conversion_factor = 1

	def validate_conversion_factor(self):
		check_list = []
		for d in self.get("uoms"):
			if cstr(d.uom) in check_list:
				frappe.throw(_("Unit of Measure {0} has been entered more than once in Conversion Factor Table").format(d.uom))
			check_list.append(cstr(d.uom))
			if not flt(d.conversion_factor) > 0:
				frappe.throw(_("Conversion factor for UOM {0} must be greater than zero").format(d.uom))

	def validate_barcode(self):
		for item_barcode in self.get("barcodes"):
			if not item_barcode.barcode:
				continue
			duplicate = frappe.get_all(
				"Item Barcode",
				filters={"barcode": item_barcode.barcode, "parent": ["!=", self.name or ""]},
				fields=["parent"],
				limit=1,
			)
			if duplicate:
				frappe.throw(
					_("Barcode {0} already used in Item {1}").format(item_barcode.barcode, duplicate[0].parent),
					frappe.DuplicateEntryError,
				)
			options = frappe.get_meta("Item Barcode").get_options("barcode_type").split("\n")
			item_barcode.barcode_type = "" if item_barcode.barcode_type not in options else item_barcode.barcode_type
			if item_barcode.barcode_type:
				barcode_type = convert_erpnext_to_barcodenumber(item_barcode.barcode_type.upper(), item_barcode.barcode)
				if barcode_type in barcodenumber.barcodes() and not barcodenumber.check_code(
					barcode_type, item_barcode.barcode
				):
					frappe.throw(
						_("Barcode {0} is not a valid {1} code").format(item_barcode.barcode, item_barcode.barcode_type),
						InvalidBarcode,
					)

	def validate_stock_item_change(self):
		before = frappe.db.get_value("Item", self.name, "is_stock_item")
		if before is not None and cint(before) != cint(self.is_stock_item):
			if frappe.db.exists("Stock Ledger Entry", {"item_code": self.name, "is_cancelled": 0}):
				frappe.throw(_("As there are existing transactions against item {0}, you can not change the value of {1}").format(self.name, frappe.bold(_("Maintain Stock"))))


def convert_erpnext_to_barcodenumber(erpnext_number, barcode):
	"""ERPNext's barcode type -> barcodenumber's name (real: erpnext/stock/doctype/item/item.py)."""
	if erpnext_number == "EAN":
		return {8: "EAN8", 13: "EAN13"}.get(len(barcode), erpnext_number)
	return {"UPC-A": "UPCA", "CODE-39": "CODE39", "ISBN-10": "ISBN10", "ISBN-13": "ISBN13"}.get(
		erpnext_number, erpnext_number
	)


