"""benchless stand-in for erpnext/stock/utils.py (ERPNext v15): the functions wms_module
and the stand-in's own controllers use."""

import frappe
from frappe import _
from frappe.utils import cint, flt, nowdate, nowtime


class InvalidWarehouseCompany(frappe.ValidationError):
	pass


@frappe.whitelist()
def get_stock_balance(
	item_code,
	warehouse,
	posting_date=None,
	posting_time=None,
	with_valuation_rate=False,
	with_serial_no=False,
	inventory_dimensions_dict=None,
):
	"""Returns stock balance quantity at given warehouse on given posting date or current date.

	If `with_valuation_rate` is True, will return tuple (qty, rate); with `with_serial_no`
	as well, (qty, rate, serial_nos) — benchless has no serial numbers, so that is "".
	"""
	from erpnext.stock.stock_ledger import get_previous_sle

	if posting_date is None:
		posting_date = nowdate()
	if posting_time is None:
		posting_time = nowtime()

	last_entry = get_previous_sle(
		{
			"item_code": item_code,
			"warehouse": warehouse,
			"posting_date": posting_date,
			"posting_time": posting_time,
		}
	)

	if with_valuation_rate:
		if with_serial_no:
			return (
				(last_entry.qty_after_transaction, last_entry.valuation_rate, "") if last_entry else (0.0, 0.0, "")
			)
		return (last_entry.qty_after_transaction, last_entry.valuation_rate) if last_entry else (0.0, 0.0)
	return last_entry.qty_after_transaction if last_entry else 0.0


def get_or_make_bin(item_code: str, warehouse: str) -> str:
	bin_record = frappe.db.get_value("Bin", {"item_code": item_code, "warehouse": warehouse})
	if not bin_record:
		bin_obj = _create_bin(item_code, warehouse)
		bin_record = bin_obj.name
	return bin_record


def _create_bin(item_code, warehouse):
	"""Create a bin and take care of concurrent inserts."""
	bin_obj = frappe.get_doc(doctype="Bin", item_code=item_code, warehouse=warehouse)
	bin_obj.flags.ignore_permissions = 1
	bin_obj.insert()
	return bin_obj


def validate_warehouse_company(warehouse, company):
	warehouse_company = frappe.db.get_value("Warehouse", warehouse, "company")
	if warehouse_company and warehouse_company != company:
		frappe.throw(
			_("Warehouse {0} does not belong to company {1}").format(warehouse, company), InvalidWarehouseCompany
		)


def is_group_warehouse(warehouse):
	if frappe.db.get_value("Warehouse", warehouse, "is_group"):
		frappe.throw(_("Group node warehouse is not allowed to select for transactions"))


def validate_disabled_warehouse(warehouse):
	if frappe.db.get_value("Warehouse", warehouse, "disabled"):
		frappe.throw(_("Disabled Warehouse {0} cannot be used for this transaction.").format(warehouse))


def get_valuation_method(item_code):
	"""get valuation method from item or default"""
	val_method = frappe.db.get_value("Item", item_code, "valuation_method")
	if not val_method:
		val_method = frappe.db.get_single_value("Stock Settings", "valuation_method") or "FIFO"
	return val_method
