"""benchless stand-in for erpnext/utilities/transaction_base.py (ERPNext v15)."""

import frappe
from frappe import _
from frappe.utils import cint, flt, now_datetime

from erpnext.controllers.status_updater import StatusUpdater


class UOMMustBeIntegerError(frappe.ValidationError):
	pass


class TransactionBase(StatusUpdater):
	def validate_posting_time(self):
		# set Edit Posting Date and Time to 1 while data import
		if not getattr(self, "set_posting_time", None):
			now = now_datetime()
			self.posting_date = now.strftime("%Y-%m-%d")
			self.posting_time = now.strftime("%H:%M:%S.%f")

	def validate_uom_is_integer(self, uom_field, qty_fields, child_dt=None):
		"""child_dt: benchless takes the table fieldname (default \"items\") rather than the child doctype."""
		validate_uom_is_integer(self, uom_field, qty_fields, child_dt)


def validate_uom_is_integer(doc, uom_field, qty_fields, child_dt=None):
	if isinstance(qty_fields, str):
		qty_fields = [qty_fields]

	uoms = {d.get(uom_field) for d in (doc.get(child_dt or "items") or []) if d.get(uom_field)}
	if not uoms:
		return
	whole = {
		u.name
		for u in frappe.get_all("UOM", filters={"name": ["in", sorted(uoms)]}, fields=["name", "must_be_whole_number"])
		if cint(u.must_be_whole_number)
	}
	if not whole:
		return

	for d in (doc.get(child_dt or "items") or []):
		if d.get(uom_field) in whole:
			for f in qty_fields:
				qty = d.get(f)
				if qty and abs(cint(qty) - flt(qty, 6)) > 0.0000001:
					frappe.throw(
						_(
							"Row {1}: Quantity ({0}) cannot be a fraction. To allow this, disable '{2}' in UOM {3}."
						).format(
							flt(qty, 6),
							d.idx,
							frappe.bold(_("Must be Whole Number")),
							frappe.bold(d.get(uom_field)),
						),
						UOMMustBeIntegerError,
					)
