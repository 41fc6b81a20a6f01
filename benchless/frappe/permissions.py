"""Role permissions (frappe/frappe ``frappe/permissions.py``, v15).

Kept: Administrator allowed everything; DocPerm rows from the doctype JSON
(``permissions``) at permlevel 0 for the user's roles; ``if_owner``; ``submit`` only on
submittable doctypes; ``has_permission`` hooks (``has_controller_permissions``: hooks for
the doctype and ``"*"`` called in reverse order, the first non-None answer wins; a hook can
only deny); child doctypes take the parent doctype's permission (``has_child_permission``: the
parent document when the child row is a Document).
User Permissions on a document (``get_doc_permissions`` → ``has_user_permission``, v15): the
doc's own name when the user has permissions on its doctype, and every Link field (of the doc
and its child rows) without ``ignore_user_permissions`` whose target doctype has permissions
applicable to the doc's doctype (``applicable_for`` empty or equal; ``get_allowed_docs_for_doctype``)
must hold an allowed value; an empty link passes (``apply_strict_user_permissions`` is off:
``frappe.get_system_settings`` answers None). A refused doc leaves the owner their ``if_owner``
rights, anyone else nothing. Lists apply them in frappe/model/db_query.py.
Not modelled: sharing (DocShare), Custom DocPerm.
"""

import copy

import frappe
from frappe import _
from frappe.utils import cint

rights = (
	"select",
	"read",
	"write",
	"create",
	"delete",
	"submit",
	"cancel",
	"amend",
	"print",
	"email",
	"report",
	"import",
	"export",
	"share",
)

GUEST_ROLE = "Guest"
ALL_USER_ROLE = "All"
SYSTEM_USER_ROLE = "Desk User"
ADMIN_ROLE = "Administrator"
AUTOMATIC_ROLES = (GUEST_ROLE, ALL_USER_ROLE, SYSTEM_USER_ROLE, ADMIN_ROLE)


def push_perm_check_log(log, debug=False):
	if frappe.flags.get("has_permission_check_logs") is None:
		return
	frappe.flags.get("has_permission_check_logs").append(_(log))


def has_permission(
	doctype,
	ptype="read",
	doc=None,
	user=None,
	raise_exception=True,
	*,
	parent_doctype=None,
	debug=False,
	ignore_share_permissions=False,
):
	"""Return True if user has permission `ptype` for given `doctype` (and `doc`)."""
	if not user:
		user = frappe.session.user
	if user == "Administrator":
		return True
	if not doc and hasattr(doctype, "doctype"):
		doc = doctype
		doctype = doc.doctype
	if frappe.is_table(doctype):
		return has_child_permission(doctype, ptype, doc, user, raise_exception, parent_doctype, debug=debug)

	meta = frappe.get_meta(doctype)
	if doc:
		if isinstance(doc, str | int):
			doc = frappe.get_doc(meta.name, doc)
		perm = get_doc_permissions(doc, user=user, ptype=ptype, debug=debug).get(ptype)
		if not perm:
			push_perm_check_log(_("User {0} does not have access to this document").format(frappe.bold(user)))
	else:
		if ptype == "submit" and not cint(meta.is_submittable):
			push_perm_check_log(_("Document Type is not submittable"))
			return False
		if ptype == "import" and not cint(meta.allow_import):
			push_perm_check_log(_("Document Type is not importable"))
			return False
		role_permissions = get_role_permissions(meta, user=user, debug=debug)
		perm = role_permissions.get(ptype)
		if not perm:
			push_perm_check_log(
				_("User {0} does not have doctype access via role permission for document {1}").format(
					frappe.bold(user), frappe.bold(_(doctype))
				)
			)
	return bool(perm)


