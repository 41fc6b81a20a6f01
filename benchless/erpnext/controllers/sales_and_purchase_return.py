# benchless stand-in for erpnext/controllers/sales_and_purchase_return.py (ERPNext v15)
# Kept, line for line for a Purchase Receipt: validate_return (party, posting time and exchange rate
# against the original; returned items exist on it and stay within what it received, less what
# earlier returns took), get_returned_qty_map_for_row and make_return_doc (the Purchase Return
# mapper). Not modelled: returns of invoices, Delivery Notes and Subcontracting Receipts through
# make_return_doc (the app maps none), serial numbers held in Serial and Batch Bundles, packed
# items, payment schedules, rates for returns (get_rate_for_return) and the bundle helpers.

import frappe
from frappe import _, bold
from frappe.model.meta import get_field_precision
from frappe.utils import cstr, flt, format_datetime, get_datetime

import erpnext


class StockOverReturnError(frappe.ValidationError):
	pass


def validate_return(doc):
	if not doc.meta.get_field("is_return") or not doc.is_return:
		return

	if doc.return_against:
		validate_return_against(doc)

		validate_returned_items(doc)


def validate_return_against(doc):
	if not frappe.db.exists(doc.doctype, doc.return_against):
		frappe.throw(_("Invalid {0}: {1}").format(doc.meta.get_label("return_against"), doc.return_against))
	else:
		ref_doc = frappe.get_doc(doc.doctype, doc.return_against)

		party_type = "customer" if doc.doctype in ("Sales Invoice", "Delivery Note") else "supplier"

		if ref_doc.get(party_type) != doc.get(party_type):
			frappe.throw(
				_("The {0} {1} does not match with the {0} {2} in the {3} {4}").format(
					doc.meta.get_label(party_type),
					bold(doc.get(party_type)),
					bold(ref_doc.get(party_type)),
					ref_doc.doctype,
					ref_doc.name,
				),
				title=_("Party Mismatch"),
			)

		if (
			ref_doc.company == doc.company
			and ref_doc.get(party_type) == doc.get(party_type)
			and ref_doc.docstatus.is_submitted()
		):
			# validate posting date time
			return_posting_datetime = "{} {}".format(doc.posting_date, doc.get("posting_time") or "00:00:00")
			ref_posting_datetime = "{} {}".format(
				ref_doc.posting_date,
				ref_doc.get("posting_time") or "00:00:00",
			)

			if get_datetime(return_posting_datetime) < get_datetime(ref_posting_datetime):
				frappe.throw(
					_("Posting timestamp must be after {0}").format(format_datetime(ref_posting_datetime))
				)

			# validate same exchange rate
			if doc.conversion_rate != ref_doc.conversion_rate:
				frappe.throw(
					_("Exchange Rate must be same as {0} {1} ({2})").format(
						doc.doctype, doc.return_against, ref_doc.conversion_rate
					)
				)


def validate_returned_items(doc):
	valid_items = frappe._dict()

	select_fields = "item_code, qty, stock_qty, rate, parenttype, conversion_factor, name"
	if doc.doctype != "Purchase Invoice":
		select_fields += ",serial_no, batch_no"

	if doc.doctype in ["Purchase Invoice", "Purchase Receipt", "Subcontracting Receipt"]:
		select_fields += ",rejected_qty, received_qty"

	for d in frappe.db.sql(
		f"""select {select_fields} from `tab{doc.doctype} Item` where parent = %s""",
		doc.return_against,
		as_dict=1,
	):
		valid_items = get_ref_item_dict(valid_items, d)

	already_returned_items = get_already_returned_items(doc)

	# ( not mandatory when it is Purchase Invoice or a Sales Invoice without Update Stock )
	warehouse_mandatory = not (
		(doc.doctype == "Purchase Invoice" or doc.doctype == "Sales Invoice") and not doc.get("update_stock")
	)

	items_returned = False
	for d in doc.get("items"):
		key = d.item_code
		raise_exception = False
		if doc.doctype in ["Purchase Receipt", "Purchase Invoice", "Sales Invoice", "POS Invoice"]:
			field = frappe.scrub(doc.doctype) + "_item"
			if d.get(field):
				key = (d.item_code, d.get(field))
				raise_exception = True
		elif doc.doctype == "Delivery Note":
			key = (d.item_code, d.get("dn_detail"))

		if d.item_code and (flt(d.qty) <= 0 or flt(d.get("received_qty")) <= 0):
			if key not in valid_items:
				frappe.msgprint(
					_("Row # {0}: Returned Item {1} does not exist in {2} {3}").format(
						d.idx, d.item_code, doc.doctype, doc.return_against
					),
					raise_exception=raise_exception,
				)
			else:
				ref = valid_items.get(key, frappe._dict())
				validate_quantity(doc, key, d, ref, valid_items, already_returned_items)

				if (
					warehouse_mandatory
					and not d.get("warehouse")
					and frappe.db.get_value("Item", d.item_code, "is_stock_item")
				):
					frappe.throw(_("Warehouse is mandatory"))

			items_returned = True

		elif d.item_name:
			items_returned = True

	if not items_returned:
		frappe.throw(_("Atleast one item should be entered with negative quantity in return document"))


