# benchless stand-in for erpnext/stock/doctype/delivery_note/delivery_note.py (ERPNext v15)
# Kept: warehouse / batch validation, stock posting and reversal, delivered qty and
# delivery status on the Sales Order (status_updater), reserved qty, status, delivered qty
# of the order lines' Stock Reservation Entries (Qty-based; v15 update_stock_reservation_entries).
# Not modelled: billing, packing slips, returns against invoices, GL entries.

import frappe
from frappe import _
from frappe.utils import cint, flt

from erpnext.controllers.selling_controller import SellingController


class DeliveryNote(SellingController):
	def __init__(self, *args, **kwargs):
		super().__init__(*args, **kwargs)
		self.status_updater = [
			{
				"source_dt": "Delivery Note Item",
				"target_dt": "Sales Order Item",
				"join_field": "so_detail",
				"target_field": "delivered_qty",
				"target_parent_dt": "Sales Order",
				"target_parent_field": "per_delivered",
				"target_ref_field": "qty",
				"source_field": "qty",
				"percent_join_field": "against_sales_order",
				"status_field": "delivery_status",
				"keyword": "Delivered",
				"overflow_type": "delivery",
			}
		]

	def validate(self):
		self.validate_posting_time()
		super().validate()
		self.set_status()
		self.check_sales_order_on_hold_or_close("against_sales_order")
		self.validate_warehouse()
		self.validate_warehouse_company(("warehouse",))
		self.validate_uom_is_integer("stock_uom", "stock_qty")
		self.validate_uom_is_integer("uom", "qty")
		self.validate_batches("warehouse", inward=cint(self.is_return))
		self.validate_against_stock_reservation_entries()
		self.update_current_stock()

	def validate_warehouse(self):
		for d in self.get("items"):
			if cint(frappe.db.get_value("Item", d.item_code, "is_stock_item")) == 1:
				if not d.warehouse:
					frappe.throw(_("Warehouse required for stock Item {0}").format(d.item_code))

	def update_current_stock(self):
		for d in self.get("items"):
			d.actual_qty = flt(
				frappe.db.get_value("Bin", {"item_code": d.item_code, "warehouse": d.warehouse}, "actual_qty")
			)
			if d.get("batch_no") and d.warehouse:
				from erpnext.stock.doctype.batch.batch import get_batch_qty

				d.actual_batch_qty = get_batch_qty(d.batch_no, d.warehouse)

	def on_submit(self):
		if cint(self.is_return) and not self.return_against:
			# v15: a return's status_updater row updates per_returned on the note it returns
			# (percent_join_field_parent "return_against"), then frappe.get_doc("Delivery Note",
			# None) fails: a Sales Return without Return Against cannot be submitted
			frappe.throw(_("Delivery Note None not found"), frappe.DoesNotExistError)
		# update delivered qty in sales order
		self.update_prevdoc_status()

		self.update_stock_reservation_entries()

		# Updating stock ledger should always be called after updating prevdoc status,
		# because updating reserved qty in bin depends upon updated delivered qty in SO
		self.update_stock_ledger()

	def on_cancel(self):
		self.check_sales_order_on_hold_or_close("against_sales_order")

		self.update_prevdoc_status()

		self.update_stock_reservation_entries()

		# Updating stock ledger should always be called after updating prevdoc status,
		# because updating reserved qty in bin depends upon updated delivered qty in SO
		self.update_stock_ledger()

		self.set_status(update=True)
		self.ignore_linked_doctypes = ("GL Entry", "Stock Ledger Entry")

	def update_stock_reservation_entries(self) -> None:
		"""Updates Delivered Qty in Stock Reservation Entries.

		benchless: Qty-based reservations only (no Serial and Batch reservation)."""

		# Don't update Delivered Qty on Return.
		if self.is_return:
			return

		if self._action == "submit":
			for item in self.get("items"):
				# Skip if `Sales Order` or `Sales Order Item` reference is not set.
				if not item.against_sales_order or not item.so_detail:
					continue

				sre_list = frappe.db.get_all(
					"Stock Reservation Entry",
					{
						"docstatus": 1,
						"voucher_type": "Sales Order",
						"voucher_no": item.against_sales_order,
						"voucher_detail_no": item.so_detail,
						"warehouse": item.warehouse,
						"status": ["not in", ["Delivered", "Cancelled"]],
					},
					order_by="creation",
				)

				# Skip if no Stock Reservation Entries.
				if not sre_list:
					continue

				qty_to_deliver = item.stock_qty
				for sre in sre_list:
					if qty_to_deliver <= 0:
						break

					sre_doc = frappe.get_doc("Stock Reservation Entry", sre.name)

					# `Delivered Qty` should be less than or equal to `Reserved Qty`.
					qty_can_be_deliver = min((sre_doc.reserved_qty - sre_doc.delivered_qty), qty_to_deliver)

					sre_doc.delivered_qty += qty_can_be_deliver
					sre_doc.db_update()

					# Update Stock Reservation Entry `Status` based on `Delivered Qty`.
					sre_doc.update_status()

					# Update Reserved Stock in Bin.
					sre_doc.update_reserved_stock_in_bin()

					qty_to_deliver -= qty_can_be_deliver

		if self._action == "cancel":
			for item in self.get("items"):
				# Skip if `Sales Order` or `Sales Order Item` reference is not set.
				if not item.against_sales_order or not item.so_detail:
					continue

				sre_list = frappe.db.get_all(
					"Stock Reservation Entry",
					{
						"docstatus": 1,
						"voucher_type": "Sales Order",
						"voucher_no": item.against_sales_order,
						"voucher_detail_no": item.so_detail,
						"warehouse": item.warehouse,
						"status": ["in", ["Partially Delivered", "Delivered"]],
					},
					order_by="creation",
				)

				# Skip if no Stock Reservation Entries.
				if not sre_list:
					continue

				qty_to_undelivered = item.stock_qty
				for sre in sre_list:
					if qty_to_undelivered <= 0:
						break

					sre_doc = frappe.get_doc("Stock Reservation Entry", sre.name)

					# `Qty to Undelivered` should be less than or equal to `Delivered Qty`.
					qty_can_be_undelivered = min(sre_doc.delivered_qty, qty_to_undelivered)

					sre_doc.delivered_qty -= qty_can_be_undelivered
					sre_doc.db_update()

					# Update Stock Reservation Entry `Status` based on `Delivered Qty`.
					sre_doc.update_status()

					# Update Reserved Stock in Bin.
					sre_doc.update_reserved_stock_in_bin()

					qty_to_undelivered -= qty_can_be_undelivered

	def validate_against_stock_reservation_entries(self):
		"""Validates if Stock Reservation Entries are available for the Sales Order Item reference."""

		from erpnext.stock.doctype.stock_reservation_entry.stock_reservation_entry import (
			get_sre_reserved_warehouses_for_voucher,
		)

		# Don't validate if Return
		if self.is_return:
			return

		for item in self.get("items"):
			# Skip if `Sales Order` or `Sales Order Item` reference is not set.
			if not item.against_sales_order or not item.so_detail:
				continue

			reserved_warehouses = get_sre_reserved_warehouses_for_voucher(
				"Sales Order", item.against_sales_order, item.so_detail
			)

			# Skip if stock is not reserved.
			if not reserved_warehouses:
				continue

			# Set `Warehouse` from SRE if not set.
			if not item.warehouse:
				item.warehouse = reserved_warehouses[0]
			else:
				# Throw if `Warehouse` not in Reserved Warehouses.
				if item.warehouse not in reserved_warehouses:
					msg = _("Row #{0}: Stock is reserved for item {1} in warehouse {2}.").format(
						item.idx,
						frappe.bold(item.item_code),
						frappe.bold(reserved_warehouses[0])
						if len(reserved_warehouses) == 1
						else _("{0} and {1}").format(
							frappe.bold(", ".join(reserved_warehouses[:-1])),
							frappe.bold(reserved_warehouses[-1]),
						),
					)
					frappe.throw(msg, title=_("Stock Reservation Warehouse Mismatch"))

	def update_status(self, status):
		self.set_status(update=True, status=status)
