"""Tree (nested set) support: frappe/frappe ``frappe/utils/nestedset.py`` (v15).

``NestedSet`` controllers keep ``lft``/``rgt`` up to date in ``on_update`` (``update_nsm``),
refuse to delete a node with children (NestedSetChildExistsError) and refuse loops
(NestedSetRecursionError). The UPDATE statements mirror the real query-builder ones.
"""

from collections.abc import Iterator

import frappe
from frappe import _
from frappe.model.document import Document


class NestedSetRecursionError(frappe.ValidationError):
	pass


class NestedSetMultipleRootsError(frappe.ValidationError):
	pass


class NestedSetChildExistsError(frappe.ValidationError):
	pass


class NestedSetInvalidMergeError(frappe.ValidationError):
	pass


def update_nsm(doc):
	old_parent_field = "old_parent"
	parent_field = "parent_" + frappe.scrub(doc.doctype)
	if hasattr(doc, "nsm_parent_field"):
		parent_field = doc.nsm_parent_field
	if hasattr(doc, "nsm_oldparent_field"):
		old_parent_field = doc.nsm_oldparent_field

	parent, old_parent = doc.get(parent_field) or None, doc.get(old_parent_field) or None
	if not doc.lft and not doc.rgt:
		update_add_node(doc, parent or "", parent_field)
	elif old_parent != parent:
		update_move_node(doc, parent_field)

	doc.set(old_parent_field, parent)
	frappe.db.set_value(doc.doctype, doc.name, old_parent_field, parent or "", update_modified=False)
	doc.reload()


def update_add_node(doc, parent, parent_field):
	"""insert a new node"""
	doctype = doc.doctype
	name = doc.name
	t = f"`tab{doctype}`"
	if parent:
		left, right = frappe.db.get_value(doctype, {"name": parent}, ["lft", "rgt"], for_update=True)
		validate_loop(doc.doctype, doc.name, left, right)
	else:
		right = frappe.db.sql(
			f"select coalesce(max(rgt), 0) + 1 from {t} where coalesce(`{parent_field}`, '') = ''", pluck=True
		)[0]
	right = right or 1
	frappe.db.sql(f"update {t} set rgt = rgt + 2 where rgt >= %s", (right,))
	frappe.db.sql(f"update {t} set lft = lft + 2 where lft >= %s", (right,))
	if frappe.db.sql(f"select name from {t} where lft = %s or rgt = %s", (right, right + 1)):
		frappe.throw(_("Nested set error. Please contact the Administrator."))
	frappe.db.sql(f"update {t} set lft = %s, rgt = %s where name = %s", (right, right + 1, name))
	return right


def update_move_node(doc, parent_field):
	parent = doc.get(parent_field)
	t = f"`tab{doc.doctype}`"
	if parent:
		new_parent = frappe.db.sql(f"select lft, rgt from {t} where name = %s for update", (parent,), as_dict=True)[0]
		validate_loop(doc.doctype, doc.name, new_parent.lft, new_parent.rgt)
	frappe.db.sql(f"update {t} set lft = -lft, rgt = -rgt where lft >= %s and rgt <= %s", (doc.lft, doc.rgt))
	diff = doc.rgt - doc.lft + 1
	frappe.db.sql(f"update {t} set lft = lft - %s, rgt = rgt - %s where lft > %s", (diff, diff, doc.rgt))
	frappe.db.sql(f"update {t} set rgt = rgt - %s where lft < %s and rgt > %s", (diff, doc.lft, doc.rgt))
	if parent:
		new_parent = frappe.db.sql(f"select lft, rgt from {t} where name = %s for update", (parent,), as_dict=True)[0]
		frappe.db.sql(f"update {t} set rgt = rgt + %s where name = %s", (diff, parent))
		frappe.db.sql(f"update {t} set lft = lft + %s, rgt = rgt + %s where lft > %s", (diff, diff, new_parent.rgt))
		frappe.db.sql(f"update {t} set rgt = rgt + %s where lft < %s and rgt > %s", (diff, new_parent.lft, new_parent.rgt))
		new_diff = new_parent.rgt - doc.lft
	else:
		max_rgt = frappe.db.sql(f"select max(rgt) from {t}", pluck=True)[0]
		new_diff = max_rgt + 1 - doc.lft
	frappe.db.sql(f"update {t} set lft = -lft + %s, rgt = -rgt + %s where lft < 0", (new_diff, new_diff))


@frappe.whitelist()
def rebuild_tree(doctype, parent_field):
	"""call rebuild_node for all root nodes"""
	right = 1
	t = f"`tab{doctype}`"
	result = frappe.db.sql(f"select name from {t} where `{parent_field}` = '' or `{parent_field}` is null order by name asc")
	for r in result:
		right = rebuild_node(doctype, r[0], right, parent_field)