def validate_quantity(doc, key, args, ref, valid_items, already_returned_items):
	fields = ["stock_qty"]
	if (doc.doctype == "Purchase Invoice" or doc.doctype == "Sales Invoice") and not doc.get("update_stock"):
		fields = ["qty"]

	if doc.doctype in ["Purchase Receipt", "Purchase Invoice", "Subcontracting Receipt"]:
		if not args.get("return_qty_from_rejected_warehouse"):
			fields.extend(["received_qty", "rejected_qty"])
		else:
			fields.extend(["received_qty"])

	already_returned_data = already_returned_items.get(key) or {}

	company_currency = erpnext.get_company_currency(doc.company)
	field_precision = get_field_precision(
		frappe.get_meta(doc.doctype + " Item").get_field("stock_qty" if doc.get("update_stock", "") else "qty"),
		currency=company_currency,
	)

	for column in fields:
		returned_qty = (
			flt(already_returned_data.get(column, 0), field_precision) if len(already_returned_data) > 0 else 0
		)

		if column == "stock_qty" and not args.get("return_qty_from_rejected_warehouse"):
			reference_qty = ref.get(column)
			current_stock_qty = args.get(column)
		elif args.get("return_qty_from_rejected_warehouse"):
			reference_qty = ref.get("rejected_qty") * ref.get("conversion_factor", 1.0)
			current_stock_qty = (
				args.get(column) * args.get("conversion_factor", 1.0) if column != "stock_qty" else args.get(column)
			)
		else:
			reference_qty = ref.get(column) * ref.get("conversion_factor", 1.0)
			current_stock_qty = flt(args.get(column)) * flt(args.get("conversion_factor", 1.0))

		max_returnable_qty = flt(flt(reference_qty, field_precision) - returned_qty, field_precision)
		label = column.replace("_", " ").title()

		if reference_qty:
			if flt(args.get(column)) > 0:
				frappe.throw(_("{0} must be negative in return document").format(label))
			elif returned_qty >= reference_qty and flt(args.get(column)) >= 0:
				frappe.throw(_("Item {0} has already been returned").format(args.item_code), StockOverReturnError)
			elif abs(flt(current_stock_qty, field_precision)) > max_returnable_qty:
				frappe.throw(
					_("Row # {0}: Cannot return more than {1} for Item {2}").format(
						args.idx, max_returnable_qty, args.item_code
					),
					StockOverReturnError,
				)


