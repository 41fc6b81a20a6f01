"""benchless stand-in for erpnext/controllers/status_updater.py (ERPNext v15).

status_map and the delivered-qty roll-up follow the real StatusUpdater: a source row
(Delivery Note Item) sums into a target row field (Sales Order Item.delivered_qty) over
submitted source rows, the target parent gets a percent field (per_delivered) and a
status field (delivery_status: Not/Partly/Fully Delivered), then set_status re-derives
the parent's status. The real code builds SQL strings and safe_evals status conditions;
here the conditions are Python callables and the sums go through frappe.get_all.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt


class OverAllowanceError(frappe.ValidationError):
	pass


status_map = {
	"Sales Order": [
		["Draft", None],
		["To Deliver and Bill", lambda d: d.per_delivered < 100 and d.per_billed < 100 and d.docstatus == 1],
		[
			"To Bill",
			lambda d: (
				(d.per_delivered >= 100 or d.skip_delivery_note) and d.per_billed < 100 and d.docstatus == 1
			),
		],
		[
			"To Deliver",
			lambda d: (
				d.per_delivered < 100
				and d.per_billed >= 100
				and d.docstatus == 1
				and not d.skip_delivery_note
			),
		],
		[
			"Completed",
			lambda d: (
				(d.per_delivered >= 100 or d.skip_delivery_note) and d.per_billed >= 100 and d.docstatus == 1
			),
		],
		["Cancelled", lambda d: d.docstatus == 2],
		["Closed", lambda d: d.status == "Closed" and d.docstatus != 2],
		["On Hold", lambda d: d.status == "On Hold"],
	],
	"Delivery Note": [
		["Draft", None],
		["To Bill", lambda d: d.per_billed < 100 and d.docstatus == 1],
		["Completed", lambda d: d.per_billed >= 100 and d.docstatus == 1],
		["Return Issued", lambda d: d.per_returned >= 100 and d.docstatus == 1],
		["Return", lambda d: d.is_return == 1 and d.docstatus == 1],
		["Cancelled", lambda d: d.docstatus == 2],
		["Closed", lambda d: d.status == "Closed" and d.docstatus != 2],
	],
	"Purchase Receipt": [
		["Draft", None],
		["To Bill", lambda d: d.per_billed < 100 and d.docstatus == 1],
		["Completed", lambda d: d.per_billed >= 100 and d.docstatus == 1],
		["Return Issued", lambda d: d.per_returned >= 100 and d.docstatus == 1],
		["Return", lambda d: d.is_return == 1 and d.docstatus == 1],
		["Cancelled", lambda d: d.docstatus == 2],
		["Closed", lambda d: d.status == "Closed" and d.docstatus != 2],
	],
}


class _Values(frappe._dict):
	"""Attribute access with numeric defaults, like the as_dict() the real conditions see."""

	def __getattr__(self, key):
		value = self.get(key)
		if value is None and key.startswith("per_"):
			return 0.0
		return value


class StatusUpdater(Document):
	"""Updates the status of the calling records (Delivery Note -> Sales Order delivered qty)."""

	def update_prevdoc_status(self):
		"""Validate over-delivery first, then write (real: update_qty, then validate_qty on the
		written values; benchless checks before writing so a refusal leaves no trace)."""
		self.validate_qty()
		self.update_qty()

	def set_status(self, update=False, status=None, update_modified=True):
		if self.is_new():
			if self.get("amended_from"):
				self.status = "Draft"
			return

		if self.doctype not in status_map:
			return

		_status = self.status
		if status and update:
			self.db_set("status", status)

		values = _Values(self.as_dict())
		for label, condition in reversed(status_map[self.doctype]):
			if condition is None or condition(values):
				self.status = label
				break

		if self.status != _status and self.status not in (
			"Cancelled",
			"Partially Ordered",
			"Ordered",
			"Issued",
			"Transferred",
		):
			self.add_comment("Label", _(self.status))

		if update:
			self.db_set("status", self.status, update_modified=update_modified)

	def validate_qty(self):
		"""Validates qty at row level: no over-delivery beyond the allowance (percent)."""
		for args in getattr(self, "status_updater", []):
			if "target_ref_field" not in args:
				continue
			for d in self.get("items") or []:
				if d.doctype != args["source_dt"] or not d.get(args["join_field"]):
					continue
				if flt(d.get("qty")) < 0 and not self.get("is_return"):
					frappe.throw(_("For an item {0}, quantity must be positive number").format(d.item_code))
				if flt(d.get("qty")) > 0 and self.get("is_return"):
					frappe.throw(_("For an item {0}, quantity must be negative number").format(d.item_code))
				target = frappe.db.get_value(
					args["target_dt"],
					d.get(args["join_field"]),
					["item_code", args["target_ref_field"], "parent"],
					as_dict=True,
				)
				if not target:
					continue
				ref = flt(target[args["target_ref_field"]])
				done = self._source_total(args, d.get(args["join_field"]))
				if done <= ref or not ref:
					continue
				allowance = flt(
					frappe.db.get_value("Item", target.item_code, "over_delivery_receipt_allowance")
				)
				if not allowance:
					allowance = flt(
						frappe.db.get_single_value("Stock Settings", "over_delivery_receipt_allowance")
					)
				overflow_percent = (done - ref) / ref * 100
				if overflow_percent - allowance > 0.01:
					reduce_by = done - flt(ref * (100 + allowance) / 100)
					self.limits_crossed_error(args, target, reduce_by)

	def _source_total(self, args, detail_id):
		"""Sum of the source field over submitted rows joined to detail_id, counting this
		document's rows while it is being submitted and leaving them out when cancelled."""
		sign, field = _source_field(args["source_field"])
		rows = frappe.get_all(
			args["source_dt"],
			filters={args["join_field"]: detail_id, "docstatus": 1, "parent": ["!=", self.name]},
			fields=[field],
		)
		total = sum(flt(r.get(field)) for r in rows)
		if self.docstatus == 1:
			total += sum(
				flt(d.get(field))
				for d in self.get("items") or []
				if d.doctype == args["source_dt"] and d.get(args["join_field"]) == detail_id
			)
		return sign * total

	def limits_crossed_error(self, args, item, reduce_by):
		action_msg = _(
			'To allow over receipt / delivery, update "Over Receipt/Delivery Allowance" in Stock Settings or the Item.'
		)
		frappe.throw(
			_(
				"This document is over limit by {0} {1} for item {4}. Are you making another {3} against the same {2}?"
			).format(
				frappe.bold(_(args["target_ref_field"].replace("_", " ").title())),
				frappe.bold(reduce_by),
				frappe.bold(_(args.get("target_dt"))),
				frappe.bold(_(self.doctype)),
				frappe.bold(item.get("item_code")),
			)
			+ "<br><br>"
			+ action_msg,
			OverAllowanceError,
			title=_("Limit Crossed"),
		)

	def update_qty(self, update_modified=True):
		"""Updates qty at row level, then the percent/status fields of the target parents."""
		for args in getattr(self, "status_updater", []):
			self._update_children(args)
			if "percent_join_field" in args or "percent_join_field_parent" in args:
				self._update_percent_field_in_targets(args, update_modified)

	def _update_children(self, args):
		for d in self.get("items") or []:
			if d.doctype != args["source_dt"]:
				continue
			detail_id = d.get(args["join_field"])
			if not detail_id:
				continue
			total = self._source_total(args, detail_id)
			frappe.db.set_value(
				args["target_dt"], detail_id, args["target_field"], total, update_modified=False
			)

	def _update_percent_field_in_targets(self, args, update_modified=True):
		if args.get("percent_join_field_parent"):
			# if reference to target doc where % is to be updated, is
			# in source doc's parent form, consider percent_join_field_parent
			self._update_percent_field(args, self.get(args["percent_join_field_parent"]), update_modified)
			return
		names = {
			d.get(args["percent_join_field"])
			for d in (self.get("items") or [])
			if d.doctype == args["source_dt"]
		}
		for name in sorted(n for n in names if n):
			self._update_percent_field(args, name, update_modified)

	def _update_percent_field(self, args, name, update_modified=True):
		if not args.get("target_parent_field"):
			return
		rows = frappe.get_all(
			args["target_dt"],
			filters={"parent": name, "parenttype": args["target_parent_dt"]},
			fields=[args["target_ref_field"], args["target_field"]],
		)
		total_ref = sum(abs(flt(r[args["target_ref_field"]])) for r in rows)
		done = sum(
			min(abs(flt(r[args["target_field"]])), abs(flt(r[args["target_ref_field"]]))) for r in rows
		)
		percent = round(done / total_ref * 100, 6) if total_ref > 0 else 0
		target = frappe.get_doc(args["target_parent_dt"], name)
		values = {args["target_parent_field"]: percent}
		if args.get("status_field"):
			keyword = args["keyword"]
			if percent < 0.001:
				values[args["status_field"]] = "Not " + keyword
			elif percent >= 99.999999:
				values[args["status_field"]] = "Fully " + keyword
			else:
				values[args["status_field"]] = "Partly " + keyword
		target.db_set(values, update_modified=update_modified)
		target.set_status(update=True)


def _source_field(source_field):
	"""(sign, fieldname) of a status_updater source_field: a field, or "-1 * field" as the real
	return rows carry it (the real code puts the expression into its SQL sum)."""
	if source_field.replace(" ", "").startswith("-1*"):
		return -1, source_field.split("*", 1)[1].strip()
	return 1, source_field