def rebuild_node(doctype, parent, left, parent_field):
	right = left + 1
	result = frappe.db.sql(f"select name from `tab{doctype}` where `{parent_field}` = %s", (parent,))
	for r in result:
		right = rebuild_node(doctype, r[0], right, parent_field)
	frappe.db.set_value(doctype, parent, {"lft": left, "rgt": right}, update_modified=False)
	return right + 1


def validate_loop(doctype, name, lft, rgt):
	"""check if item not an ancestor (loop)"""
	if name in frappe.get_all(doctype, filters={"lft": ["<=", lft], "rgt": [">=", rgt]}, pluck="name"):
		frappe.throw(_("Item cannot be added to its own descendants"), NestedSetRecursionError)


class NestedSet(Document):
	def __setup__(self):
		if self.meta.get("nsm_parent_field"):
			self.nsm_parent_field = self.meta.nsm_parent_field

	def on_update(self):
		update_nsm(self)
		self.validate_ledger()

	def on_trash(self, allow_root_deletion=False):
		if not getattr(self, "nsm_parent_field", None):
			self.nsm_parent_field = frappe.scrub(self.doctype) + "_parent"
		parent = self.get(self.nsm_parent_field)
		if not parent and not getattr(self, "allow_root_deletion", True):
			frappe.throw(_("Root {0} cannot be deleted").format(_(self.doctype)))
		self.validate_if_child_exists()
		self.set(self.nsm_parent_field, "")
		try:
			update_nsm(self)
		except frappe.DoesNotExistError:
			if self.flags.on_rollback:
				frappe.clear_last_message()
			else:
				raise

	def validate_if_child_exists(self):
		has_children = frappe.db.count(self.doctype, filters={self.nsm_parent_field: self.name})
		if has_children:
			frappe.throw(_("Cannot delete {0} as it has child nodes").format(self.name), NestedSetChildExistsError)

	def validate_one_root(self):
		if not self.get(self.nsm_parent_field):
			if self.get_root_node_count() > 1:
				frappe.throw(_("""Multiple root nodes not allowed."""), NestedSetMultipleRootsError)

	def get_root_node_count(self):
		return frappe.db.count(self.doctype, {self.nsm_parent_field: ""})

	def validate_ledger(self, group_identifier="is_group"):
		if hasattr(self, group_identifier) and not bool(self.get(group_identifier)):
			if frappe.get_all(self.doctype, {self.nsm_parent_field: self.name, "docstatus": ("!=", 2)}):
				frappe.throw(_("{0} {1} cannot be a leaf node as it has children").format(_(self.doctype), self.name))

	def get_ancestors(self):
		return get_ancestors_of(self.doctype, self.name)

	def get_parent(self):
		parent_name = self.get(self.nsm_parent_field)
		if parent_name:
			return frappe.get_doc(self.doctype, parent_name)

	def get_children(self) -> Iterator["NestedSet"]:
		child_names = frappe.get_list(self.doctype, filters={self.nsm_parent_field: self.name}, pluck="name")
		for name in child_names:
			yield frappe.get_doc(self.doctype, name)


def get_root_of(doctype):
	"""Get root element of a DocType with a tree structure"""
	t = f"`tab{doctype}`"
	result = frappe.db.sql(
		f"select t1.name from {t} t1 where (select count(*) from {t} t2 where t2.lft < t1.lft and t2.rgt > t1.rgt) = 0 "
		"and t1.rgt > t1.lft"
	)
	return result[0][0] if result else None


def get_ancestors_of(doctype, name, order_by="lft desc", limit=None):
	"""Get ancestor elements of a DocType with a tree structure"""
	lft, rgt = frappe.db.get_value(doctype, name, ["lft", "rgt"])
	return frappe.get_all(
		doctype,
		{"lft": ["<", lft], "rgt": [">", rgt]},
		"name",
		order_by=order_by,
		limit_page_length=limit,
		pluck="name",
	)


def get_descendants_of(doctype, name, order_by="lft desc", limit=None, ignore_permissions=False):
	"""Return descendants of the current record"""
	lft, rgt = frappe.db.get_value(doctype, name, ["lft", "rgt"])
	if rgt - lft <= 1:
		return []
	return frappe.get_list(
		doctype,
		{"lft": [">", lft], "rgt": ["<", rgt]},
		"name",
		order_by=order_by,
		limit_page_length=limit,
		ignore_permissions=ignore_permissions,
		pluck="name",
	)