def get_ref_item_dict(valid_items, ref_item_row):
	key = ref_item_row.item_code
	if ref_item_row.get("name"):
		key = (ref_item_row.item_code, ref_item_row.name)

	valid_items.setdefault(
		key,
		frappe._dict(
			{
				"qty": 0,
				"rate": 0,
				"stock_qty": 0,
				"rejected_qty": 0,
				"received_qty": 0,
				"serial_no": [],
				"conversion_factor": ref_item_row.get("conversion_factor", 1),
				"batch_no": [],
			}
		),
	)
	item_dict = valid_items[key]
	item_dict["qty"] += ref_item_row.qty
	item_dict["stock_qty"] += ref_item_row.get("stock_qty", 0)
	if ref_item_row.get("rate", 0) > item_dict["rate"]:
		item_dict["rate"] = ref_item_row.get("rate", 0)

	if ref_item_row.parenttype in ["Purchase Invoice", "Purchase Receipt", "Subcontracting Receipt"]:
		item_dict["received_qty"] += ref_item_row.received_qty
		item_dict["rejected_qty"] += ref_item_row.rejected_qty

	if ref_item_row.get("serial_no"):
		item_dict["serial_no"] += _get_serial_nos(ref_item_row.serial_no)

	if ref_item_row.get("batch_no"):
		item_dict["batch_no"].append(ref_item_row.batch_no)

	return valid_items


def _get_serial_nos(serial_no):
	"""erpnext.stock.doctype.serial_no.serial_no.get_serial_nos (the stand-in has no Serial No)."""
	if isinstance(serial_no, list):
		return serial_no
	return [s.strip() for s in cstr(serial_no).strip().replace(",", "\n").split("\n") if s.strip()]


def get_already_returned_items(doc):
	column = "child.item_code, sum(abs(child.qty)) as qty, sum(abs(child.stock_qty)) as stock_qty"
	if doc.doctype in ["Purchase Invoice", "Purchase Receipt", "Subcontracting Receipt"]:
		column += """, sum(abs(child.rejected_qty) * child.conversion_factor) as rejected_qty,
			sum(abs(child.received_qty) * child.conversion_factor) as received_qty"""

	field = (
		frappe.scrub(doc.doctype) + "_item"
		if doc.doctype in ["Purchase Invoice", "Purchase Receipt", "Sales Invoice", "POS Invoice"]
		else "dn_detail"
	)
	data = frappe.db.sql(
		f"""
		select {column}, child.{field}
		from
			`tab{doc.doctype} Item` child, `tab{doc.doctype}` par
		where
			child.parent = par.name and par.docstatus = 1
			and par.is_return = 1 and par.return_against = %s
		group by item_code, {field}
	""",
		doc.return_against,
		as_dict=1,
	)

	items = {}

	for d in data:
		items.setdefault(
			(d.item_code, d.get(field)),
			frappe._dict(
				{
					"qty": d.get("qty"),
					"stock_qty": d.get("stock_qty"),
					"received_qty": d.get("received_qty"),
					"rejected_qty": d.get("rejected_qty"),
				}
			),
		)

	return items


def get_returned_qty_map_for_row(return_against, party, row_name, doctype):
	"""Real: frappe.get_all over the parent with child-table filters and sum() fields; the same
	query as SQL here (the stand-in's get_all takes no child-table filters)."""
	child_doctype = doctype + " Item"
	reference_field = "dn_detail" if doctype == "Delivery Note" else frappe.scrub(child_doctype)
	party_type = "supplier" if doctype in ("Purchase Receipt", "Purchase Invoice", "Subcontracting Receipt") else "customer"

	fields = ["sum(abs(child.qty)) as qty"]
	if doctype != "Subcontracting Receipt":
		fields += ["sum(abs(child.stock_qty)) as stock_qty"]
	if doctype in ("Purchase Receipt", "Purchase Invoice", "Subcontracting Receipt"):
		fields += ["sum(abs(child.rejected_qty)) as rejected_qty", "sum(abs(child.received_qty)) as received_qty"]
		if doctype == "Purchase Receipt":
			fields += ["sum(abs(child.received_stock_qty)) as received_stock_qty"]

	data = frappe.db.sql(
		f"""select {", ".join(fields)}
		from `tab{doctype}` par join `tab{child_doctype}` child on child.parent = par.name
		where par.return_against = %s and par.{party_type} = %s and par.docstatus = 1
			and par.is_return = 1 and child.{reference_field} = %s""",
		(return_against, party, row_name),
		as_dict=1,
	)

	return data[0]


