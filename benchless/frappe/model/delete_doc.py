"""Deleting documents and back-link checks (frappe/frappe ``frappe/model/delete_doc.py``, v15).

``delete_doc``: lock the row, permission + "not submitted" check, ``on_trash``,
``on_change`` (flags.in_delete), link check (LinkExistsError unless ``force``; doctypes
with an enabled/disabled field get "You can disable this ..."), naming-series revert,
rows deleted (children too), ``after_delete``, a Deleted Document copy.
``check_if_doc_is_linked(doc, method)``: on Delete any linking document blocks (whatever its
docstatus); on Cancel only *submitted* linking documents block, and
doctypes in ``doc.ignore_linked_doctypes`` are skipped.
Dynamic links go through ``get_dynamic_link_map`` as in v15 (2 queries to list the fields,
rebuilt per call under tests; one query per field that holds the doctype).
Not modelled, with what they cost in v15 (queries a real delete issues that the stand-in
does not count): ``delete_all_passwords_for`` (1, ``__Auth``), ``remove_all`` attachments
(1 File look-up), ``delete_dynamic_links`` (12 DELETE/UPDATEs over ToDo, DocShare, Version,
Comment, Communication...; run at once under tests: ``enqueue(..., now=frappe.flags.in_test)``),
``delete_for_document`` (1, ``__global_search``), ``delete_tags_for_document`` (1, Tag Link),
``insert_feed`` (a "Deleted" Comment insert).
"""

import frappe
from frappe import _
from frappe.model.docstatus import DocStatus
from frappe.model.naming import revert_series_if_last


def delete_doc(
	doctype=None,
	name=None,
	force=0,
	ignore_doctypes=None,
	for_reload=False,
	ignore_permissions=False,
	flags=None,
	ignore_on_trash=False,
	ignore_missing=True,
	delete_permanently=False,
):
	"""Deletes a doc(dt, dn) and validates if it is not submitted and not linked in a live record"""
	if not ignore_doctypes:
		ignore_doctypes = []
	if not doctype:
		doctype = frappe.form_dict.get("dt")
		name = frappe.form_dict.get("dn")

	names = name
	if isinstance(name, str | int):
		names = [name]

	for name in names or []:
		if not frappe.db.exists(doctype, name):
			if not ignore_missing:
				raise frappe.DoesNotExistError(doctype=doctype)
			return False

		frappe.db.get_value(doctype, name, for_update=True)
		doc = frappe.get_doc(doctype, name)

		if not for_reload:
			update_flags(doc, flags, ignore_permissions)
			check_permission_and_not_submitted(doc)

			if not ignore_on_trash:
				doc.run_method("on_trash")
				doc.flags.in_delete = True
				doc.run_method("on_change")

			if not force:
				try:
					check_if_doc_is_linked(doc)
					check_if_doc_is_dynamically_linked(doc)
				except frappe.LinkExistsError as e:
					if doc.meta.has_field("enabled") or doc.meta.has_field("disabled"):
						frappe.throw(
							_("You can disable this {0} instead of deleting it.").format(_(doctype)),
							frappe.LinkExistsError,
						)
					else:
						raise e

		update_naming_series(doc)
		delete_from_table(doctype, name, ignore_doctypes, doc)
		doc.run_method("after_delete")

		doc.clear_cache()
		if for_reload:
			delete_permanently = True
		if not delete_permanently:
			add_to_deleted_document(doc)
		if doc and not for_reload and not frappe.flags.in_patch:
			doc.notify_update()


def add_to_deleted_document(doc):
	"""Add this document to Deleted Document table. Called after delete"""
	if doc.doctype != "Deleted Document" and frappe.flags.in_install != "frappe":
		frappe.get_doc(
			dict(
				doctype="Deleted Document",
				deleted_doctype=doc.doctype,
				deleted_name=doc.name,
				data=doc.as_json(),
				owner=frappe.session.user,
			)
		).db_insert()


def update_naming_series(doc):
	if doc.meta.autoname:
		if doc.meta.autoname.startswith("naming_series:") and getattr(doc, "naming_series", None):
			revert_series_if_last(doc.naming_series, doc.name, doc)
		elif doc.meta.autoname.split(":", 1)[0] not in ("Prompt", "prompt", "field", "hash", "autoincrement", "format"):
			revert_series_if_last(doc.meta.autoname, doc.name, doc)


def delete_from_table(doctype, name, ignore_doctypes, doc):
	if doctype != "DocType" and doctype == name:
		frappe.db.delete("Singles", {"doctype": name})
	else:
		frappe.db.delete(doctype, {"name": name})
	child_doctypes = [d.options for d in doc.meta.get_table_fields()]
	for child_doctype in set(child_doctypes) - set(ignore_doctypes):
		frappe.db.delete(child_doctype, {"parenttype": doctype, "parent": name})


