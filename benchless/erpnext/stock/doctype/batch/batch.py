# benchless stand-in for erpnext/stock/doctype/batch/batch.py (ERPNext v15)

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, cint, flt, getdate, nowdate


class UnableToSelectBatchError(frappe.ValidationError):
	pass


def get_name_from_hash():
	"""Get a name for a Batch by generating a unique hash."""
	temp = None
	while not temp:
		temp = frappe.generate_hash()[:7].upper()
		if frappe.db.exists("Batch", temp):
			temp = None
	return temp


class Batch(Document):
	def autoname(self):
		"""Generate random ID for batch if not specified"""
		if self.batch_id:
			self.name = self.batch_id
			return

		create_new_batch, batch_number_series = frappe.db.get_value(
			"Item", self.item, ["create_new_batch", "batch_number_series"]
		) or (0, None)

		if not create_new_batch:
			frappe.throw(_("Batch ID is mandatory"), frappe.MandatoryError)

		while not self.batch_id:
			if batch_number_series:
				from frappe.model.naming import make_autoname

				self.batch_id = make_autoname(batch_number_series, doc=self)
			else:
				self.batch_id = get_name_from_hash()

			# User might have manually created a batch with next number
			if frappe.db.exists("Batch", self.batch_id):
				self.batch_id = None

		self.name = self.batch_id

	def validate(self):
		self.item_has_batch_enabled()
		if not self.item_name:
			self.item_name = frappe.db.get_value("Item", self.item, "item_name")
		if not self.stock_uom:
			self.stock_uom = frappe.db.get_value("Item", self.item, "stock_uom")

	def item_has_batch_enabled(self):
		if frappe.db.get_value("Item", self.item, "has_batch_no") == 0:
			frappe.throw(_("The selected item cannot have Batch"))

	def before_save(self):
		self.set_expiry_date()

	def set_expiry_date(self):
		has_expiry_date, shelf_life_in_days = frappe.db.get_value(
			"Item", self.item, ["has_expiry_date", "shelf_life_in_days"]
		)

		if not self.expiry_date and has_expiry_date and shelf_life_in_days:
			if (
				not self.manufacturing_date
				and self.reference_doctype in ["Stock Entry", "Purchase Receipt", "Purchase Invoice"]
				and self.reference_name
			):
				self.manufacturing_date = frappe.db.get_value(
					self.reference_doctype, self.reference_name, "posting_date"
				)

			if self.manufacturing_date:
				self.expiry_date = add_days(self.manufacturing_date, shelf_life_in_days)

		if has_expiry_date and not self.expiry_date:
			frappe.throw(
				msg=_("Please set {0} for Batched Item {1}, which is used to set {2} on Submit.").format(
					frappe.bold(_("Shelf Life in Days")),
					_desk_link("Item", self.item),
					frappe.bold(_("Batch Expiry Date")),
				),
				title=_("Expiry Date Mandatory"),
			)


@frappe.whitelist()
def get_batch_qty(
	batch_no=None,
	warehouse=None,
	item_code=None,
	posting_date=None,
	posting_time=None,
	ignore_voucher_nos=None,
	for_stock_levels=False,
	consider_negative_batches=False,
):
	"""Returns batch actual qty if warehouse is passed,
	        or returns dict of qty by warehouse if warehouse is None

	The user must pass either batch_no or batch_no + warehouse or item_code + warehouse

	:param batch_no: Optional - give qty for this batch no
	:param warehouse: Optional - give qty for this warehouse
	:param item_code: Optional - give qty for this item
	:param for_stock_levels: True consider expired batches

	Like v15 (get_auto_batch_nos): without batch_no+warehouse the result is a list of
	{"batch_no", "warehouse", "qty"} rows with qty > 0 (any qty with
	consider_negative_batches), oldest expiry first, expired batches left out unless
	for_stock_levels. Read from the live entries' Serial and Batch Bundles, as v15 does.
	"""
	from erpnext.stock.stock_ledger import _time_key, batch_ledger

	rows = batch_ledger(batch_no, warehouse, item_code)
	ignore = set(ignore_voucher_nos or [])
	cutoff = None
	if posting_date:
		cutoff = (getdate(posting_date), _time_key(posting_time or "23:59:59.999999"))

	totals = {}
	for r in rows:
		if r.voucher_no in ignore:
			continue
		if cutoff and (getdate(r.posting_date), _time_key(r.posting_time)) > cutoff:
			continue
		key = (r.batch_no, r.warehouse)
		totals[key] = totals.get(key, 0.0) + flt(r.qty)

	if batch_no and warehouse:
		return flt(totals.get((batch_no, warehouse), 0.0))

	batches = {}
	if totals:
		for b in frappe.get_all(
			"Batch",
			filters={"name": ["in", sorted({k[0] for k in totals})]},
			fields=["name", "expiry_date", "creation"],
		):
			batches[b.name] = b
	today = getdate(posting_date or nowdate())
	out = []
	for (bno, wh), qty in totals.items():
		batch = batches.get(bno)
		expiry = getdate(batch.expiry_date) if batch and batch.expiry_date else None
		if not for_stock_levels and expiry and expiry < today:
			continue
		if qty <= 0 and not (consider_negative_batches and qty < 0):
			continue
		out.append(frappe._dict(batch_no=bno, warehouse=wh, qty=qty))
	out.sort(
		key=lambda d: (
			str(batches[d.batch_no].expiry_date or "9999-12-31") if d.batch_no in batches else "9999-12-31",
			str(batches[d.batch_no].creation) if d.batch_no in batches else "",
			d.batch_no,
			d.warehouse,
		)
	)
	return out


def make_batch(kwargs):
	if frappe.db.get_value("Item", kwargs.item, "has_batch_no"):
		kwargs.doctype = "Batch"
		return frappe.get_doc(kwargs).insert().name


def _desk_link(doctype, name):
	"""frappe.get_desk_link (v15) when the frappe in use has it, else the same HTML."""
	if hasattr(frappe, "get_desk_link"):
		return frappe.get_desk_link(doctype, name)
	return f'<a href="/app/Form/{doctype}/{name}" style="font-weight: bold;">{frappe._(doctype)} {name}</a>'