def make_return_doc(doctype: str, source_name: str, target_doc=None, return_against_rejected_qty=False):
	from frappe.model.mapper import get_mapped_doc

	if doctype != "Purchase Receipt":
		raise NotImplementedError(f"benchless make_return_doc maps Purchase Receipts only, not {doctype}")

	def set_missing_values(source, target):
		doc = frappe.get_doc(target)
		doc.is_return = 1
		doc.ignore_pricing_rule = 1
		doc.pricing_rules = []
		doc.return_against = source.name
		doc.set_warehouse = ""

		for tax in doc.get("taxes") or []:
			if tax.charge_type == "Actual":
				tax.tax_amount = -1 * tax.tax_amount

		if doc.get("is_return") and hasattr(doc, "packed_items"):
			for d in doc.get("packed_items"):
				d.qty = d.qty * -1

		if doc.get("discount_amount"):
			doc.discount_amount = -1 * source.discount_amount

		doc.run_method("calculate_taxes_and_totals")

	def update_item(source_doc, target_doc, source_parent):
		target_doc.qty = -1 * source_doc.qty
		target_doc.pricing_rules = None
		returned_qty_map = get_returned_qty_map_for_row(
			source_parent.name, source_parent.supplier, source_doc.name, doctype
		)

		target_doc.received_qty = -1 * flt(source_doc.received_qty - (returned_qty_map.get("received_qty") or 0))
		target_doc.rejected_qty = -1 * flt(source_doc.rejected_qty - (returned_qty_map.get("rejected_qty") or 0))

		target_doc.qty = -1 * flt(source_doc.qty - (returned_qty_map.get("qty") or 0))

		if target_doc.meta.has_field("stock_qty") and not return_against_rejected_qty:
			target_doc.stock_qty = -1 * flt(source_doc.stock_qty - (returned_qty_map.get("stock_qty") or 0))
			target_doc.received_stock_qty = -1 * flt(
				source_doc.received_stock_qty - (returned_qty_map.get("received_stock_qty") or 0)
			)

		target_doc.purchase_order = source_doc.get("purchase_order")
		target_doc.purchase_order_item = source_doc.get("purchase_order_item")
		target_doc.rejected_warehouse = source_doc.rejected_warehouse
		target_doc.purchase_receipt_item = source_doc.name

		if return_against_rejected_qty:
			target_doc.qty = -1 * flt(source_doc.rejected_qty - (returned_qty_map.get("qty") or 0))
			target_doc.rejected_qty = 0.0
			target_doc.rejected_warehouse = ""
			target_doc.warehouse = source_doc.rejected_warehouse
			target_doc.received_qty = target_doc.qty
			target_doc.return_qty_from_rejected_warehouse = 1

		_update_serial_batch_fields(source_doc, target_doc)

	def item_condition(doc):
		if return_against_rejected_qty:
			return doc.rejected_qty

		return doc.qty

	return get_mapped_doc(
		doctype,
		source_name,
		{
			doctype: {
				"doctype": doctype,
				"validation": {
					"docstatus": ["=", 1],
				},
			},
			doctype + " Item": {
				"doctype": doctype + " Item",
				"field_map": {"serial_no": "serial_no", "batch_no": "batch_no", "bom": "bom"},
				"postprocess": update_item,
				"condition": item_condition,
			},
		},
		target_doc,
		set_missing_values,
	)


def _update_serial_batch_fields(source_doc, target_doc):
	"""The tail of the real update_item: a row whose batch sits in a Serial and Batch Bundle loses
	its row batch (on submit v15 builds the return's bundle from the original's); a row with the
	old fields and no bundle keeps them with use_serial_batch_fields. Serial numbers not returned
	yet (update_non_bundled_serial_nos) are not modelled: the stand-in has no serial-numbered items."""
	if not source_doc.get("use_serial_batch_fields") and source_doc.get("serial_and_batch_bundle"):
		target_doc.serial_no = None
		target_doc.batch_no = None

	if (
		(source_doc.get("serial_no") or source_doc.get("batch_no"))
		and not source_doc.get("serial_and_batch_bundle")
		and not source_doc.get("use_serial_batch_fields")
	):
		target_doc.set("use_serial_batch_fields", 1)
