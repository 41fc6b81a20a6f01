"""Property tests (hypothesis): nested-set invariants and naming-series monotonicity."""

import frappe
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

OPS = st.lists(
	st.tuples(st.sampled_from(["add", "move"]), st.integers(0, 50), st.integers(0, 50)),
	min_size=1,
	max_size=12,
)


def _check_nested_set():
	rows = frappe.get_all("BL Tree", fields=["name", "parent_bl_tree", "lft", "rgt"])
	by_name = {r.name: r for r in rows}
	bounds = sorted(b for r in rows for b in (r.lft, r.rgt))
	assert bounds == list(range(1, 2 * len(rows) + 1)), "lft/rgt must be a permutation of 1..2n"
	for r in rows:
		assert r.lft < r.rgt
		if r.parent_bl_tree:
			p = by_name[r.parent_bl_tree]
			assert p.lft < r.lft and r.rgt < p.rgt, f"{r.name} must sit inside {p.name}"
		descendants = {d.name for d in rows if r.lft < d.lft and d.rgt < r.rgt}
		assert (r.rgt - r.lft - 1) // 2 == len(descendants)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_nested_set_stays_consistent_under_adds_and_moves(ops):
	frappe.db.savepoint("hyp_tree")
	try:
		names = []
		for op, a, b in ops:
			if op == "add" or not names:
				parent = names[a % len(names)] if names and a % 3 else None
				name = f"N{len(names)}"
				frappe.get_doc(
					{"doctype": "BL Tree", "tree_name": name, "parent_bl_tree": parent, "is_group": 1}
				).insert()
				names.append(name)
			else:
				node = frappe.get_doc("BL Tree", names[a % len(names)])
				target = names[b % len(names)] if b % 4 else None
				node.parent_bl_tree = target
				frappe.db.savepoint("hyp_move")
				try:
					node.save()
				except frappe.ValidationError:
					# moving under itself/a descendant is refused in on_update, after the row
					# was written (as in real Frappe): a request would roll back
					frappe.db.rollback(save_point="hyp_move")
					frappe.local.message_log = []
					continue
			_check_nested_set()
	finally:
		frappe.db.rollback(save_point="hyp_tree")


@settings(max_examples=15, deadline=None)
@given(n=st.integers(1, 6), deletes=st.integers(0, 3))
def test_series_names_are_unique_and_increasing(n, deletes):
	frappe.db.savepoint("hyp_series")
	try:
		names = [frappe.get_doc({"doctype": "BL Expr Doc"}).insert().name for _ in range(n)]
		assert names == sorted(set(names))
		for name in names[::-1][: min(deletes, n)]:
			frappe.delete_doc("BL Expr Doc", name)  # deleting the last one gives its number back
		again = frappe.get_doc({"doctype": "BL Expr Doc"}).insert().name
		assert again not in frappe.get_all("BL Expr Doc", filters={"name": ["!=", again]}, pluck="name")
	finally:
		frappe.db.rollback(save_point="hyp_series")
