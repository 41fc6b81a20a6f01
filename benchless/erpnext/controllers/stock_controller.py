"""benchless stand-in for erpnext/controllers/stock_controller.py (ERPNext v15).

get_sl_entries / make_sl_entries keep the real shapes: one dict per stock row with
item_code, warehouse, posting_date, posting_time, voucher_type, voucher_no,
voucher_detail_no, actual_qty, stock_uom, incoming_rate, company, batch_no, serial_no and
is_cancelled (1 when the voucher is being cancelled), posted through
erpnext.stock.stock_ledger.make_sl_entries. GL entries, serial/batch bundles and
inventory dimensions are not modelled.

Quality inspection as v15.99.1 (validate -> validate_inspection unless a return;
validate_qi_presence / validate_qi_submission / validate_qi_rejection and their exceptions,
copied from the real file). Stock Entry's inspection (its ``inspection_required`` field and
``t_warehouse`` rows) is not modelled: the stand-in's Stock Entry has no such field.
"""

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, nowdate

from erpnext.utilities.transaction_base import TransactionBase


class BatchRequiredError(frappe.ValidationError):
	pass


class QualityInspectionRequiredError(frappe.ValidationError):
	pass


class QualityInspectionRejectedError(frappe.ValidationError):
	pass


class QualityInspectionNotSubmittedError(frappe.ValidationError):
	pass


