"""Document: the controller base class and its lifecycle.

Modelled on frappe/frappe ``frappe/model/document.py`` (v15). The order of steps in
``insert``, ``_save``, ``run_before_save_methods`` and ``run_post_save_methods`` is the
real one (read from the v15 source)::

	insert: _set_defaults, set_user_and_timestamp, set_docstatus, check_if_latest,
	        _validate_links, check_permission("create"), before_insert, set_new_name,
	        set_parent_in_children, [before_validate, validate, before_save |
	        before_validate, validate, before_submit], _validate, db_insert (+children),
	        after_insert, [on_update | on_update, on_submit], on_change
	save:   _set_defaults, check_permission("write"), set_user_and_timestamp,
	        check_if_latest (TimestampMismatchError, docstatus transition -> _action),
	        _validate_links, before_* methods, _validate (not on cancel),
	        validate_update_after_submit, db_update, update_children, on_* methods, on_change

Controller methods run first, then ``doc_events`` hooks as ``handler(doc, method)``
(``Document.hook``). Not modelled: notifications, webhooks, server scripts, workflows,
document follow, file attachments (their v15 look-ups are redis-cached: no query once warm).
Modelled for their queries: ``save_version`` (a Version row for ``track_changes`` doctypes;
none under tests, see there), ``reset_seen`` (``track_seen``); ``update_global_search`` only
pushes to redis in v15. tests/benchless/orm/test_query_counts.py pins the counts.
"""

import hashlib
import json

import frappe
from frappe import _, msgprint
from frappe.model import optional_fields, table_fields
from frappe.model.base_document import BaseDocument, get_controller
from frappe.model.docstatus import DocStatus
from frappe.model.naming import set_new_name, validate_name
from frappe.utils import cstr, date_diff, flt, now
from frappe.utils.data import get_datetime, get_timedelta, getdate


def get_doc(*args, **kwargs):
	"""Return a frappe.model.Document object (loaded from the database, or new from a dict)."""
	if args:
		if isinstance(args[0], BaseDocument):
			return args[0]
		elif isinstance(args[0], str):
			doctype = args[0]
		elif isinstance(args[0], dict):
			kwargs = args[0]
		else:
			raise ValueError("First non keyword argument must be a string or dict")

	if len(args) < 2 and kwargs:
		if "doctype" in kwargs:
			doctype = kwargs["doctype"]
		else:
			raise ValueError('"doctype" is a required key')

	controller = get_controller(doctype)
	if controller:
		return controller(*args, **kwargs)
	raise ImportError(doctype)


