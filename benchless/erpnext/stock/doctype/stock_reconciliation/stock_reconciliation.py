# benchless stand-in for erpnext/stock/doctype/stock_reconciliation/stock_reconciliation.py (ERPNext v15)
# Each row states the counted qty of an item (and batch) in a warehouse; on submit a Stock
# Ledger Entry (voucher_type "Stock Reconciliation") sets the balance to it (non-batch: actual_qty
# 0 and qty_after_transaction = the count, as v15 writes it), on cancel it is reversed. Valuation-only rows and serial
# numbers are not modelled.

import frappe
from frappe import _
from frappe.utils import cint, flt

from erpnext.controllers.stock_controller import StockController


class EmptyStockReconciliationItemsError(frappe.ValidationError):
	pass


class StockReconciliation(StockController):
	def validate(self):
		self.validate_posting_time()
		for d in self.get("items"):
			if not d.warehouse and self.set_warehouse:
				d.warehouse = self.set_warehouse
		self.set_current_qty()
		self.remove_items_with_no_change()
		self.validate_data()
		self.validate_warehouse_company(("warehouse",))

	def set_current_qty(self):
		from erpnext.stock.doctype.batch.batch import get_batch_qty
		from erpnext.stock.utils import get_stock_balance

		for d in self.get("items"):
			if not d.item_code or not d.warehouse:
				continue
			d.item_name = d.item_name or frappe.db.get_value("Item", d.item_code, "item_name")
			if d.batch_no:
				d.current_qty = get_batch_qty(d.batch_no, d.warehouse)
			else:
				d.current_qty = get_stock_balance(d.item_code, d.warehouse, self.posting_date, self.posting_time)
			d.quantity_difference = flt(d.qty) - flt(d.current_qty)
			d.amount = flt(d.qty) * flt(d.valuation_rate)

	def remove_items_with_no_change(self):
		"""Remove items if qty or rate is not changed"""
		items = [d for d in self.get("items") if abs(flt(d.qty) - flt(d.current_qty)) > 0.0000001 or not d.warehouse]
		if not items:
			frappe.throw(
				_("None of the items have any change in quantity or value."), EmptyStockReconciliationItemsError
			)
		if len(items) != len(self.get("items")):
			self.set("items", items)
			for i, item in enumerate(self.items, start=1):
				item.idx = i

	def validate_data(self):
		for d in self.get("items"):
			if not d.warehouse:
				frappe.throw(_("Row #{0}: Warehouse is mandatory").format(d.idx))
			if flt(d.qty) < 0:
				frappe.throw(_("Row #{0}: Negative Quantity is not allowed").format(d.idx))
			has_batch_no = cint(frappe.db.get_value("Item", d.item_code, "has_batch_no"))
			if has_batch_no and not d.batch_no:
				frappe.throw(_("Row #{0}: Serial No / Batch No are mandatory for Item {1}").format(d.idx, d.item_code))
			if d.batch_no and not has_batch_no:
				frappe.throw(_("Row #{0}: Serial No and Batch No are not allowed for Item {1}").format(d.idx, d.item_code))

	def on_submit(self):
		self.update_stock_ledger()

	def on_cancel(self):
		self.ignore_linked_doctypes = ("GL Entry", "Stock Ledger Entry", "Repost Item Valuation")
		self.update_stock_ledger()

	def update_stock_ledger(self):
		"""As v15's get_sle_for_items: a non-batch row's entry has ``actual_qty = 0`` and the counted
		qty in ``qty_after_transaction`` (the ledger's balance is set, not moved); a batch row's
		entry carries the difference (the stand-in keeps batches on the entry, see stock_ledger.py).
		On cancel the ledger is reposted (stock_ledger.make_sl_entries)."""
		sl_entries = []
		for d in self.get("items"):
			diff = flt(d.qty) - flt(d.current_qty)
			if not diff:
				continue
			if d.batch_no:
				args = {"actual_qty": diff, "incoming_rate": flt(d.valuation_rate) if diff > 0 else 0}
			else:
				args = {
					"actual_qty": 0,
					"qty_after_transaction": flt(d.qty),
					"incoming_rate": flt(d.valuation_rate) if diff > 0 else 0,
				}
			sl_entries.append(self.get_sl_entries(d, args))
		if self.docstatus == 2:
			sl_entries.reverse()
		self.make_sl_entries(sl_entries, allow_negative_stock=False)
