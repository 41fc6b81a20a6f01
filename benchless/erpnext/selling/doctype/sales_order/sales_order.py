# benchless stand-in for erpnext/selling/doctype/sales_order/sales_order.py (ERPNext v15)
# Kept: delivery date / warehouse validation, status and delivery status, reserved qty in
# Bin, close / hold, make_delivery_note, Stock Reservation Entries (reserve_stock: created on
# submit, cancelled on cancel). Not modelled: pricing, taxes, billing, packed items, drop
# shipping, work orders, credit limits, reserving from a Pick List.

import frappe
from frappe import _
from frappe.utils import cint, flt, get_datetime, getdate

from erpnext.controllers.selling_controller import SellingController


class WarehouseRequired(frappe.ValidationError):
	pass


class SalesOrder(SellingController):
	def validate(self):
		super().validate()
		self.validate_delivery_date()
		self.validate_uom_is_integer("stock_uom", "stock_qty")
		self.validate_uom_is_integer("uom", "qty")
		self.validate_for_items()
		self.validate_warehouse()
		self.validate_reserved_stock()
		self.set_status()

		if not self.billing_status:
			self.billing_status = "Not Billed"
		if not self.delivery_status:
			self.delivery_status = "Not Delivered"

		self.enable_auto_reserve_stock()

	def validate_reserved_stock(self):
		"""Clean reserved stock flag for non-stock Item"""

		enable_stock_reservation = frappe.db.get_single_value("Stock Settings", "enable_stock_reservation")

		for item in self.items:
			if item.reserve_stock and (not enable_stock_reservation or not cint(item.is_stock_item)):
				item.reserve_stock = 0

	def enable_auto_reserve_stock(self):
		if self.is_new() and frappe.db.get_single_value("Stock Settings", "auto_reserve_stock"):
			self.reserve_stock = 1

	def validate_delivery_date(self):
		if self.order_type == "Sales" and not self.skip_delivery_note:
			delivery_date_list = [getdate(d.delivery_date) for d in self.get("items") if d.delivery_date]
			max_delivery_date = max(delivery_date_list) if delivery_date_list else None
			if (max_delivery_date and not self.delivery_date) or (
				max_delivery_date and getdate(self.delivery_date) != getdate(max_delivery_date)
			):
				self.delivery_date = max_delivery_date
			if self.delivery_date:
				for d in self.get("items"):
					if not d.delivery_date:
						d.delivery_date = self.delivery_date
					if getdate(self.transaction_date) > getdate(d.delivery_date):
						frappe.msgprint(
							_("Expected Delivery Date should be after Sales Order Date"),
							indicator="orange",
							title=_("Warning"),
						)
			else:
				frappe.throw(_("Please enter Delivery Date"))

	def validate_for_items(self):
		for d in self.get("items"):
			d.is_stock_item = cint(frappe.db.get_value("Item", d.item_code, "is_stock_item"))
			values = frappe.db.get_value(
				"Bin",
				{"item_code": d.item_code, "warehouse": d.warehouse},
				["actual_qty", "projected_qty"],
				as_dict=True,
			)
			d.actual_qty = flt(values.actual_qty) if values else 0
			d.projected_qty = flt(values.projected_qty) if values else 0

	def validate_warehouse(self):
		for d in self.get("items"):
			if cint(d.is_stock_item) and not d.warehouse and not cint(d.delivered_by_supplier):
				frappe.throw(
					_("Delivery warehouse required for stock item {0}").format(d.item_code), WarehouseRequired
				)

	def on_submit(self):
		self.update_reserved_qty()

		if self.get("reserve_stock"):
			self.create_stock_reservation_entries()

	def on_cancel(self):
		self.ignore_linked_doctypes = ("GL Entry", "Stock Ledger Entry", "Payment Ledger Entry")

		# Cannot cancel closed SO
		if self.status == "Closed":
			frappe.throw(_("Closed order cannot be cancelled. Unclose to cancel."))

		self.update_reserved_qty()
		self.db_set("status", "Cancelled")

		self.cancel_stock_reservation_entries()

	def check_modified_date(self):
		"""Refuse a status change made on a stale copy (real: compares ``modified`` in SQL)."""
		mod_db = frappe.db.get_value("Sales Order", self.name, "modified")
		if mod_db and self.modified and get_datetime(mod_db) != get_datetime(self.modified):
			frappe.throw(_("{0} {1} has been modified. Please refresh.").format(self.doctype, self.name))

	def update_status(self, status):
		"""Hold ("On Hold"), Close ("Closed"), Resume / Re-open ("Draft"), as in v15: no save, so
		no validate and no on_update*; set_status's two db_set calls fire before_change and
		on_change (doc_events included). Not modelled: the credit-limit check on re-open and
		clear_doctype_notifications (no credit limits / notification counts here)."""
		self.check_modified_date()
		self.set_status(update=True, status=status)
		self.update_reserved_qty()
		self.notify_update()

	def update_reserved_qty(self, so_item_rows=None):
		"""update requested qty (before ordered_qty is updated)"""
		from erpnext.stock.stock_balance import get_reserved_qty, update_bin_qty

		item_wh_list = []
		for d in self.get("items"):
			if (not so_item_rows or d.name in so_item_rows) and not d.delivered_by_supplier:
				if (
					d.item_code
					and d.warehouse
					and [d.item_code, d.warehouse] not in item_wh_list
					and cint(frappe.db.get_value("Item", d.item_code, "is_stock_item"))
				):
					item_wh_list.append([d.item_code, d.warehouse])

		for item_code, warehouse in item_wh_list:
			update_bin_qty(item_code, warehouse, {"reserved_qty": get_reserved_qty(item_code, warehouse)})

	def has_unreserved_stock(self) -> bool:
		"""Returns True if there is any unreserved item in the Sales Order."""
		from erpnext.stock.doctype.stock_reservation_entry.stock_reservation_entry import (
			get_sre_reserved_qty_details_for_voucher,
		)

		reserved_qty_details = get_sre_reserved_qty_details_for_voucher("Sales Order", self.name)

		for item in self.get("items"):
			if not item.get("reserve_stock"):
				continue

			unreserved_qty = get_unreserved_qty(item, reserved_qty_details)
			if unreserved_qty > 0:
				return True

		return False

	@frappe.whitelist()
	def create_stock_reservation_entries(
		self, items_details=None, from_voucher_type=None, notify=True
	) -> None:
		"""Creates Stock Reservation Entries for Sales Order Items."""
		from erpnext.stock.doctype.stock_reservation_entry.stock_reservation_entry import (
			create_stock_reservation_entries_for_so_items as create_stock_reservation_entries,
		)

		if isinstance(items_details, str):
			items_details = frappe.parse_json(items_details)

		create_stock_reservation_entries(
			sales_order=self,
			items_details=items_details,
			from_voucher_type=from_voucher_type,
			notify=notify,
		)

	@frappe.whitelist()
	def cancel_stock_reservation_entries(self, sre_list=None, notify=True) -> None:
		"""Cancel Stock Reservation Entries for Sales Order Items."""
		from erpnext.stock.doctype.stock_reservation_entry.stock_reservation_entry import (
			cancel_stock_reservation_entries,
		)

		cancel_stock_reservation_entries(
			voucher_type=self.doctype, voucher_no=self.name, sre_list=sre_list, notify=notify
		)


