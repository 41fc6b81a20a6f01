# benchless stand-in for erpnext/stock/doctype/stock_entry/stock_entry.py (ERPNext v15)
# Purposes posted to the ledger: Material Receipt, Material Issue, Material Transfer
# (and Repack as issue + receipt rows). Manufacturing, subcontracting, transit,
# additional costs, quality inspection and GL entries are not modelled.

import frappe
from frappe import _
from frappe.utils import cint, cstr, flt

from erpnext.controllers.stock_controller import StockController


class IncorrectValuationRateError(frappe.ValidationError):
	pass


class DuplicateEntryForWorkOrderError(frappe.ValidationError):
	pass


class OperationsNotCompleteError(frappe.ValidationError):
	pass


class MaxSampleAlreadyRetainedError(frappe.ValidationError):
	pass


SUPPORTED_PURPOSES = ("Material Issue", "Material Receipt", "Material Transfer", "Repack")


class StockEntry(StockController):
	def validate(self):
		self.validate_posting_time()
		self.set_purpose_and_type()
		self.validate_purpose()
		self.validate_item()
		self.validate_warehouse()
		self.set_missing_item_details(qty_field="qty", stock_qty_field="transfer_qty")
		self.validate_warehouse_company(("s_warehouse", "t_warehouse"))
		self.validate_uom_is_integer("uom", "qty")
		self.validate_uom_is_integer("stock_uom", "transfer_qty")
		self.validate_batch_rows()
		self.set_actual_qty()
		self.calculate_rate_and_amount()

	def set_purpose_and_type(self):
		if self.stock_entry_type and not self.purpose:
			self.purpose = frappe.db.get_value("Stock Entry Type", self.stock_entry_type, "purpose")
		if self.purpose and not self.stock_entry_type:
			self.set_stock_entry_type()

	def set_stock_entry_type(self):
		if self.purpose:
			self.stock_entry_type = frappe.db.get_value(
				"Stock Entry Type", {"purpose": self.purpose, "is_standard": 1}, "name"
			) or frappe.db.get_value("Stock Entry Type", {"purpose": self.purpose}, "name")

	def set_purpose_for_stock_entry(self):
		if self.stock_entry_type and not self.purpose:
			self.purpose = frappe.db.get_value("Stock Entry Type", self.stock_entry_type, "purpose")

	def validate_purpose(self):
		valid_purposes = [
			"Material Issue",
			"Material Receipt",
			"Material Transfer",
			"Material Transfer for Manufacture",
			"Manufacture",
			"Repack",
			"Send to Subcontractor",
			"Material Consumption for Manufacture",
			"Disassemble",
		]
		if self.purpose not in valid_purposes:
			frappe.throw(_("Purpose must be one of {0}").format(", ".join(valid_purposes)))
		if self.purpose not in SUPPORTED_PURPOSES:
			frappe.throw(
				_("benchless Stock Entry supports {0}, not {1}").format(", ".join(SUPPORTED_PURPOSES), self.purpose)
			)

	def validate_item(self):
		for item in self.get("items"):
			if not item.item_code:
				continue
			if not cint(frappe.db.get_value("Item", item.item_code, "is_stock_item")):
				frappe.throw(_("{0} is not a stock Item").format(item.item_code))
			if flt(item.qty) <= 0:
				frappe.throw(
					_("Row {0}: The item {1}, quantity must be positive number").format(
						item.idx, frappe.bold(item.item_code)
					)
				)

	def validate_warehouse(self):
		"""perform various (sometimes conditional) validations on warehouse"""
		source_mandatory = ["Material Issue", "Material Transfer"]
		target_mandatory = ["Material Receipt", "Material Transfer"]

		for d in self.get("items"):
			if self.purpose in source_mandatory and not d.s_warehouse:
				if self.from_warehouse:
					d.s_warehouse = self.from_warehouse
				else:
					frappe.throw(_("Source warehouse is mandatory for row {0}").format(d.idx))

			if self.purpose in target_mandatory and not d.t_warehouse:
				if self.to_warehouse:
					d.t_warehouse = self.to_warehouse
				else:
					frappe.throw(_("Target warehouse is mandatory for row {0}").format(d.idx))

			if self.purpose == "Material Receipt":
				d.s_warehouse = None
			if self.purpose == "Material Issue":
				d.t_warehouse = None

			if self.purpose == "Repack" and not (d.s_warehouse or d.t_warehouse):
				d.s_warehouse = self.from_warehouse
				d.t_warehouse = self.to_warehouse if not d.s_warehouse else None

			if cstr(d.s_warehouse) == cstr(d.t_warehouse):
				frappe.throw(_("Source and target warehouse cannot be same for row {0}").format(d.idx))

			if not (d.s_warehouse or d.t_warehouse):
				frappe.throw(_("Atleast one warehouse is mandatory"))

	def validate_batch_rows(self):
		"""Batch rules of StockController.validate_batches, per direction of each row."""
		for d in self.get("items"):
			has_batch_no, create_new_batch = frappe.db.get_value(
				"Item", d.item_code, ["has_batch_no", "create_new_batch"]
			) or (0, 0)
			if d.batch_no:
				if not cint(has_batch_no):
					frappe.throw(_("Row #{0}: Serial No and Batch No are not allowed for Item {1}").format(d.idx, d.item_code))
				batch_item = frappe.db.get_value("Batch", d.batch_no, "item")
				if batch_item and batch_item != d.item_code:
					frappe.throw(_("Row #{0}: Batch No {1} does not belong to Item {2}").format(d.idx, d.batch_no, d.item_code))
			elif cint(has_batch_no) and not (d.t_warehouse and not d.s_warehouse and cint(create_new_batch)):
				from erpnext.controllers.stock_controller import BatchRequiredError

				frappe.throw(
					_("Row #{0}: Serial No / Batch No are mandatory for Item {1}").format(d.idx, d.item_code),
					BatchRequiredError,
				)

	def set_actual_qty(self):
		for d in self.get("items"):
			warehouse = d.s_warehouse or d.t_warehouse
			d.actual_qty = flt(
				frappe.db.get_value("Bin", {"item_code": d.item_code, "warehouse": warehouse}, "actual_qty")
			)

	def calculate_rate_and_amount(self):
		incoming = outgoing = 0.0
		for d in self.get("items"):
			if d.s_warehouse and not flt(d.basic_rate):
				d.basic_rate = flt(
					frappe.db.get_value("Bin", {"item_code": d.item_code, "warehouse": d.s_warehouse}, "valuation_rate")
				)
			d.basic_amount = flt(d.transfer_qty) * flt(d.basic_rate)
			d.valuation_rate = flt(d.basic_rate)
			d.amount = d.basic_amount
			if d.s_warehouse:
				outgoing += d.amount
			if d.t_warehouse:
				incoming += d.amount
		self.total_outgoing_value = outgoing
		self.total_incoming_value = incoming
		self.value_difference = incoming - outgoing
		self.total_amount = sum(flt(d.amount) for d in self.get("items"))

	def on_submit(self):
		self.make_batches("t_warehouse")
		self.update_stock_ledger()

	def on_cancel(self):
		self.update_stock_ledger()
		self.ignore_linked_doctypes = ("GL Entry", "Stock Ledger Entry", "Repost Item Valuation")

	def update_stock_ledger(self):
		sl_entries = []

		# make sl entries for source warehouse first
		for d in self.get("items"):
			if cstr(d.s_warehouse):
				sl_entries.append(
					self.get_sl_entries(
						d,
						{"warehouse": cstr(d.s_warehouse), "actual_qty": -flt(d.transfer_qty), "incoming_rate": 0},
					)
				)

		# SLE for target warehouse
		for d in self.get("items"):
			if cstr(d.t_warehouse):
				sl_entries.append(
					self.get_sl_entries(
						d,
						{
							"warehouse": cstr(d.t_warehouse),
							"actual_qty": flt(d.transfer_qty),
							"incoming_rate": flt(d.valuation_rate),
						},
					)
				)

		# On cancellation, make SLE for target warehouse first
		if self.docstatus == 2:
			sl_entries.reverse()

		self.make_sl_entries(sl_entries)