def get_doc_permissions(doc, user=None, ptype=None, debug=False):
	"""Return a dict of evaluated permissions for given `doc` like `{"read":1, "write":1}`"""
	if not user:
		user = frappe.session.user
	meta = frappe.get_meta(doc.doctype)

	def is_user_owner():
		return (doc.get("owner") or "").lower() == user.lower()

	if not has_controller_permissions(doc, ptype, user=user, debug=debug):
		push_perm_check_log(_("Not allowed via controller permission check"))
		return {ptype: 0}

	permissions = copy.deepcopy(get_role_permissions(meta, user=user, is_owner=is_user_owner(), debug=debug))
	if not cint(meta.is_submittable):
		permissions["submit"] = 0
	if not cint(meta.allow_import):
		permissions["import"] = 0
	if permissions.get("has_if_owner_enabled"):
		permissions.update(permissions.get("if_owner", {}))

	if not has_user_permission(doc, user, debug=debug, ptype=ptype):
		if is_user_owner():
			# replace with owner permissions
			permissions = permissions.get("if_owner", {})
			# if_owner does not come with create rights...
			permissions["create"] = 0
		else:
			permissions = {}
	return permissions


def get_role_permissions(doctype_meta, user=None, is_owner=None, debug=False):
	"""Return dict of evaluated role permissions (with an ``if_owner`` sub-dict)."""
	if isinstance(doctype_meta, str):
		doctype_meta = frappe.get_meta(doctype_meta)
	if not user:
		user = frappe.session.user
	cache_key = (doctype_meta.name, user, bool(is_owner))
	if user == "Administrator":
		return allow_everything()
	if not frappe.local.role_permissions.get(cache_key) or debug:
		perms = frappe._dict(if_owner={})
		roles = frappe.get_roles(user)

		def is_perm_applicable(perm):
			return perm.role in roles and cint(perm.permlevel) == 0

		def has_permission_without_if_owner_enabled(ptype):
			return any(p.get(ptype, 0) and not p.get("if_owner", 0) for p in applicable_permissions)

		applicable_permissions = list(filter(is_perm_applicable, getattr(doctype_meta, "permissions", [])))
		has_if_owner_enabled = any(p.get("if_owner", 0) for p in applicable_permissions)
		perms["has_if_owner_enabled"] = has_if_owner_enabled
		for ptype in rights:
			pvalue = any(p.get(ptype, 0) for p in applicable_permissions)
			perms[ptype] = cint(pvalue)
			if pvalue and has_if_owner_enabled and not has_permission_without_if_owner_enabled(ptype) and ptype != "create":
				perms["if_owner"][ptype] = cint(pvalue and is_owner)
				perms[ptype] = 1 if ptype in ("select", "read") else 0
		frappe.local.role_permissions[cache_key] = perms
	return frappe.local.role_permissions[cache_key]


