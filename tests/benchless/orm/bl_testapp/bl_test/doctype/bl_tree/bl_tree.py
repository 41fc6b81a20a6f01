from frappe.utils.nestedset import NestedSet


class BLTree(NestedSet):
	nsm_parent_field = "parent_bl_tree"
