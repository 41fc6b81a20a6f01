# benchless stand-in for frappe/custom/doctype/custom_field/custom_field.py (Frappe v15)
#
# What is modelled: the record (named "<dt>-<fieldname>", fieldname lower-cased, made from
# the label with a "custom_" prefix when missing), refusing a fieldname the doctype already
# has, idx from insert_after, on_update clearing the doctype's meta and adding the column
# (unless inside create_custom_fields, which does that once per doctype at the end),
# on_trash clearing the meta. create_custom_field / create_custom_fields /
# get_existing_custom_fields keep the real signatures and behaviour (create the missing,
# update the existing when a value differs, DuplicateEntryError swallowed).
# Not modelled: Property Setters, DocType Layouts, fieldtype-change rules of Customize
# Form, rename_fieldname, validate_fields_for_doctype beyond the checks below.

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cstr

_RESTRICTED = (
	"name",
	"parent",
	"creation",
	"modified",
	"modified_by",
	"parentfield",
	"parenttype",
	"file_list",
	"flags",
	"docstatus",
)


class CustomField(Document):
	def autoname(self):
		self.set_fieldname()
		self.name = self.dt + "-" + self.fieldname

	def set_fieldname(self):
		if not self.fieldname:
			label = self.label
			if not label:
				if self.fieldtype in ("Section Break", "Column Break", "Tab Break"):
					label = self.fieldtype + "_" + frappe.generate_hash(length=5)
				else:
					frappe.throw(_("Label is mandatory"))
			# letters, digits and underscores of the label, prefixed "custom_"
			self.fieldname = "custom_" + "".join(
				c for c in cstr(label).replace(" ", "_") if c.isdigit() or c.isalpha() or c == "_"
			)
		self.fieldname = self.fieldname.lower()
		if self.fieldname in _RESTRICTED:
			self.fieldname = self.fieldname + "1"

	def before_insert(self):
		self.set_fieldname()

	def validate(self):
		if self.is_new() or self.insert_after == "append":
			meta = frappe.get_meta(self.dt, cached=False)
			fieldnames = [df.fieldname for df in meta.get("fields")]
			if self.is_new() and self.fieldname in fieldnames:
				frappe.throw(
					_("A field with the name {0} already exists in {1}").format(
						frappe.bold(self.fieldname), self.dt
					)
				)
			if self.insert_after == "append" and fieldnames:
				self.insert_after = fieldnames[-1]
			if self.insert_after and self.insert_after in fieldnames:
				self.idx = fieldnames.index(self.insert_after) + 1
		if not self.fieldname:
			frappe.throw(_("Fieldname not set for Custom Field"))

	def on_update(self):
		if not frappe.flags.in_create_custom_fields:
			frappe.clear_cache(doctype=self.dt)
			frappe.db.updatedb(self.dt)

	def on_trash(self):
		if self.owner == "Administrator" and frappe.session.user != "Administrator":
			frappe.throw(
				_(
					"Custom Field {0} is created by the Administrator and can only be deleted through the Administrator account."
				).format(frappe.bold(self.label))
			)
		frappe.clear_cache(doctype=self.dt)

	def after_delete(self):
		# stand-in only: its check_if_doc_is_linked reads every doctype's meta after on_trash
		# (real Frappe reads DocField/Custom Field rows there), re-caching this field; drop it
		frappe.clear_cache(doctype=self.dt)


def create_custom_field(doctype, df, ignore_validate=False, is_system_generated=True):
	df = frappe._dict(df)
	if not df.fieldname and df.label:
		df.fieldname = frappe.scrub(df.label)
	if not frappe.db.get_value("Custom Field", {"dt": doctype, "fieldname": df.fieldname}):
		custom_field = frappe.get_doc(
			{
				"doctype": "Custom Field",
				"dt": doctype,
				"permlevel": 0,
				"fieldtype": "Data",
				"hidden": 0,
				"is_system_generated": is_system_generated,
			}
		)
		custom_field.update(df)
		custom_field.flags.ignore_validate = ignore_validate
		custom_field.insert()
		return custom_field


def create_custom_fields(custom_fields: dict, ignore_validate=False, update=True):
	"""Add / update multiple custom fields.

	:param custom_fields: ``{"Sales Invoice": [dict(fieldname="test")]}``; a key may be a
	tuple of doctypes, a value a single dict."""
	try:
		frappe.flags.in_create_custom_fields = True
		doctypes_to_update = set()
		if frappe.flags.in_setup_wizard:
			ignore_validate = True
		existing_custom_fields = get_existing_custom_fields(custom_fields)

		for doctypes, fields in custom_fields.items():
			if isinstance(fields, dict):
				fields = (fields,)
			if isinstance(doctypes, str):
				doctypes = (doctypes,)
			for doctype in doctypes:
				updated = False
				for df in fields:
					field = existing_custom_fields.get((doctype, df["fieldname"]))
					if not field:
						try:
							df = df.copy()
							df["owner"] = "Administrator"
							create_custom_field(doctype, df, ignore_validate=ignore_validate)
							updated = True
						except frappe.exceptions.DuplicateEntryError:
							pass
					elif update:
						custom_field = frappe.get_doc({"doctype": "Custom Field", **field})
						before = {key: custom_field.get(key) for key in df}
						custom_field.update(df)
						if any(before[key] != custom_field.get(key) for key in df):
							if ignore_validate:
								custom_field.flags.ignore_validate = True
							custom_field.save()
							updated = True
				if updated:
					doctypes_to_update.add(doctype)

		for doctype in doctypes_to_update:
			frappe.clear_cache(doctype=doctype)
			frappe.db.updatedb(doctype)
	finally:
		frappe.flags.in_create_custom_fields = False


def get_existing_custom_fields(custom_fields):
	doctypes_to_fetch = set()
	for doctypes in custom_fields:
		if isinstance(doctypes, str):
			doctypes = (doctypes,)
		doctypes_to_fetch.update(doctypes)
	existing_fields = frappe.get_all(
		"Custom Field", filters={"dt": ("in", sorted(doctypes_to_fetch))}, fields="*"
	)
	return {(field.dt, field.fieldname): field for field in existing_fields}