def get_unreserved_qty(item: object, reserved_qty_details: dict) -> float:
	"""Returns the unreserved quantity for the Sales Order Item."""

	existing_reserved_qty = reserved_qty_details.get(item.name, 0)
	return item.stock_qty - flt(item.delivered_qty) * item.get("conversion_factor", 1) - existing_reserved_qty


@frappe.whitelist()
def update_status(status, name):
	so = frappe.get_doc("Sales Order", name)
	so.update_status(status)


@frappe.whitelist()
def close_or_unclose_sales_orders(names, status):
	"""The list view's bulk Close / Re-open (v15): Close only open orders not fully delivered and
	billed; Re-open ("Draft") only Closed ones. update_blanket_order is not modelled."""
	import json

	if not frappe.has_permission("Sales Order", "write"):
		frappe.throw(_("Not permitted"), frappe.PermissionError)

	names = json.loads(names)
	for name in names:
		so = frappe.get_doc("Sales Order", name)
		if so.docstatus == 1:
			if status == "Closed":
				if so.status not in ("Cancelled", "Closed") and (
					so.per_delivered < 100 or so.per_billed < 100
				):
					so.update_status(status)
			else:
				if so.status == "Closed":
					so.update_status("Draft")

	frappe.local.message_log = []


@frappe.whitelist()
def make_delivery_note(source_name, target_doc=None, kwargs=None):
	"""Map a submitted Sales Order to an unsaved Delivery Note (real signature).

	Items are mapped like the real mapper config: Sales Order Item -> Delivery Note Item
	with field_map {"rate": "rate", "name": "so_detail", "parent": "against_sales_order"},
	condition `abs(delivered_qty) < abs(qty) and delivered_by_supplier != 1`, and qty set to
	qty - delivered_qty (update_item). kwargs.skip_item_mapping leaves the items out.
	benchless maps the fields directly instead of through frappe.model.mapper.get_mapped_doc;
	for_reserved_stock (Stock Reservation Entries) is not supported.
	"""
	if not kwargs:
		kwargs = {}
	kwargs = frappe._dict(kwargs)

	if target_doc is None:
		target = frappe.new_doc("Delivery Note")
	elif isinstance(target_doc, str):
		import json

		target = frappe.get_doc(json.loads(target_doc))
	else:
		target = target_doc
	# get_mapped_doc's checks (frappe/model/mapper.py): create on the target, read on the source
	if not target.has_permission("create"):
		target.raise_no_permission_to("create")
	source = frappe.get_doc("Sales Order", source_name)
	if not source.has_permission("read"):
		source.raise_no_permission_to("read")
	if source.docstatus != 1:
		# the mapper's "validation": {"docstatus": ["=", 1]} (frappe/model/mapper.py)
		frappe.throw(_("Cannot map because following condition fails:") + " docstatus=1")

	for field in ("customer", "customer_name", "company", "set_warehouse", "po_no"):
		if source.get(field) and not target.get(field):
			target.set(field, source.get(field))

	def condition(doc):
		return abs(flt(doc.delivered_qty)) < abs(flt(doc.qty)) and doc.delivered_by_supplier != 1

	if not kwargs.skip_item_mapping:
		for d in source.get("items"):
			if not condition(d):
				continue
			qty = flt(d.qty) - flt(d.delivered_qty)
			target.append(
				"items",
				{
					"item_code": d.item_code,
					"item_name": d.item_name,
					"description": d.description,
					"qty": qty,
					"uom": d.uom,
					"stock_uom": d.stock_uom,
					"conversion_factor": d.conversion_factor,
					"stock_qty": qty * flt(d.conversion_factor),
					"rate": d.rate,
					"amount": qty * flt(d.rate),
					"warehouse": d.warehouse,
					"weight_per_unit": d.get("weight_per_unit"),
					"against_sales_order": source.name,
					"so_detail": d.name,
				},
			)

	return target