def has_user_permission(doc, user=None, debug=False, ptype=None):
	"""Return True if User is allowed to view considering User Permissions (v15 ``has_user_permission``).

	Step 1: with User Permissions on the doc's own doctype (applicable to it), its name must be one
	of the allowed values (for ``create`` of a tree node: its parent or an ancestor whose permission
	does not hide descendants). Step 2: every Link field of the doc and of its child rows that does
	not set ``ignore_user_permissions`` must hold an allowed value of its target doctype (applicable
	for the doc's doctype); an empty link passes unless System Settings
	``apply_strict_user_permissions`` is on (never for single doctypes)."""
	from frappe.core.doctype.user_permission.user_permission import get_user_permissions

	user_permissions = get_user_permissions(user)
	if not user_permissions:
		# no user permission rules specified for this doctype
		return True

	# don't apply strict user permissions for single doctypes since they contain empty link fields
	apply_strict_user_permissions = (
		False if doc.meta.issingle else frappe.get_system_settings("apply_strict_user_permissions")
	)

	doctype = doc.get("doctype")
	docname = doc.get("name")

	# STEP 1: ---------------------
	# check user permissions on self
	if doctype in user_permissions:
		doctype_up = user_permissions.get(doctype, [])
		allowed_docs = get_allowed_docs_for_doctype(doctype_up, doctype)
		# only check if allowed_docs is not empty
		if allowed_docs:
			not_permitted = True
			if doc.meta.is_tree and ptype == "create":
				if parent := doc.get(doc.nsm_parent_field):
					doc_hide_descendants = {d.doc: d.hide_descendants for d in doctype_up}
					for d in _get_parent_and_ancestors(doctype, parent):
						if d in allowed_docs and not doc_hide_descendants[d]:
							not_permitted = False
							break
			else:
				not_permitted = not docname or str(docname) not in allowed_docs

			if not_permitted:
				push_perm_check_log(_("Not allowed for {0}: {1}").format(_(doctype), docname), debug=debug)
				return False

	# STEP 2: ---------------------------------
	# check user permissions in all link fields

	def check_user_permission_on_link_fields(d):
		# called for both parent and child records
		meta = frappe.get_meta(d.get("doctype"))
		for field in meta.get_link_fields():
			if field.ignore_user_permissions:
				continue
			# empty value, do you still want to apply user permissions?
			if not d.get(field.fieldname) and not apply_strict_user_permissions:
				continue
			if field.options not in user_permissions:
				continue
			# get the list of all allowed values for this link
			allowed_docs = get_allowed_docs_for_doctype(user_permissions.get(field.options, []), doctype)
			if allowed_docs and str(d.get(field.fieldname)) not in allowed_docs:
				label = _(field.label) if field.label else field.fieldname
				if d.get("parentfield"):
					msg = _(
						"You are not allowed to access this {0} record because it is linked to {1} '{2}' in row {3}, field {4}"
					).format(
						_(meta.name), _(field.options), d.get(field.fieldname) or _("empty"), d.idx, label
					)
				else:
					msg = _(
						"You are not allowed to access this {0} record because it is linked to {1} '{2}' in field {3}"
					).format(_(meta.name), _(field.options), d.get(field.fieldname) or _("empty"), label)
				push_perm_check_log(msg, debug=debug)
				return False
		return True

	if not check_user_permission_on_link_fields(doc):
		return False

	for d in doc.get_all_children():
		if not check_user_permission_on_link_fields(d):
			return False

	return True


def get_allowed_docs_for_doctype(user_permissions, doctype):
	"""Returns all the docs from the passed user_permissions that are allowed under provided doctype (v15)."""
	return filter_allowed_docs_for_doctype(user_permissions, doctype, with_default_doc=False)


def filter_allowed_docs_for_doctype(user_permissions, doctype, with_default_doc=True):
	"""Returns all the docs from the passed user_permissions that are allowed under provided doctype
	along with default doc value if with_default_doc is set (v15)."""
	allowed_doc = []
	default_doc = None
	for doc in user_permissions:
		if not doc.get("applicable_for") or doc.get("applicable_for") == doctype:
			allowed_doc.append(doc.get("doc"))
			if doc.get("is_default") or (len(user_permissions) == 1 and with_default_doc):
				default_doc = doc.get("doc")
	return (allowed_doc, default_doc) if with_default_doc else allowed_doc


def _get_parent_and_ancestors(doctype, parent):
	yield parent

	from frappe.utils.nestedset import get_ancestors_of

	yield from get_ancestors_of(doctype, parent)


def allow_everything():
	return {ptype: 1 for ptype in rights}


def has_controller_permissions(doc, ptype, user=None, debug=False):
	"""Return controller permissions if denied, True if not defined (hooks can only deny)."""
	if not user:
		user = frappe.session.user
	hooks = frappe.get_hooks("has_permission")
	methods = hooks.get(doc.doctype, []) + hooks.get("*", [])
	for method in reversed(methods):
		controller_permission = frappe.call(method, doc=doc, ptype=ptype, user=user, debug=debug)
		if controller_permission is not None:
			return bool(controller_permission)
	return True


