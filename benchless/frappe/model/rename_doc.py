"""Renaming documents (subset of frappe/frappe ``frappe/model/rename_doc.py``).

Kept: ``allow_rename`` check (unless ``force``), DuplicateEntryError when the new name
exists, ``before_rename``/``after_rename`` controller methods and hooks, the row's name,
its child rows' ``parent``, every Link field pointing at the doctype (also in child tables
and Singles) and Dynamic Links. Not modelled: ``merge``, field:autoname sync on rename
beyond the name field, versions/comments/attachments.
"""

import frappe
from frappe import _


def rename_doc(
	doctype=None,
	old=None,
	new=None,
	force=False,
	merge=False,
	ignore_permissions=False,
	ignore_if_exists=False,
	show_alert=True,
	rebuild_search=True,
	doc=None,
	validate=True,
):
	if doc:
		doctype, old = doc.doctype, doc.name
	if not frappe.db.exists(doctype, old):
		frappe.throw(_("Can't rename {0} to {1} because {0} doesn't exist.").format(old, new), frappe.DoesNotExistError)
	if ignore_if_exists and frappe.db.exists(doctype, new):
		return
	if old == new:
		frappe.throw(_("No changes made: new name is the same as the old one"))
	if merge:
		raise NotImplementedError("benchless: rename_doc(merge=True) is not implemented")
	meta = frappe.get_meta(doctype)
	if not (force or meta.allow_rename):
		frappe.throw(_("{0} not allowed to be renamed").format(_(doctype)))
	if frappe.db.exists(doctype, new):
		frappe.throw(_("Another {0} with name {1} exists, select another name").format(doctype, new), frappe.DuplicateEntryError)
	old_doc = frappe.get_doc(doctype, old)
	if not ignore_permissions:
		old_doc.check_permission("write")
	out = old_doc.run_method("before_rename", old, new, merge) or {}
	new = (out.get("new") or new) if isinstance(out, dict) else (out or new)
	from frappe.model.naming import validate_name

	new = validate_name(doctype, new)

	frappe.db.sql(f"update `tab{doctype}` set name=%s where name=%s", (new, old))
	autoname = meta.autoname or ""
	if autoname.startswith("field:"):
		frappe.db.sql(f"update `tab{doctype}` set `{autoname[6:]}`=%s where name=%s", (new, new))
	for df in meta.get_table_fields():
		frappe.db.sql(
			f"update `tab{df.options}` set parent=%s where parent=%s and parenttype=%s", (new, old, doctype)
		)
	from frappe.model.delete_doc import get_dynamic_link_fields, get_link_fields

	for lf in get_link_fields(doctype):
		if lf.issingle:
			frappe.db.sql(
				"update `tabSingles` set value=%s where doctype=%s and field=%s and value=%s",
				(new, lf.parent, lf.fieldname, old),
			)
		else:
			frappe.db.sql(f"update `tab{lf.parent}` set `{lf.fieldname}`=%s where `{lf.fieldname}`=%s", (new, old))
	for df in get_dynamic_link_fields():
		if frappe.get_meta(df.parent).issingle:
			continue
		frappe.db.sql(
			f"update `tab{df.parent}` set `{df.fieldname}`=%s where `{df.options}`=%s and `{df.fieldname}`=%s",
			(new, doctype, old),
		)
	frappe.clear_document_cache(doctype)
	new_doc = frappe.get_doc(doctype, new)
	new_doc.run_method("after_rename", old, new, merge)
	return new