class StockController(TransactionBase):
	def validate(self):
		# real: AccountsController.validate, duplicate bundles, serial nos, customer-provided items,
		# internal transfers, putaway capacity... then this (stock_controller.py StockController.validate)
		if not self.get("is_return"):
			self.validate_inspection()

	def validate_inspection(self):
		"""Checks if quality inspection is set/ is valid for Items that require inspection."""
		inspection_fieldname_map = {
			"Purchase Receipt": "inspection_required_before_purchase",
			"Purchase Invoice": "inspection_required_before_purchase",
			"Subcontracting Receipt": "inspection_required_before_purchase",
			"Sales Invoice": "inspection_required_before_delivery",
			"Delivery Note": "inspection_required_before_delivery",
		}
		inspection_required_fieldname = inspection_fieldname_map.get(self.doctype)

		# return if inspection is not required on document level
		if (
			(not inspection_required_fieldname and self.doctype != "Stock Entry")
			or (self.doctype == "Stock Entry" and not self.get("inspection_required"))
			or (self.doctype in ["Sales Invoice", "Purchase Invoice"] and not self.update_stock)
		):
			return

		for row in self.get("items"):
			qi_required = False
			if inspection_required_fieldname and frappe.db.get_value(
				"Item", row.item_code, inspection_required_fieldname
			):
				qi_required = True
			elif self.doctype == "Stock Entry" and row.t_warehouse:
				qi_required = True  # inward stock needs inspection

			if row.get("is_scrap_item"):
				continue

			if qi_required:  # validate row only if inspection is required on item level
				self.validate_qi_presence(row)
				if self.docstatus == 1:
					self.validate_qi_submission(row)
					self.validate_qi_rejection(row)

	def validate_qi_presence(self, row):
		"""Check if QI is present on row level. Warn on save and stop on submit if missing."""
		if self.doctype in [
			"Purchase Receipt",
			"Purchase Invoice",
			"Sales Invoice",
			"Delivery Note",
		] and frappe.db.get_single_value(
			"Stock Settings", "allow_to_make_quality_inspection_after_purchase_or_delivery"
		):
			return

		if not row.quality_inspection:
			msg = _("Row #{0}: Quality Inspection is required for Item {1}").format(
				row.idx, frappe.bold(row.item_code)
			)
			if self.docstatus == 1:
				frappe.throw(msg, title=_("Inspection Required"), exc=QualityInspectionRequiredError)
			else:
				frappe.msgprint(msg, title=_("Inspection Required"), indicator="blue")

	def validate_qi_submission(self, row):
		"""Check if QI is submitted on row level, during submission"""
		action = frappe.db.get_single_value("Stock Settings", "action_if_quality_inspection_is_not_submitted")
		qa_docstatus = frappe.db.get_value("Quality Inspection", row.quality_inspection, "docstatus")

		if not qa_docstatus == 1:
			link = frappe.utils.get_link_to_form("Quality Inspection", row.quality_inspection)
			msg = _("Row #{0}: Quality Inspection {1} is not submitted for the item: {2}").format(
				row.idx, link, row.item_code
			)
			if action == "Stop":
				frappe.throw(msg, title=_("Inspection Submission"), exc=QualityInspectionNotSubmittedError)
			else:
				frappe.msgprint(msg, alert=True, indicator="orange")

	def validate_qi_rejection(self, row):
		"""Check if QI is rejected on row level, during submission"""
		action = frappe.db.get_single_value("Stock Settings", "action_if_quality_inspection_is_rejected")
		qa_status = frappe.db.get_value("Quality Inspection", row.quality_inspection, "status")

		if qa_status == "Rejected":
			link = frappe.utils.get_link_to_form("Quality Inspection", row.quality_inspection)
			msg = _("Row #{0}: Quality Inspection {1} was rejected for item {2}").format(
				row.idx, link, row.item_code
			)
			if action == "Stop":
				frappe.throw(msg, title=_("Inspection Rejected"), exc=QualityInspectionRejectedError)
			else:
				frappe.msgprint(msg, alert=True, indicator="orange")

	def get_sl_entries(self, d, args):
		sl_dict = frappe._dict(
			{
				"item_code": d.get("item_code", None),
				"warehouse": d.get("warehouse", None),
				"posting_date": self.posting_date,
				"posting_time": self.posting_time,
				"fiscal_year": str(getdate(self.posting_date).year),
				"voucher_type": self.doctype,
				"voucher_no": self.name,
				"voucher_detail_no": d.name,
				"actual_qty": (self.docstatus == 1 and 1 or -1) * flt(d.get("stock_qty")),
				"stock_uom": frappe.db.get_value("Item", args.get("item_code") or d.get("item_code"), "stock_uom"),
				"incoming_rate": 0,
				"company": self.company,
				"batch_no": d.get("batch_no") or None,
				"serial_no": d.get("serial_no") or None,
				"is_cancelled": 1 if self.docstatus == 2 else 0,
			}
		)
		sl_dict.update(args)
		return sl_dict

	def make_sl_entries(self, sl_entries, allow_negative_stock=False, via_landed_cost_voucher=False):
		from erpnext.stock.stock_ledger import make_sl_entries

		make_sl_entries(sl_entries, allow_negative_stock, via_landed_cost_voucher)

	# -- helpers shared by the stock vouchers (real: set_missing_item_details in the
	#    buying/selling controllers and get_item_details) --------------------------------

	def set_missing_item_details(self, qty_field="qty", stock_qty_field="stock_qty"):
		for d in self.get("items") or []:
			if not d.item_code:
				continue
			item = frappe.db.get_value(
				"Item",
				d.item_code,
				["item_name", "stock_uom", "is_stock_item", "weight_per_unit", "disabled"],
				as_dict=True,
			)
			if not item:
				continue
			if cint(item.disabled):
				frappe.throw(_("Item {0} is disabled").format(d.item_code))
			if not d.get("item_name"):
				d.item_name = item.item_name or d.item_code
			if d.meta.has_field("stock_uom"):
				d.stock_uom = item.stock_uom
			if not d.get("uom"):
				d.uom = item.stock_uom
			if not flt(d.get("conversion_factor")):
				d.conversion_factor = get_conversion_factor(d.item_code, d.uom)
			if d.meta.has_field("weight_per_unit") and not d.get("weight_per_unit"):
				d.weight_per_unit = item.weight_per_unit
			d.set(stock_qty_field, flt(d.get(qty_field)) * flt(d.conversion_factor))
			if d.meta.has_field("amount"):
				d.amount = flt(d.get(qty_field)) * flt(d.get("rate") or d.get("basic_rate"))
		if self.meta.has_field("total_qty"):
			self.total_qty = sum(flt(d.get(qty_field)) for d in self.get("items") or [])

	def validate_batches(self, warehouse_field="warehouse", inward=False):
		"""Batch No on batch items, none on other items; the batch must belong to the item.

		Real v15 routes this through Serial and Batch Bundles (row batch_no when
		use_serial_batch_fields is set); messages follow StockLedgerEntry.validate_serial_batch_no_bundle.
		"""
		for d in self.get("items") or []:
			if not d.item_code:
				continue
			has_batch_no, create_new_batch = frappe.db.get_value(
				"Item", d.item_code, ["has_batch_no", "create_new_batch"]
			) or (0, 0)
			if d.get("batch_no"):
				if not cint(has_batch_no):
					frappe.throw(
						_("Row #{0}: Serial No and Batch No are not allowed for Item {1}").format(d.idx, d.item_code)
					)
				batch_item = frappe.db.get_value("Batch", d.batch_no, "item")
				if batch_item and batch_item != d.item_code:
					frappe.throw(
						_("Row #{0}: Batch No {1} does not belong to Item {2}").format(d.idx, d.batch_no, d.item_code)
					)
			elif cint(has_batch_no) and not (inward and cint(create_new_batch)) and self.docstatus == 1:
				# v15 refuses it at submit (StockLedgerEntry.validate_serial_batch_no_bundle, when the
				# ledger rows are made): a draft may wait for its batch (the handheld scans it in)
				frappe.throw(
					_("Row #{0}: Serial No / Batch No are mandatory for Item {1}").format(d.idx, d.item_code),
					BatchRequiredError,
				)

	def make_batches(self, warehouse_field="warehouse"):
		"""Create a Batch for inward rows of items with create_new_batch and no batch_no."""
		for d in self.get("items") or []:
			if d.get(warehouse_field) and not d.get("batch_no"):
				has_batch_no, create_new_batch = frappe.db.get_value(
					"Item", d.item_code, ["has_batch_no", "create_new_batch"]
				) or (0, 0)
				if cint(has_batch_no) and cint(create_new_batch):
					batch = frappe.get_doc(
						{
							"doctype": "Batch",
							"item": d.item_code,
							"supplier": self.get("supplier"),
							"reference_doctype": self.doctype,
							"reference_name": self.name,
						}
					).insert(ignore_permissions=True)
					d.batch_no = batch.name
					d.db_set("batch_no", batch.name, update_modified=False)

	def validate_warehouse_company(self, fields=("warehouse",)):
		from erpnext.stock.utils import validate_warehouse_company

		for d in self.get("items") or []:
			for f in fields:
				if d.get(f):
					validate_warehouse_company(d.get(f), self.company)


def get_conversion_factor(item_code, uom):
	"""erpnext.stock.get_item_details.get_conversion_factor, reduced to the Item's uoms table."""
	stock_uom = frappe.db.get_value("Item", item_code, "stock_uom")
	if not uom or uom == stock_uom:
		return 1.0
	factor = frappe.db.get_value(
		"UOM Conversion Detail", {"parent": item_code, "parenttype": "Item", "uom": uom}, "conversion_factor"
	)
	if not factor:
		frappe.throw(
			_("UOM Conversion factor is required for UOM: {0} in Item: {1}").format(uom, item_code),
			title=_("Missing Conversion Factor"),
		)
	return flt(factor)


def future_sle_exists(args, sl_entries=None):
	"""Real: flags vouchers posted after this one for reposting. benchless posts in
	real time and does not repost, so there is never a future entry to account for."""
	return False