def update_flags(doc, flags=None, ignore_permissions=False):
	if ignore_permissions:
		if not flags:
			flags = {}
		flags["ignore_permissions"] = ignore_permissions
	if flags:
		doc.flags.update(flags)


def check_permission_and_not_submitted(doc):
	if (
		not doc.flags.ignore_permissions
		and frappe.session.user != "Administrator"
		and (not doc.has_permission("delete") or (doc.doctype == "DocType" and not doc.custom))
	):
		frappe.msgprint(
			_("User not allowed to delete {0}: {1}").format(doc.doctype, doc.name),
			raise_exception=frappe.PermissionError,
		)
	if doc.meta.is_submittable and doc.docstatus.is_submitted():
		frappe.msgprint(
			_("{0} {1}: Submitted Record cannot be deleted. You must {2} Cancel {3} it first.").format(
				_(doc.doctype), doc.name, "", ""
			),
			raise_exception=True,
		)


def get_link_fields(doctype):
	"""[{parent, fieldname, issingle}] of Link fields pointing at ``doctype`` (all apps)."""
	from frappe.model.meta import get_doctype_registry

	cache = frappe._site_cache().setdefault("link_fields", {})
	if doctype not in cache:
		out = []
		for dt in get_doctype_registry():
			meta = frappe.get_meta(dt)
			for df in meta.get_link_fields():
				if df.options == doctype:
					out.append(frappe._dict(parent=dt, fieldname=df.fieldname, issingle=meta.issingle))
		cache[doctype] = out
	return cache[doctype]


def get_dynamic_link_fields():
	"""Every Dynamic Link field of the site's doctypes (DocFields and Custom Fields), read from
	the cached metadata (no query)."""
	from frappe.model.meta import get_doctype_registry

	cache = frappe._site_cache()
	if "dynamic_links" not in cache:
		out = []
		for dt in get_doctype_registry():
			meta = frappe.get_meta(dt)
			for df in meta.get_dynamic_link_fields():
				out.append(df)
		cache["dynamic_links"] = out
	return cache["dynamic_links"]


def get_dynamic_links():
	"""v15 ``frappe/model/dynamic_links.py:get_dynamic_links``: two uncached queries, one over
	``tabDocField`` and one over ``tabCustom Field`` (each joined with ``tabDocType``), listing
	the Dynamic Link fields. The stand-in's DocFields live in JSON, so it issues one query
	over ``tabDocType`` in place of the first and the real second one, and takes the fields
	from the metadata."""
	frappe.db.sql("select `name`, `issingle` from `tabDocType` where `is_virtual`=0")
	frappe.db.sql(
		"select `dt` as parent, `fieldname`, `options` from `tabCustom Field` where `fieldtype`='Dynamic Link'"
	)
	return get_dynamic_link_fields()


def _fetch_distinct_link_doctypes(doctype, fieldname):
	"""v15 ``fetch_distinct_link_doctypes``: ``select distinct <options> from tab<parent>``,
	kept in redis for 12 hours. The stand-in models a warm cache: it reads the values on the raw
	connection, so the lookup is not counted as a query."""
	rows = frappe.db._conn.execute(f"select distinct `{fieldname}` from `tab{doctype}`").fetchall()
	return [r[0] for r in rows if r[0]]


def get_dynamic_link_map():
	"""v15 ``get_dynamic_link_map``: {linked doctype: [Dynamic Link fields that hold it]}.
	Rebuilt on every call under tests (``or frappe.flags.in_test``), else once per request
	(``frappe.local.dynamic_link_map``); single doctypes are always checked."""
	if getattr(frappe.local, "dynamic_link_map", None) is None or frappe.flags.in_test:
		dynamic_link_map = {}
		for df in get_dynamic_links():
			meta = frappe.get_meta(df.parent)
			if meta.issingle:
				dynamic_link_map.setdefault(meta.name, []).append(df)
			else:
				for doctype in _fetch_distinct_link_doctypes(df.parent, df.options):
					dynamic_link_map.setdefault(doctype, []).append(df)
		frappe.local.dynamic_link_map = dynamic_link_map
	return frappe.local.dynamic_link_map


