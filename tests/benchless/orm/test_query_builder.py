"""The small frappe.qb: selects, aggregates, locks, updates, inserts, deletes through frappe.db.sql."""

import frappe
from frappe.query_builder import Order
from frappe.query_builder.functions import Count, Sum


def test_select_where_group_order_and_for_update(customer, query_counter):
	for qty in (1, 2, 3):
		frappe.get_doc(
			{"doctype": "BL Task", "customer": customer, "qty": qty, "status": "Open" if qty < 3 else "Done"}
		).insert()
	t = frappe.qb.DocType("BL Task")
	rows = (
		frappe.qb.from_(t)
		.select(t.status, Sum(t.qty).as_("total"), Count("*").as_("n"))
		.where((t.customer == customer) & (t.qty > 0))
		.groupby(t.status)
		.orderby(t.status, order=Order.desc)
		.run(as_dict=True)
	)
	assert [(r.status, r.total, r.n) for r in rows] == [("Open", 3.0, 2), ("Done", 3.0, 1)]
	with query_counter() as q:
		names = frappe.qb.from_(t).select(t.name).where(t.status.isin(["Done"])).for_update().run(pluck=True)
	assert len(names) == 1 and q.count == 1 and q.queries[0].endswith("for update -- values: ['Done']")


def test_update_insert_delete(customer):
	c = frappe.qb.DocType("BL Customer")
	frappe.qb.into(c).columns("name", "customer_name").insert(("QB One", "QB One")).run()
	frappe.qb.update(c).set(c.credit_limit, c.credit_limit + 5).where(c.name == "QB One").run()
	assert frappe.db.get_value("BL Customer", "QB One", "credit_limit") == 5.0
	frappe.qb.from_(c).delete().where(c.name.isin(["QB One"])).run()
	assert not frappe.db.exists("BL Customer", "QB One")
	assert frappe.qb.get_query("BL Customer", fields=["name"], filters={"name": customer}).run(
		pluck=True
	) == [customer]


def test_isin_of_an_empty_list_fails_like_mariadb(customer):
	# pypika renders isin([]) as "IN ()", a MariaDB syntax error (1064)
	import pytest

	t = frappe.qb.DocType("BL Task")
	for criterion in (t.name.isin([]), t.name.notin([])):
		with pytest.raises(frappe.db.ProgrammingError, match="1064"):
			frappe.qb.from_(t).select(t.name).where(criterion).run()
