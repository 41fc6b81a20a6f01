"""Version: benchless core doctype; controller as in frappe/frappe v15
``frappe/core/doctype/version/version.py`` (update_version_info, set_diff, for_insert, get_diff).

``Document.save_version`` inserts one when the doctype has ``track_changes`` and the diff
between ``_doc_before_save`` and the saved document is not empty (or, on insert, when the
document carries ``flags.updater_reference``)."""

import json

import frappe
from frappe.model import no_value_fields, table_fields
from frappe.model.document import Document


class Version(Document):
	def update_version_info(self, old, new):
		"""Update changed info and return true if change contains useful data."""
		if not old:
			# Check if doc has some information about creation source like data import
			return self.for_insert(new)
		return self.set_diff(old, new)

	@staticmethod
	def set_impersonator(data):
		if not frappe.session:
			return
		session_data = frappe.session.get("data") or {}
		if impersonator := session_data.get("impersonated_by"):
			data["impersonated_by"] = impersonator
		if audit_user := session_data.get("audit_user"):
			data["audit_user"] = audit_user

	def set_diff(self, old, new):
		"""Set the data property with the diff of the docs if present"""
		diff = get_diff(old, new)
		if diff:
			self.set_impersonator(diff)
			self.ref_doctype = new.doctype
			self.docname = new.name
			self.data = frappe.as_json(diff, indent=None, separators=(",", ":"))
			return True
		return False

	def for_insert(self, doc):
		updater_reference = doc.flags.updater_reference
		if not updater_reference:
			return False
		data = {
			"creation": doc.creation,
			"updater_reference": updater_reference,
			"created_by": doc.owner,
		}
		self.set_impersonator(data)
		self.ref_doctype = doc.doctype
		self.docname = doc.name
		self.data = frappe.as_json(data, indent=None, separators=(",", ":"))
		return True

	def get_data(self):
		return json.loads(self.data)


def get_diff(old, new, for_child=False, compare_cancelled=False):
	"""Get diff between 2 document objects: ``changed``, ``added``, ``removed``, ``row_changed``
	(None when nothing changed)."""
	if not new:
		return None

	blacklisted_fields = ["Markdown Editor", "Text Editor", "Code", "HTML Editor"]
	out = frappe._dict(
		changed=[],
		added=[],
		removed=[],
		row_changed=[],
		data_import=new.flags.via_data_import,
		updater_reference=new.flags.updater_reference,
	)

	if not for_child:
		amended_from = new.get("amended_from")
		old_row_name_field = "_amended_from" if (amended_from and amended_from == old.name) else "name"

	for df in new.meta.fields:
		if df.fieldtype in no_value_fields and df.fieldtype not in table_fields:
			continue

		old_value, new_value = old.get(df.fieldname), new.get(df.fieldname)

		if not for_child and df.fieldtype in table_fields:
			old_rows_by_name = {d.name: d for d in old_value}
			found_rows = set()
			for i, d in enumerate(new_value):
				old_row_name = getattr(d, old_row_name_field, None)
				if compare_cancelled and amended_from and len(old_value) > i:
					old_row_name = old_value[i].name
				if old_row_name and old_row_name in old_rows_by_name:
					found_rows.add(old_row_name)
					diff = get_diff(old_rows_by_name[old_row_name], d, for_child=True)
					if diff and diff.changed:
						out.row_changed.append((df.fieldname, i, d.name, diff.changed))
				else:
					out.added.append([df.fieldname, d.as_dict()])
			for d in old_value:
				if d.name not in found_rows:
					out.removed.append([df.fieldname, d.as_dict()])

		elif old_value != new_value:
			if df.fieldtype not in blacklisted_fields:
				old_value = old.get_formatted(df.fieldname) if old_value else old_value
				new_value = new.get_formatted(df.fieldname) if new_value else new_value
			if old_value != new_value:
				out.changed.append((df.fieldname, old_value, new_value))

	if not for_child:
		for key in ("name", "docstatus"):
			old_value = getattr(old, key)
			new_value = getattr(new, key)
			if old_value != new_value:
				out.changed.append([key, old_value, new_value])

	if any((out.changed, out.added, out.removed, out.row_changed)):
		return out
	return None
