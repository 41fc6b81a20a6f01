"""benchless stand-in for erpnext/controllers/buying_controller.py (ERPNext v15).
Pricing, taxes, landed costs and subcontracting are not modelled; the currency is set as
set_price_list_currency sets it (no price lists), returns are validated (validate_return)."""

import frappe
from frappe import _
from frappe.utils import cint, flt

import erpnext
from erpnext.controllers.sales_and_purchase_return import validate_return
from erpnext.controllers.stock_controller import StockController


class BuyingController(StockController):
	def validate(self):
		super().validate()  # StockController.validate: quality inspection
		self.set_missing_values()
		validate_return(self)  # real: AccountsController.validate, before the qty checks below
		self.validate_accepted_rejected_qty()
		self.set_missing_item_details()
		for d in self.get("items") or []:
			d.received_stock_qty = flt(d.received_qty) * flt(d.conversion_factor)
			d.valuation_rate = flt(d.rate) / (flt(d.conversion_factor) or 1)

	def set_missing_values(self, for_validate=False):
		if self.get("supplier") and self.meta.has_field("supplier_name") and not self.get("supplier_name"):
			self.supplier_name = frappe.db.get_value("Supplier", self.supplier, "supplier_name")
		self.set_price_list_currency("Buying")
		for d in self.get("items") or []:
			if self.get("set_warehouse") and not d.get("warehouse"):
				d.warehouse = self.set_warehouse
			if self.get("rejected_warehouse") and not d.get("rejected_warehouse"):
				d.rejected_warehouse = self.rejected_warehouse

	def set_price_list_currency(self, buying_or_selling):
		"""AccountsController.set_price_list_currency's currency part: the company's currency when
		none is given (real: the supplier's default, from get_party_details), rate 1 in it. Price
		lists and exchange rates are not modelled: a foreign currency needs its conversion_rate."""
		if not self.meta.get_field("currency"):
			return
		company_currency = erpnext.get_company_currency(self.company)
		if not self.currency:
			self.currency = company_currency
		if self.currency == company_currency:
			self.conversion_rate = 1.0
		elif not self.conversion_rate:
			frappe.throw(
				_("benchless: no Currency Exchange from {0} to {1}; set the Exchange Rate").format(
					self.currency, company_currency
				)
			)

	def validate_accepted_rejected_qty(self):
		for d in self.get("items") or []:
			if not flt(d.received_qty) and (flt(d.qty) or flt(d.rejected_qty)):
				d.received_qty = flt(d.qty) + flt(d.rejected_qty)
			if not flt(d.qty) and flt(d.received_qty):
				d.qty = flt(d.received_qty) - flt(d.rejected_qty)
			if abs(flt(d.received_qty) - (flt(d.qty) + flt(d.rejected_qty))) > 0.000001:
				frappe.throw(
					_("Row #{0}: Received Qty must be equal to Accepted + Rejected Qty for Item {1}").format(
						d.idx, frappe.bold(d.item_code)
					)
				)
			if flt(d.rejected_qty) and not d.get("rejected_warehouse"):
				frappe.throw(_("Row #{0}: Rejected Warehouse is mandatory for the rejected Item {1}").format(d.idx, d.item_code))

	def validate_warehouse(self):
		for d in self.get("items") or []:
			if cint(frappe.db.get_value("Item", d.item_code, "is_stock_item")) and flt(d.qty) and not d.warehouse:
				frappe.throw(_("Row #{0}: Accepted Warehouse is mandatory for the accepted Item {1}").format(d.idx, d.item_code))

	def update_stock_ledger(self, allow_negative_stock=False, via_landed_cost_voucher=False):
		sl_entries = []
		for d in self.get("items") or []:
			if not cint(frappe.db.get_value("Item", d.item_code, "is_stock_item")):
				continue
			if d.warehouse and flt(d.qty):
				sign = -1 if cint(self.get("is_return")) else 1
				sl_entries.append(
					self.get_sl_entries(
						d,
						{
							"actual_qty": sign * abs(flt(d.stock_qty)),
							"incoming_rate": flt(d.valuation_rate) if sign > 0 else 0,
						},
					)
				)
			if flt(d.rejected_qty) and d.get("rejected_warehouse"):
				sl_entries.append(
					self.get_sl_entries(
						d,
						{
							"warehouse": d.rejected_warehouse,
							"actual_qty": flt(d.rejected_qty) * flt(d.conversion_factor),
							"incoming_rate": 0,
						},
					)
				)
		if self.docstatus == 2:
			sl_entries.reverse()
		self.make_sl_entries(sl_entries, allow_negative_stock, via_landed_cost_voucher)