def has_child_permission(
	child_doctype, ptype="read", child_doc=None, user=None, raise_exception=True, parent_doctype=None, debug=False
):
	if isinstance(child_doc, str):
		child_doc = frappe.db.get_value(child_doctype, child_doc, ("parent", "parenttype", "parentfield"), as_dict=True)
	if child_doc:
		parent_doctype = child_doc.parenttype
	if not parent_doctype:
		push_perm_check_log(_("Please specify a valid parent DocType for {0}").format(frappe.bold(child_doctype)))
		return False
	parent_meta = frappe.get_meta(parent_doctype)
	if parent_meta.istable or not [df.fieldname for df in parent_meta.get_table_fields() if df.options == child_doctype]:
		push_perm_check_log(_("{0} is not a valid parent DocType for {1}").format(parent_doctype, child_doctype))
		return False
	return has_permission(
		parent_doctype,
		ptype=ptype,
		doc=child_doc and getattr(child_doc, "parent_doc", child_doc.parent),
		user=user,
		raise_exception=raise_exception,
		debug=debug,
	)


def check_doctype_permission(doctype, ptype="read"):
	if not has_permission(doctype, ptype, raise_exception=False):
		frappe.flags.error_message = _("No permission for {0}").format(_(doctype))
		raise frappe.PermissionError(frappe.flags.error_message)


def get_roles(user=None, with_standard=True):
	"""Roles of a user (all roles for Administrator; Guest has only Guest)."""
	if not user:
		user = frappe.session.user
	if user == "Guest" or not user:
		return [GUEST_ROLE]
	cache = frappe._site_cache().setdefault("roles", {})
	if user not in cache:
		if user == "Administrator":
			roles = frappe.get_all("Role", pluck="name")
		else:
			roles = frappe.db.sql(
				"select role from `tabHas Role` where parenttype='User' and parent=%s and role not in %s",
				(user, AUTOMATIC_ROLES),
				pluck=True,
			)
			roles += [ALL_USER_ROLE, GUEST_ROLE]
			if is_system_user(user):
				roles.append(SYSTEM_USER_ROLE)
		cache[user] = roles
	roles = list(cache[user])
	if not with_standard:
		roles = [r for r in roles if r not in AUTOMATIC_ROLES]
	return roles


def is_system_user(user=None):
	user = user or frappe.session.user
	row = frappe.db.get_value("User", {"name": user, "enabled": 1}, "user_type")
	return row == "System User"


def get_valid_perms(doctype=None, user=None):
	roles = get_roles(user)
	meta_perms = frappe.get_meta(doctype).permissions if doctype else []
	return [p for p in meta_perms if p.role in roles]


def add_user_permission(
	doctype,
	name,
	user,
	ignore_permissions=False,
	applicable_for=None,
	is_default=0,
	hide_descendants=0,
):
	"""Add user permission (v15)."""
	from frappe.core.doctype.user_permission.user_permission import user_permission_exists

	if not user_permission_exists(user, doctype, name, applicable_for):
		if not frappe.db.exists(doctype, name):
			frappe.throw(_("{0} {1} not found").format(_(doctype), name), frappe.DoesNotExistError)

		frappe.get_doc(
			dict(
				doctype="User Permission",
				user=user,
				allow=doctype,
				for_value=name,
				is_default=is_default,
				applicable_for=applicable_for,
				apply_to_all_doctypes=0 if applicable_for else 1,
				hide_descendants=hide_descendants,
			)
		).insert(ignore_permissions=ignore_permissions)


def remove_user_permission(doctype, name, user):
	user_permission_name = frappe.db.get_value(
		"User Permission", dict(user=user, allow=doctype, for_value=name)
	)
	frappe.delete_doc("User Permission", user_permission_name)


def get_user_permissions(user):
	"""frappe.permissions.get_user_permissions (v15): the user's User Permissions by doctype."""
	from frappe.core.doctype.user_permission.user_permission import get_user_permissions

	return get_user_permissions(user)