class Document(BaseDocument):
	"""All controllers inherit from `Document`."""

	def __init__(self, *args, **kwargs):
		self.doctype = None
		self.name = None
		self.flags = frappe._dict()

		if args and args[0]:
			if isinstance(args[0], str):
				self.doctype = args[0]
				self.name = self.doctype if len(args) == 1 else args[1]
				self.flags.for_update = kwargs.get("for_update")
				self.load_from_db()
				return
			if isinstance(args[0], dict):
				kwargs = args[0]

		if kwargs:
			super().__init__(kwargs)
			self.init_child_tables()
			self.init_valid_columns()
		else:
			raise ValueError("Illegal arguments")

	@staticmethod
	def whitelist(fn):
		"""Decorator: Whitelist method to be called remotely via REST API."""
		frappe.whitelist()(fn)
		return fn

	def load_from_db(self):
		"""Load document and children from database and create properties from fields"""
		self.flags.ignore_children = True
		if not getattr(self, "_metaclass", False) and self.meta.issingle:
			single_doc = frappe.db.get_singles_dict(self.doctype, for_update=self.flags.for_update)
			if not single_doc:
				single_doc = frappe.new_doc(self.doctype, as_dict=True)
				single_doc["name"] = self.doctype
				del single_doc["__islocal"]
			BaseDocument.__init__(self, single_doc)
			self.init_valid_columns()
			self._fix_numeric_types()
		else:
			get_value_kwargs = {"for_update": self.flags.for_update, "as_dict": True}
			if not isinstance(self.name, dict | list):
				get_value_kwargs["order_by"] = None
			d = frappe.db.get_value(doctype=self.doctype, filters=self.name, fieldname="*", **get_value_kwargs)
			if not d:
				frappe.throw(
					_("{0} {1} not found").format(_(self.doctype), self.name),
					frappe.DoesNotExistError(doctype=self.doctype),
				)
			BaseDocument.__init__(self, d)
		self.flags.pop("ignore_children", None)
		self.load_children_from_db()
		if hasattr(self, "__setup__"):
			self.__setup__()
		return self

	def load_children_from_db(self):
		for df in self._get_table_fields():
			children = (
				frappe.db.get_values(
					df.options,
					{"parent": self.name, "parenttype": self.doctype, "parentfield": df.fieldname},
					"*",
					as_dict=True,
					order_by="idx asc",
					for_update=self.flags.for_update,
				)
				or []
			)
			self.set(df.fieldname, children)
		return self

	def reload(self):
		"""Reload document from database"""
		return self.load_from_db()

	def get_latest(self):
		if not getattr(self, "_doc_before_save", None):
			self.load_doc_before_save()
		return self._doc_before_save

	def check_permission(self, permtype="read", permlevel=None):
		"""Raise `frappe.PermissionError` if not permitted"""
		if not self.has_permission(permtype):
			self._handle_permission_failure(permtype)

	def has_permission(self, permtype="read", *, debug=False, user=None):
		if self.flags.ignore_permissions:
			return True
		import frappe.permissions

		return frappe.permissions.has_permission(self.doctype, permtype, self, debug=debug, user=user)

	def _handle_permission_failure(self, perm_type):
		from frappe.permissions import check_doctype_permission

		check_doctype_permission(self.doctype, perm_type)
		self.raise_no_permission_to(perm_type)

	def raise_no_permission_to(self, perm_type):
		frappe.flags.error_message = _("You need the '{0}' permission on {1} {2} to perform this action.").format(
			_(perm_type), frappe.bold(_(self.doctype)), self.name or ""
		)
		raise frappe.PermissionError(frappe.flags.error_message)

	# --- insert / save ------------------------------------------------------------------------
	def insert(
		self,
		ignore_permissions=None,
		ignore_links=None,
		ignore_if_duplicate=False,
		ignore_mandatory=None,
		set_name=None,
		set_child_names=True,
	):
		"""Insert the document in the database (as a new document)."""
		if self.flags.in_print:
			return self
		self.flags.notifications_executed = []
		if ignore_permissions is not None:
			self.flags.ignore_permissions = ignore_permissions
		if ignore_links is not None:
			self.flags.ignore_links = ignore_links
		if ignore_mandatory is not None:
			self.flags.ignore_mandatory = ignore_mandatory

		self.set("__islocal", True)

		self._set_defaults()
		self.set_user_and_timestamp()
		self.set_docstatus()
		self.check_if_latest()
		self._validate_links()
		self.check_permission("create")
		self.run_method("before_insert")
		self.set_new_name(set_name=set_name, set_child_names=set_child_names)
		self.set_parent_in_children()
		self.validate_higher_perm_levels()

		self.flags.in_insert = True
		self.run_before_save_methods()
		self._validate()
		self.set_docstatus()
		self.flags.in_insert = False

		if getattr(self.meta, "issingle", 0):
			self.update_single(self.get_valid_dict())
		else:
			self.db_insert(ignore_if_duplicate=ignore_if_duplicate)

		for d in self.get_all_children():
			d.db_insert()

		self.run_method("after_insert")
		self.flags.in_insert = True

		if self.get("amended_from"):
			self.validate_amended_from()

		self.run_post_save_methods()
		self.flags.in_insert = False

		if hasattr(self, "__islocal"):
			delattr(self, "__islocal")
		self.__dict__.pop("__islocal", None)
		self.__dict__.pop("__unsaved", None)
		return self

	def save(self, *args, **kwargs):
		"""Wrapper for _save"""
		return self._save(*args, **kwargs)

	def _save(self, ignore_permissions=None, ignore_version=None):
		"""Save the current document in the database (or tabSingles for single types)."""
		if self.flags.in_print:
			return
		self.flags.notifications_executed = []
		if ignore_permissions is not None:
			self.flags.ignore_permissions = ignore_permissions
		self.flags.ignore_version = frappe.flags.in_test if ignore_version is None else ignore_version

		if self.get("__islocal") or not self.get("name"):
			return self.insert()

		self._set_defaults()
		self.check_permission("write", "save")

		self.set_user_and_timestamp()
		self.set_docstatus()
		self.check_if_latest()
		self.set_parent_in_children()
		self.set_name_in_children()

		self.validate_higher_perm_levels()
		self._validate_links()
		self.run_before_save_methods()

		if self._action != "cancel":
			self._validate()

		if self._action == "update_after_submit":
			self.validate_update_after_submit()

		self.set_docstatus()

		if self.meta.issingle:
			self.update_single(self.get_valid_dict())
		else:
			self.db_update()

		self.update_children()
		self.run_post_save_methods()
		self.__dict__.pop("__unsaved", None)
		return self

	def validate_amended_from(self):
		if frappe.db.get_value(self.doctype, self.get("amended_from"), "docstatus") != 2:
			frappe.throw(
				_("{0} cannot be amended because it is not cancelled. Please cancel the document before creating an amendment.").format(
					self.get("amended_from")
				),
				title=_("Amendment Not Allowed"),
			)

	def update_children(self):
		"""update child tables"""
		for df in self.meta.get_table_fields():
			self.update_child_table(df.fieldname, df)

	def update_child_table(self, fieldname, df=None):
		"""sync child table for given fieldname"""
		df = df or self.meta.get_field(fieldname)
		all_rows = self.get(df.fieldname)
		if df.options not in (self.flags.ignore_children_type or ()):
			existing_row_names = [row.name for row in all_rows if row.name and not row.is_new()]
			query = f"delete from `tab{df.options}` where parent=%s and parenttype=%s and parentfield=%s"
			values = [self.name, self.doctype, fieldname]
			if existing_row_names:
				query += " and name not in %s"
				values.append(tuple(existing_row_names))
			frappe.db.sql(query, values)
		for d in all_rows:
			d.db_update()

	def get_doc_before_save(self):
		return getattr(self, "_doc_before_save", None)

	def has_value_changed(self, fieldname):
		"""Return True if value has changed before and after saving."""
		import datetime

		previous = self.get_doc_before_save()
		if not previous:
			return True
		previous_value = previous.get(fieldname)
		current_value = self.get(fieldname)
		if isinstance(previous_value, datetime.datetime):
			current_value = get_datetime(current_value)
		elif isinstance(previous_value, datetime.date):
			current_value = getdate(current_value)
		elif isinstance(previous_value, datetime.timedelta):
			current_value = get_timedelta(current_value)
		return previous_value != current_value

	def set_new_name(self, force=False, set_name=None, set_child_names=True):
		"""Calls `frappe.naming.set_new_name` for parent and child docs."""
		if self.flags.name_set and not force:
			return
		autoname = self.meta.autoname or ""
		if self.get("__newname") and autoname.lower() == "prompt":
			self.name = validate_name(self.doctype, self.get("__newname"))
			self.flags.name_set = True
			return
		if set_name:
			self.name = validate_name(self.doctype, set_name)
		else:
			set_new_name(self)
		if set_child_names:
			for d in self.get_all_children():
				set_new_name(d)
		self.flags.name_set = True

	def get_title(self):
		"""Get the document title based on title_field or `title` or `name`"""
		return self.get(self.meta.get_title_field()) or ""

	def set_title_field(self):
		def get_values():
			values = self.as_dict()
			for key, value in values.items():
				if value is None:
					values[key] = ""
			return values

		if self.meta.get("title_field") == "title":
			df = self.meta.get_field(self.meta.title_field)
			if df and df.options:
				self.set(df.fieldname, df.options.format(**get_values()))
			elif df and self.is_new() and not self.get(df.fieldname) and df.default:
				self.set(df.fieldname, df.default.format(**get_values()))

	def update_single(self, d):
		"""Updates values for Single type Document in `tabSingles`."""
		frappe.db.delete("Singles", {"doctype": self.doctype})
		for field, value in d.items():
			if field != "doctype":
				frappe.db.sql(
					"""insert into `tabSingles` (doctype, field, value)
					values (%s, %s, %s)""",
					(self.doctype, field, value),
				)
		frappe.db.value_cache.pop(self.doctype, None)

	def set_user_and_timestamp(self):
		self._original_modified = self.modified
		self.modified = now()
		self.modified_by = frappe.session.user
		if self.is_new() and not (frappe.flags.in_install or frappe.flags.in_patch or frappe.flags.in_migrate):
			self.creation = self.modified
			self.owner = self.modified_by
		elif self.is_new():
			self.creation = self.creation or self.modified
			self.owner = self.owner or self.modified_by
		for d in self.get_all_children():
			d.modified = self.modified
			d.modified_by = self.modified_by
			if not d.owner:
				d.owner = self.owner
			if not d.creation:
				d.creation = self.creation
		frappe.flags.currently_saving.append((self.doctype, self.name))

	def set_docstatus(self):
		docstatus = self.docstatus
		for d in self.get_all_children():
			d.set("docstatus", docstatus)

	def _validate(self):
		self._validate_mandatory()
		self._validate_data_fields()
		self._validate_selects()
		self._validate_non_negative()
		self._validate_length()
		self._fix_rating_value()
		self._validate_code_fields()
		self._sync_autoname_field()
		self._extract_images_from_editor()
		self._sanitize_content()
		self._save_passwords()
		self.validate_workflow()

		for d in self.get_all_children():
			d._validate_data_fields()
			d._validate_selects()
			d._validate_non_negative()
			d._validate_length()
			d._fix_rating_value()
			d._validate_code_fields()
			d._sync_autoname_field()
			d._extract_images_from_editor()
			d._sanitize_content()
			d._save_passwords()
		if self.is_new():
			for fieldname in optional_fields:
				self.__dict__[fieldname] = None
		else:
			self.validate_set_only_once()

	def validate_workflow(self):
		return None

	def validate_set_only_once(self):
		"""Validate that fields are not changed if not in insert"""
		set_only_once_fields = self.meta.get_set_only_once_fields()
		if set_only_once_fields and self._doc_before_save:
			for field in set_only_once_fields:
				fail = False
				value = self.get(field.fieldname)
				original_value = self._doc_before_save.get(field.fieldname)
				if field.fieldtype in table_fields:
					fail = not self.is_child_table_same(field.fieldname)
				elif field.fieldtype in ("Date", "Datetime", "Time"):
					fail = str(value) != str(original_value)
				else:
					fail = value != original_value
				if fail:
					frappe.throw(
						_("Value cannot be changed for {0}").format(frappe.bold(self.meta.get_label(field.fieldname))),
						exc=frappe.CannotChangeConstantError,
					)
		return False

	def is_child_table_same(self, fieldname):
		value = self.get(fieldname)
		original_value = self._doc_before_save.get(fieldname)
		if len(original_value) != len(value):
			return False
		for i, d in enumerate(original_value):
			new_child = value[i].as_dict(convert_dates_to_str=True)
			original_child = d.as_dict(convert_dates_to_str=True)
			for key in ("modified", "modified_by", "creation"):
				new_child.pop(key, None)
				original_child.pop(key, None)
			if original_child != new_child:
				return False
		return True

	def validate_higher_perm_levels(self):
		"""If the user does not have permissions at permlevel > 0, reset those values"""
		if self.flags.ignore_permissions or frappe.flags.in_install:
			return
		if frappe.session.user == "Administrator":
			return
		has_access_to = self.get_permlevel_access()
		high_permlevel_fields = self.meta.get_high_permlevel_fields()
		if high_permlevel_fields:
			self.reset_values_if_no_permlevel_access(has_access_to, high_permlevel_fields)

	def get_permlevel_access(self, permission_type="write"):
		allowed_permlevels = []
		roles = frappe.get_roles()
		for perm in self.get_permissions():
			if perm.role in roles and perm.get(permission_type) and perm.permlevel not in allowed_permlevels:
				allowed_permlevels.append(perm.permlevel)
		return allowed_permlevels

	def get_permissions(self):
		if self.meta.istable:
			return frappe.get_meta(self.parenttype).permissions
		return self.meta.permissions

	def _set_defaults(self):
		if frappe.flags.in_import:
			return
		if self.is_new():
			new_doc = frappe.new_doc(self.doctype, as_dict=True)
			self.update_if_missing(new_doc)
		for df in self.meta.get_table_fields():
			new_doc = frappe.new_doc(df.options, parent_doc=self, parentfield=df.fieldname, as_dict=True)
			value = self.get(df.fieldname)
			if isinstance(value, list):
				for d in value:
					if d.is_new():
						d.update_if_missing(new_doc)

	def check_if_latest(self):
		"""TimestampMismatchError if the DB copy changed since this copy was read; sets _action."""
		self.load_doc_before_save(raise_exception=True)
		self._action = "save"
		previous = self._doc_before_save
		if not previous:
			self.check_docstatus_transition(0)
			return
		if cstr(previous.modified) != cstr(self._original_modified):
			frappe.msgprint(
				_("Error: Document has been modified after you have opened it")
				+ (f" ({previous.modified}, {self.modified}). ")
				+ _("Please refresh to get the latest document."),
				raise_exception=frappe.TimestampMismatchError,
			)
		if not self.meta.issingle:
			self.check_docstatus_transition(previous.docstatus)

	def check_docstatus_transition(self, to_docstatus):
		"""Ensures valid `docstatus` transition (0>0, 0>1, 1>1, 1>2)."""
		if to_docstatus == DocStatus.DRAFT:
			if self.docstatus.is_draft():
				self._action = "save"
			elif self.docstatus.is_submitted():
				self._action = "submit"
				self.check_permission("submit")
			elif self.docstatus.is_cancelled():
				raise frappe.DocstatusTransitionError(_("Cannot change docstatus from 0 (Draft) to 2 (Cancelled)"))
			else:
				raise frappe.ValidationError(_("Invalid docstatus"), self.docstatus)
		elif to_docstatus == DocStatus.SUBMITTED:
			if self.docstatus.is_submitted():
				self._action = "update_after_submit"
				self.check_permission("submit")
			elif self.docstatus.is_cancelled():
				self._action = "cancel"
				self.check_permission("cancel")
			elif self.docstatus.is_draft():
				raise frappe.DocstatusTransitionError(_("Cannot change docstatus from 1 (Submitted) to 0 (Draft)"))
			else:
				raise frappe.ValidationError(_("Invalid docstatus"), self.docstatus)
		elif to_docstatus == DocStatus.CANCELLED:
			raise frappe.ValidationError(_("Cannot edit cancelled document"))

	def set_parent_in_children(self):
		for d in self.get_all_children():
			d.parent = self.name
			d.parenttype = self.doctype

	def set_name_in_children(self):
		for d in self.get_all_children():
			if not d.name:
				set_new_name(d)

	def validate_update_after_submit(self):
		if self.flags.ignore_validate_update_after_submit:
			return
		self._validate_update_after_submit()
		for d in self.get_all_children():
			if d.is_new() and self.meta.get_field(d.parentfield).allow_on_submit:
				continue
			d._validate_update_after_submit()

	def _validate_mandatory(self):
		if self.flags.ignore_mandatory:
			return
		missing = self._get_missing_mandatory_fields()
		for d in self.get_all_children():
			missing.extend(d._get_missing_mandatory_fields())
		if not missing:
			return
		for _idx, msg in missing:
			msgprint(msg)
		raise frappe.MandatoryError(
			"[{doctype}, {name}]: {fields}".format(
				fields=", ".join(each[0] for each in missing), doctype=self.doctype, name=self.name
			)
		)

	def _validate_links(self):
		if self.flags.ignore_links or self._action == "cancel":
			return
		invalid_links, cancelled_links = self.get_invalid_links()
		for d in self.get_all_children():
			result = d.get_invalid_links(is_submittable=self.meta.is_submittable)
			invalid_links.extend(result[0])
			cancelled_links.extend(result[1])
		if invalid_links:
			msg = ", ".join(each[2] for each in invalid_links)
			frappe.throw(_("Could not find {0}").format(msg), frappe.LinkValidationError)
		if cancelled_links:
			msg = ", ".join(each[2] for each in cancelled_links)
			frappe.throw(_("Cannot link cancelled document: {0}").format(msg), frappe.CancelledLinkError)

	def get_all_children(self, parenttype=None):
		"""Return all children documents from **Table** type fields in a list."""
		children = []
		for df in self.meta.get_table_fields():
			if parenttype and df.options != parenttype:
				continue
			if value := self.get(df.fieldname):
				children.extend(value)
		return children

	def run_method(self, method, *args, **kwargs):
		"""run standard triggers, plus those in hooks"""

		def fn(self, *args, **kwargs):
			method_object = getattr(self, method, None)
			if method in self.__dict__ or callable(method_object):
				return method_object(*args, **kwargs)

		fn.__name__ = str(method)
		out = Document.hook(fn)(self, *args, **kwargs)
		return out

	def run_trigger(self, method, *args, **kwargs):
		return self.run_method(method, *args, **kwargs)

	def _submit(self):
		"""Submit the document. Sets `docstatus` = 1, then saves."""
		self.docstatus = DocStatus.SUBMITTED
		return self.save()

	def _cancel(self):
		"""Cancel the document. Sets `docstatus` = 2, then saves."""
		self.docstatus = DocStatus.CANCELLED
		return self.save()

	def submit(self):
		"""Submit the document. Sets `docstatus` = 1, then saves."""
		return self._submit()

	def cancel(self):
		"""Cancel the document. Sets `docstatus` = 2, then saves."""
		return self._cancel()

	def _rename(self, name, merge=False, force=False, validate_rename=True):
		"""Rename the document. Triggers frappe.rename_doc, then reloads."""
		from frappe.model.rename_doc import rename_doc

		self.name = rename_doc(doc=self, new=name, merge=merge, force=force, validate=validate_rename)
		self.reload()

	def rename(self, name, merge=False, force=False, validate_rename=True):
		"""Rename the document to `name`. This transforms the current object."""
		return self._rename(name=name, merge=merge, force=force, validate_rename=validate_rename)

	def delete(self, ignore_permissions=False, force=False, *, delete_permanently=False):
		"""Delete document."""
		return frappe.delete_doc(
			self.doctype,
			self.name,
			ignore_permissions=ignore_permissions,
			flags=self.flags,
			force=force,
			delete_permanently=delete_permanently,
		)

	def run_before_save_methods(self):
		"""validate/before_save, validate/before_submit, before_cancel or before_update_after_submit"""
		self.reset_seen()
		if self._action in ("save", "submit"):
			self.run_method("before_validate")
		if self.flags.ignore_validate:
			return
		if self._action == "save":
			self.run_method("validate")
			self.run_method("before_save")
		elif self._action == "submit":
			self.run_method("validate")
			self.run_method("before_submit")
		elif self._action == "cancel":
			self.run_method("before_cancel")
		elif self._action == "update_after_submit":
			self.run_method("before_update_after_submit")
		self.set_title_field()

	def load_doc_before_save(self, *, raise_exception=False):
		"""load existing document from db before saving"""
		self._doc_before_save = None
		if self.is_new():
			return
		try:
			self._doc_before_save = frappe.get_doc(self.doctype, self.name, for_update=True)
		except frappe.DoesNotExistError:
			if raise_exception:
				raise
			frappe.clear_last_message()

	def run_post_save_methods(self):
		"""on_update / on_update+on_submit / on_cancel / on_update_after_submit, then on_change"""
		if self._action == "save":
			self.run_method("on_update")
		elif self._action == "submit":
			self.run_method("on_update")
			self.run_method("on_submit")
		elif self._action == "cancel":
			self.run_method("on_cancel")
			self.check_no_back_links_exist()
		elif self._action == "update_after_submit":
			self.run_method("on_update_after_submit")

		self.clear_cache()
		if self.flags.get("notify_update", True):
			self.notify_update()
		# update_global_search(self): v15 only pushes to a redis queue (no query)
		self.save_version()
		self.run_method("on_change")
		if (self.doctype, self.name) in frappe.flags.currently_saving:
			frappe.flags.currently_saving.remove((self.doctype, self.name))

	def clear_cache(self):
		frappe.clear_document_cache(self.doctype, self.name)

	def reset_seen(self):
		"""Clear _seen property and set current user as seen (one UPDATE per save of a
		``track_seen`` doctype, as in v15)."""
		if getattr(self.meta, "track_seen", False) and not getattr(self.meta, "issingle", False) and not self.is_new():
			frappe.db.set_value(
				self.doctype, self.name, "_seen", json.dumps([frappe.session.user]), update_modified=False
			)

	def notify_update(self):
		"""Publish realtime that the current document is modified"""
		if frappe.flags.in_patch:
			return
		frappe.publish_realtime(
			"doc_update",
			{"modified": self.modified, "doctype": self.doctype, "name": self.name},
			doctype=self.doctype,
			docname=self.name,
			after_commit=True,
		)
		if not self.meta.get("read_only") and not self.meta.get("issingle") and not self.meta.get("istable"):
			data = {"doctype": self.doctype, "name": self.name, "user": frappe.session.user}
			frappe.publish_realtime("list_update", data, after_commit=True)

	def db_set(self, fieldname, value=None, update_modified=True, notify=False, commit=False):
		"""Set a value in the document object, update the timestamp and update the database.

		WARNING: This method does not trigger controller validations."""
		if isinstance(fieldname, dict):
			self.update(fieldname)
		else:
			self.set(fieldname, value)
		if update_modified and (self.doctype, self.name) not in frappe.flags.currently_saving:
			self.set("modified", now())
			self.set("modified_by", frappe.session.user)
		if not self.get_doc_before_save():
			self.load_doc_before_save()
		self.run_method("before_change")
		if self.name is None:
			return
		if self.meta.issingle:
			frappe.db.set_single_value(self.doctype, fieldname, value)
		else:
			frappe.db.set_value(
				self.doctype,
				self.name,
				fieldname,
				value,
				self.modified,
				self.modified_by,
				update_modified=update_modified,
			)
		self.run_method("on_change")
		if notify:
			self.notify_update()
		if commit:
			frappe.db.commit()

	def db_get(self, fieldname):
		"""get database value for this fieldname"""
		return frappe.db.get_value(self.doctype, self.name, fieldname)

	def check_no_back_links_exist(self):
		"""Check if document links to any active document before Cancel."""
		from frappe.model.delete_doc import check_if_doc_is_dynamically_linked, check_if_doc_is_linked

		if not self.flags.ignore_links:
			check_if_doc_is_linked(self, method="Cancel")
			check_if_doc_is_dynamically_linked(self, method="Cancel")

	def save_version(self):
		"""Save version info (v15): a Version row when the doctype has ``track_changes`` and the
		document changed. ``_save`` sets ``flags.ignore_version = frappe.flags.in_test`` unless
		``ignore_version`` is passed, so under tests a save writes no Version; ``insert`` does not
		set the flag, but a new document only gets a Version with ``flags.updater_reference``
		(or when amended: the cancelled original is loaded to diff against)."""
		if (
			not getattr(self.meta, "track_changes", False)
			or self.doctype == "Version"
			or self.flags.ignore_version
			or frappe.flags.in_install
			or (not getattr(self, "_doc_before_save", None) and frappe.flags.in_patch)
		):
			return
		doc_to_compare = getattr(self, "_doc_before_save", None)
		if not doc_to_compare and (amended_from := self.get("amended_from")):
			doc_to_compare = frappe.get_doc(self.doctype, amended_from)
		version = frappe.new_doc("Version")
		if version.update_version_info(doc_to_compare, self):
			version.insert(ignore_permissions=True)
			# v15 then reads get_cached_value("User", user, "follow_created_documents"): a
			# cached document (no query once the User is cached), not modelled.

	@staticmethod
	def hook(f):
		"""Decorator: Make method `hookable` (i.e. extensible by another app)."""

		def add_to_return_value(self, new_return_value):
			if new_return_value is None:
				self._return_value = self.get("_return_value")
				return
			if isinstance(new_return_value, dict):
				if not self.get("_return_value"):
					self._return_value = {}
				self._return_value.update(new_return_value)
			else:
				self._return_value = new_return_value

		def compose(fn, *hooks):
			def runner(self, method, *args, **kwargs):
				add_to_return_value(self, fn(self, *args, **kwargs))
				for f in hooks:
					add_to_return_value(self, f(self, method, *args, **kwargs))
				return self.__dict__.pop("_return_value", None)

			return runner

		def composer(self, *args, **kwargs):
			hooks = []
			method = f.__name__
			doc_events = frappe.get_doc_hooks()
			for handler in doc_events.get(self.doctype, {}).get(method, []) + doc_events.get("*", {}).get(method, []):
				hooks.append(frappe.get_attr(handler))
			composed = compose(f, *hooks)
			return composed(self, method, *args, **kwargs)

		return composer

	def is_whitelisted(self, method_name):
		from werkzeug.exceptions import NotFound

		method = getattr(self, method_name, None)
		if not method:
			raise NotFound(f"Method {method_name} not found")
		frappe.is_whitelisted(getattr(method, "__func__", method))

	def validate_value(self, fieldname, condition, val2, doc=None, raise_exception=None):
		from frappe.utils import compare

		if not doc:
			doc = self
		val1 = doc.get_value(fieldname)
		df = doc.meta.get_field(fieldname)
		val2 = doc.cast(val2, df)
		if not compare(val1, condition, val2):
			label = doc.meta.get_label(fieldname)
			msg = _("Incorrect value in row {0}:").format(doc.idx) if doc.get("parentfield") else _("Incorrect value:")
			if condition == "in":
				msg += _("{0} must be one of {1}").format(label, val2)
			elif condition == "not in":
				msg += _("{0} must be none of {1}").format(label, val2)
			elif condition == "^":
				msg += _("{0} must be beginning with '{1}'").format(label, val2)
			elif condition == "=":
				msg += _("{0} must be equal to '{1}'").format(label, val2)
			else:
				msg += _("{0} must be {1} {2}").format(label, condition, val2)
			msgprint(msg, raise_exception=raise_exception or True)

	def validate_table_has_rows(self, parentfield, raise_exception=None):
		if not (isinstance(self.get(parentfield), list) and len(self.get(parentfield)) > 0):
			label = self.meta.get_label(parentfield)
			frappe.throw(_("Table {0} cannot be empty").format(label), raise_exception or frappe.EmptyTableError)

	def round_floats_in(self, doc, fieldnames=None):
		if not fieldnames:
			fieldnames = (
				df.fieldname for df in doc.meta.get("fields", {"fieldtype": ["in", ["Currency", "Float", "Percent"]]})
			)
		for fieldname in fieldnames:
			doc.set(fieldname, flt(doc.get(fieldname), self.precision(fieldname, doc.get("parentfield"))))

	def get_url(self):
		from frappe.utils.data import get_absolute_url

		return get_absolute_url(self.doctype, self.name)

	def add_comment(self, comment_type="Comment", text=None, comment_email=None, comment_by=None):
		"""Stand-in: comments are recorded in ``frappe.local.comments`` (no Comment doctype)."""
		if not hasattr(frappe.local, "comments"):
			frappe.local.comments = []
		c = frappe._dict(
			comment_type=comment_type,
			reference_doctype=self.doctype,
			reference_name=self.name,
			content=text or comment_type,
			comment_email=comment_email or frappe.session.user,
		)
		frappe.local.comments.append(c)
		return c

	def log_error(self, title=None, message=None):
		return frappe.log_error(message=message, title=title, reference_doctype=self.doctype, reference_name=self.name)

	def get_signature(self):
		return hashlib.sha224(f"{self.doctype}:{self.name}".encode()).hexdigest()

	def set_onload(self, key, value):
		if not self.get("__onload"):
			self.set("__onload", frappe._dict())
		self.get("__onload")[key] = value

	def get_onload(self, key=None):
		if not key:
			return self.get("__onload", frappe._dict())
		return self.get("__onload")[key]

	def queue_action(self, action, **kwargs):
		"""Run an action 'in background' (synchronously in the stand-in, after commit)."""
		if hasattr(self, f"_{action}"):
			action = f"_{action}"
		enqueue_after_commit = kwargs.pop("enqueue_after_commit", None)
		if enqueue_after_commit is None:
			enqueue_after_commit = True
		return frappe.enqueue(
			"frappe.model.document.execute_action",
			__doctype=self.doctype,
			__name=self.name,
			__action=action,
			enqueue_after_commit=enqueue_after_commit,
			**kwargs,
		)

	def lock(self, timeout=None):
		"""Stand-in: document locks are process-local (real Frappe uses a lock file)."""
		locks = frappe._site_cache().setdefault("document_locks", set())
		signature = self.get_signature()
		if signature in locks:
			raise frappe.DocumentLockedError
		locks.add(signature)

	def unlock(self):
		frappe._site_cache().setdefault("document_locks", set()).discard(self.get_signature())

	def validate_from_to_dates(self, from_date_field, to_date_field):
		from_date = self.get(from_date_field)
		to_date = self.get(to_date_field)
		if not (from_date and to_date):
			return
		if date_diff(to_date, from_date) < 0:
			frappe.throw(
				_("{0} must be after {1}").format(
					frappe.bold(_(self.meta.get_label(to_date_field))),
					frappe.bold(_(self.meta.get_label(from_date_field))),
				),
				frappe.InvalidDates,
			)

	def __repr__(self):
		doctype = f"doctype={self.doctype}"
		name = self.name or "unsaved"
		docstatus = f" docstatus={self.docstatus}" if self.docstatus else ""
		parent = f" parent={self.parent}" if getattr(self, "parent", None) else ""
		return f"<{self.__class__.__name__}: {doctype} {name}{docstatus}{parent}>"

	def __str__(self):
		name = self.name or "unsaved"
		doctype = self.__class__.__name__
		return f"{doctype}({name})"


# submit/cancel are whitelisted in real Frappe (decorated with @frappe.whitelist())
Document.submit = frappe.whitelist()(Document.submit)
Document.cancel = frappe.whitelist()(Document.cancel)
Document.rename = frappe.whitelist()(Document.rename)


def execute_action(__doctype, __name, __action, **kwargs):
	"""Execute an action on a document (called by background worker)"""
	doc = frappe.get_doc(__doctype, __name)
	doc.unlock()
	try:
		getattr(doc, __action)(**kwargs)
	except Exception:
		frappe.db.rollback()
		if frappe.local.message_log:
			msg = frappe.local.message_log[-1].get("message")
		else:
			msg = "<pre><code>" + frappe.get_traceback() + "</pre></code>"
		doc.add_comment("Comment", _("Action Failed") + "<br><br>" + msg)
	doc.notify_update()