def get_linked_docs(doc, method="Delete"):
	"""Documents that link statically to ``doc`` (and would block ``method``)."""
	link_fields = get_link_fields(doc.doctype)
	ignored_doctypes = set()
	if method == "Cancel" and (doc_ignore_flags := doc.get("ignore_linked_doctypes")):
		ignored_doctypes.update(doc_ignore_flags)
	if method == "Delete":
		ignored_doctypes.update(frappe.get_hooks("ignore_links_on_delete"))

	linked_docs = []
	for lf in link_fields:
		link_dt, link_field, issingle = lf["parent"], lf["fieldname"], lf["issingle"]
		if link_dt in ignored_doctypes or (link_field == "amended_from" and method == "Cancel"):
			continue
		meta = frappe.get_meta(link_dt)
		if issingle:
			if frappe.db.get_single_value(link_dt, link_field) == doc.name:
				linked_docs.append({"doc": doc.name, "reference_doctype": link_dt, "reference_docname": link_dt})
			continue
		fields = ["name", "docstatus"]
		if meta.istable:
			fields.extend(["parent", "parenttype"])
		for item in frappe.db.get_values(link_dt, {link_field: doc.name}, fields, as_dict=True):
			item_parent = getattr(item, "parent", None)
			linked_parent_doctype = item.parenttype if item_parent else link_dt
			if linked_parent_doctype in ignored_doctypes:
				continue
			if method != "Delete" and (method != "Cancel" or not DocStatus(item.docstatus).is_submitted()):
				continue
			elif link_dt == doc.doctype and (item_parent or item.name) == doc.name:
				continue
			else:
				linked_docs.append(
					{
						"doc": doc.name,
						"reference_doctype": linked_parent_doctype,
						"reference_docname": item_parent or item.name,
					}
				)
	return linked_docs


def check_if_doc_is_linked(doc, method="Delete"):
	"""Raises LinkExistsError if the given document is linked in another record."""
	links = get_linked_docs(doc, method)
	if links:
		link = links[0]
		raise_link_exists_exception(doc, link["reference_doctype"], link["reference_docname"])


def get_dynamic_linked_docs(doc, method="Delete"):
	linked_docs = []
	ignore_on_delete = frappe.get_hooks("ignore_links_on_delete")
	for df in get_dynamic_link_map().get(doc.doctype, []):
		ignore_linked_doctypes = doc.get("ignore_linked_doctypes") or []
		if df.parent in ignore_on_delete or (df.parent in ignore_linked_doctypes and method == "Cancel"):
			continue
		meta = frappe.get_meta(df.parent)
		if meta.issingle:
			refdoc = frappe.db.get_singles_dict(df.parent)
			if (
				refdoc.get(df.options) == doc.doctype
				and refdoc.get(df.fieldname) == doc.name
				and (
					(method == "Delete" and not DocStatus(refdoc.docstatus or 0).is_cancelled())
					or (method == "Cancel" and DocStatus(refdoc.docstatus or 0).is_submitted())
				)
			):
				linked_docs.append(
					{"doc": doc.name, "reference_doctype": df.parent, "reference_docname": df.parent, "at_position": ""}
				)
			continue
		fields = ["name", "docstatus"] + (["parent", "parenttype", "idx"] if meta.istable else [])
		rows = frappe.db.sql(
			f"select {', '.join('`' + f + '`' for f in fields)} from `tab{df.parent}` "
			f"where `{df.options}`=%s and `{df.fieldname}`=%s",
			(doc.doctype, doc.name),
			as_dict=True,
		)
		for refdoc in rows:
			if (method == "Delete" and not DocStatus(refdoc.docstatus).is_cancelled()) or (
				method == "Cancel" and DocStatus(refdoc.docstatus).is_submitted()
			):
				reference_doctype = refdoc.parenttype if meta.istable else df.parent
				reference_docname = refdoc.parent if meta.istable else refdoc.name
				if reference_doctype in ignore_on_delete or (
					reference_doctype in ignore_linked_doctypes and method == "Cancel"
				):
					continue
				if reference_doctype == doc.doctype and reference_docname == doc.name:
					continue
				at_position = f"at Row: {refdoc.idx}" if meta.istable else ""
				linked_docs.append(
					{
						"doc": doc.name,
						"reference_doctype": reference_doctype,
						"reference_docname": reference_docname,
						"at_position": at_position,
					}
				)
	return linked_docs


def check_if_doc_is_dynamically_linked(doc, method="Delete"):
	links = get_dynamic_linked_docs(doc, method)
	if links:
		link = links[0]
		raise_link_exists_exception(doc, link["reference_doctype"], link["reference_docname"], link["at_position"])


def raise_link_exists_exception(doc, reference_doctype, reference_docname, row=""):
	if reference_doctype == reference_docname:
		reference_doctype = ""
	frappe.throw(
		_("Cannot delete or cancel because {0} {1} is linked with {2} {3} {4}").format(
			_(doc.doctype), doc.name, _(reference_doctype), reference_docname, row
		),
		frappe.LinkExistsError,
	)
