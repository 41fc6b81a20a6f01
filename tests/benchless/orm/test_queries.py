"""frappe.get_all / get_list filters, operators, fields, ordering, paging, trees."""

import frappe
import pytest


@pytest.fixture
def tasks():
	for name, territory in (("Alpha", "North"), ("Beta", "South"), ("Gamma", "")):
		frappe.get_doc({"doctype": "BL Customer", "customer_name": name, "territory": territory}).insert()
	rows = [
		("Alpha", "Open", 1, "Low", "2024-01-05"),
		("Alpha", "Working", 5, "High", "2024-02-10"),
		("Beta", "Done", 10, "", "2024-03-15"),
		("Gamma", "Open", 0, "High", None),
	]
	names = []
	for customer, status, qty, priority, due in rows:
		doc = frappe.get_doc(
			{
				"doctype": "BL Task",
				"customer": customer,
				"status": status,
				"qty": qty,
				"priority": priority,
				"due_date": due,
			}
		)
		doc.append("items", {"item_code": f"I-{customer}", "qty": qty})
		names.append(doc.insert().name)
	return names


def q(**kw):
	return sorted(frappe.get_all("BL Task", pluck="name", **kw))


def test_dict_and_list_filters(tasks):
	assert q(filters={"customer": "Alpha"}) == tasks[:2]
	assert q(filters={"qty": [">", 1]}) == [tasks[1], tasks[2]]
	assert q(filters=[["qty", ">=", 5], ["status", "!=", "Done"]]) == [tasks[1]]
	assert q(filters=[["BL Task", "status", "=", "Open"]]) == [tasks[0], tasks[3]]
	assert q(filters=[["status", "Open"]]) == [tasks[0], tasks[3]]
	assert q(filters={"status": ("in", ["Open", "Done"])}) == [tasks[0], tasks[2], tasks[3]]
	assert q(filters={"status": ["not in", "Open,Done"]}) == [tasks[1]]
	assert q(filters={"customer": ["like", "%mm%"]}) == [tasks[3]]
	assert q(filters={"customer": ["not like", "A%"]}) == [tasks[2], tasks[3]]
	assert q(filters={"qty": ["between", [1, 5]]}) == tasks[:2]
	assert q(filters={"due_date": ["between", ["2024-01-01", "2024-02-10"]]}) == tasks[:2]
	assert q(filters={"due_date": ["is", "not set"]}) == [tasks[3]]
	assert q(filters={"priority": ["is", "set"]}) == [tasks[0], tasks[1], tasks[3]]
	assert q(filters={"qty": ["is", "not set"]}) == [tasks[3]]
	assert q(filters={"priority": ""}) == [tasks[2]]


def test_or_filters_and_child_table_filters(tasks):
	assert q(filters={"customer": "Alpha"}, or_filters={"status": "Open", "qty": 5}) == tasks[:2]
	assert q(or_filters=[["status", "=", "Done"], ["priority", "=", "Low"]]) == [tasks[0], tasks[2]]
	assert q(filters=[["BL Task Item", "item_code", "=", "I-Beta"]]) == [tasks[2]]


def test_fields_aggregates_group_by_and_linked_fields(tasks):
	rows = frappe.get_all(
		"BL Task",
		fields=["customer", "sum(qty) as total", "count(name) as n"],
		group_by="customer",
		order_by="customer asc",
	)
	assert [(r.customer, r.total, r.n) for r in rows] == [
		("Alpha", 6.0, 2),
		("Beta", 10.0, 1),
		("Gamma", 0.0, 1),
	]
	rows = frappe.get_all(
		"BL Task", fields=["name", "customer.territory as territory"], filters={"name": tasks[2]}
	)
	assert rows[0].territory == "South"
	rows = frappe.get_all("BL Task", fields=["name", "items.item_code"], filters={"name": tasks[0]})
	assert rows[0].item_code == "I-Alpha"
	assert frappe.get_all("BL Task", fields="customer, qty", filters={"name": tasks[2]})[0] == {
		"customer": "Beta",
		"qty": 10.0,
	}


def test_order_limit_paging_as_list_distinct(tasks):
	by_qty = frappe.get_all("BL Task", fields=["name"], order_by="qty desc", pluck="name")
	assert by_qty == [tasks[2], tasks[1], tasks[0], tasks[3]]
	assert frappe.get_all("BL Task", order_by="qty desc", limit=2, pluck="name") == by_qty[:2]
	assert (
		frappe.get_all("BL Task", order_by="qty desc", limit_start=1, limit_page_length=2, pluck="name")
		== by_qty[1:3]
	)
	assert frappe.get_all("BL Task", order_by="qty desc", start=3, page_length=5, pluck="name") == by_qty[3:]
	rows = frappe.get_all("BL Task", fields=["name", "qty"], order_by="qty asc", as_list=True)
	assert isinstance(rows, tuple) and rows[0] == (tasks[3], 0.0)
	assert sorted(frappe.get_all("BL Task", fields=["customer"], distinct=True, pluck="customer")) == [
		"Alpha",
		"Beta",
		"Gamma",
	]
	# default order: creation desc
	assert frappe.get_all("BL Task", pluck="name") == list(reversed(tasks))


def test_get_values_and_sql_params(tasks):
	assert frappe.db.get_values("BL Task", {"customer": "Alpha"}, ["name", "qty"], order_by="qty asc") == (
		(tasks[0], 1.0),
		(tasks[1], 5.0),
	)  # tuple of tuples, like v15
	rows = frappe.db.sql(
		"select name from `tabBL Task` where customer=%(c)s and qty > %(q)s",
		{"c": "Alpha", "q": 1},
		as_dict=True,
	)
	assert rows == [{"name": tasks[1]}]
	assert frappe.db.sql("select count(*) from `tabBL Task` where name in %s", [tuple(tasks[:3])])[0][0] == 3
	assert frappe.db.sql("select name from `tabBL Task` where customer like %s", ("%et%",), pluck=True) == [
		tasks[2]
	]
	assert frappe.db.sql("select name from `tabBL Task` where name=%s for update", (tasks[0],)) == (
		(tasks[0],),
	)


@pytest.fixture
def tree():
	def node(name, parent=None, is_group=0):
		return frappe.get_doc(
			{"doctype": "BL Tree", "tree_name": name, "parent_bl_tree": parent, "is_group": is_group}
		).insert()

	node("All", is_group=1)
	node("East", "All", 1)
	node("West", "All", 1)
	node("East-1", "East")
	node("East-2", "East")
	node("West-1", "West")


def test_nested_set_operators(tree):
	assert sorted(frappe.get_all("BL Tree", filters={"name": ["descendants of", "East"]}, pluck="name")) == [
		"East-1",
		"East-2",
	]
	assert sorted(
		frappe.get_all("BL Tree", filters={"name": ["descendants of (inclusive)", "East"]}, pluck="name")
	) == ["East", "East-1", "East-2"]
	assert sorted(frappe.get_all("BL Tree", filters={"name": ["ancestors of", "East-2"]}, pluck="name")) == [
		"All",
		"East",
	]
	assert sorted(
		frappe.get_all("BL Tree", filters={"name": ["not descendants of", "All"]}, pluck="name")
	) == ["All"]
	all_ = frappe.get_doc("BL Tree", "All")
	assert (all_.lft, all_.rgt) == (1, 12)


def test_nested_set_move_and_delete_rules(tree):
	from frappe.utils.nestedset import NestedSetChildExistsError, NestedSetRecursionError, get_descendants_of

	west1 = frappe.get_doc("BL Tree", "West-1")
	west1.parent_bl_tree = "East"
	west1.save()
	assert sorted(get_descendants_of("BL Tree", "East")) == ["East-1", "East-2", "West-1"]
	assert get_descendants_of("BL Tree", "West") == []
	east = frappe.get_doc("BL Tree", "East")
	east.parent_bl_tree = "East-1"
	with pytest.raises(NestedSetRecursionError):
		east.save()
	with pytest.raises(NestedSetChildExistsError):
		frappe.get_doc("BL Tree", "West").reload() and frappe.delete_doc("BL Tree", "East")
	frappe.delete_doc("BL Tree", "West")
	assert frappe.get_doc("BL Tree", "All").rgt - frappe.get_doc("BL Tree", "All").lft == 9


def test_bulk_insert_one_statement_and_ignore_duplicates(query_counter):
	rows = [(f"Bulk {i}", "North") for i in range(50)]
	with query_counter() as q:
		frappe.db.bulk_insert("BL Customer", ["name", "customer_name"], [(r[0], r[0]) for r in rows])
	assert q.count == 1
	assert frappe.db.count("BL Customer", {"name": ["like", "Bulk %"]}) == 50
	with pytest.raises(frappe.db.IntegrityError):
		frappe.db.bulk_insert("BL Customer", ["name", "customer_name"], [("Bulk 1", "Bulk 1")])
	frappe.db.bulk_insert(
		"BL Customer",
		["name", "customer_name"],
		[("Bulk 1", "Bulk 1"), ("Bulk X", "Bulk X")],
		ignore_duplicates=True,
	)
	assert frappe.db.count("BL Customer", {"name": ["like", "Bulk %"]}) == 51


def test_fields_and_order_by_are_sanitised_like_v15(tasks):
	with pytest.raises(frappe.DataError):
		frappe.get_all("BL Task", fields=["(select name from `tabUser`) as x"])
	with pytest.raises(frappe.DataError, match="ifnull"):
		frappe.get_all("BL Task", fields=["ifnull(qty, 0) as q"])
	with pytest.raises(frappe.ValidationError, match="Illegal SQL Query"):
		frappe.get_all("BL Task", order_by="qty; drop table x")
	assert frappe.get_all("BL Task", fields=["sum(qty) as total"])[0].total == 16.0


@pytest.mark.parametrize("values", [((),), {"names": []}, ((), "Alpha")])
def test_sql_in_with_an_empty_sequence_fails_like_mariadb(tasks, values):
	# pymysql renders () / [] as "()" and MariaDB refuses "in ()" (1064): the caller must guard
	query = (
		"select name from `tabBL Task` where name in %(names)s"
		if isinstance(values, dict)
		else "select name from `tabBL Task` where name in %s"
		+ (" and customer=%s" if len(values) > 1 else "")
	)
	with pytest.raises(frappe.db.ProgrammingError, match="1064") as e:
		frappe.db.sql(query, values)
	assert frappe.db.is_syntax_error(e.value)


def test_sql_options_are_keyword_only_like_v15(tasks):
	# v15 Database.sql(query, values=EmptyQueryValues, *, as_dict=0, ...)
	with pytest.raises(TypeError):
		frappe.db.sql("select name from `tabBL Task`", (), True)


def test_sql_values_are_formatted_like_pymysql(tasks):
	# pymysql runs ``query % args``: unused values and a bare % fail, %% is a literal %
	with pytest.raises(TypeError, match="not all arguments converted"):
		frappe.db.sql("select name from `tabBL Task` where customer=%s", ("Alpha", "Beta"))
	with pytest.raises(ValueError, match="unsupported format character"):
		frappe.db.sql("select name from `tabBL Task` where customer like 'Al%' and qty > %s", (0,))
	assert (
		frappe.db.sql("select count(*) from `tabBL Task` where customer like 'Al%%' and qty > %s", (0,))[0][0]
		== 2
	)
	# without values nothing is formatted: a bare % is plain SQL
	assert frappe.db.sql("select count(*) from `tabBL Task` where customer like 'Al%'")[0][0] == 2


def test_db_helpers_filter_like_the_v15_query_engine(tasks):
	# frappe.db.get_value/exists/count build their WHERE with frappe.qb.get_query (v15
	# frappe/database/query.py Engine): no ifnull() around the column, None -> IS NULL, an
	# empty list -> ("",); get_all goes through db_query, which wraps nullable columns in ifnull()
	frappe.db.sql("update `tabBL Task` set priority=NULL where name=%s", (tasks[2],))
	# priorities now: Low, High, NULL, High
	assert frappe.db.count("BL Task", {"priority": ["!=", "High"]}) == 1  # NULL is not != 'High'
	assert len(frappe.get_all("BL Task", filters={"priority": ["!=", "High"]})) == 2
	assert frappe.db.exists("BL Task", {"priority": ""}) is None  # NULL is not ''
	assert frappe.get_all("BL Task", filters={"priority": ""}, pluck="name") == [tasks[2]]
	assert frappe.db.get_value("BL Task", {"priority": None}) == tasks[2]
	assert frappe.db.count("BL Task", {"priority": ["in", []]}) == 0
	assert frappe.db.count("BL Task", {"name": ["not in", []]}) == 4


def test_get_value_without_order_by_takes_the_last_modified(tasks):
	# v15 get_values: order_by DefaultOrderBy -> "modified" (desc), not the doctype's sort order
	frappe.db.sql("update `tabBL Task` set modified='2999-01-01' where name=%s", (tasks[0],))
	assert frappe.db.get_value("BL Task", {"customer": "Alpha"}) == tasks[0]
	assert (
		frappe.get_all("BL Task", filters={"customer": "Alpha"}, order_by="creation desc", pluck="name")[0]
		== tasks[1]
	)


def test_timespan_previous_and_next_filters_are_whole_days_between(tasks):
	# v15 db_query: "timespan" / "previous" / "next" become "between" the dates of
	# frappe/utils/data.py get_timespan_date_range (a Datetime column: whole days; NULL never matches)
	from frappe.utils import add_to_date, get_first_day_of_week, getdate, now_datetime

	today = getdate()
	due = {tasks[0]: today, tasks[1]: add_to_date(today, days=-1), tasks[2]: add_to_date(today, days=-40)}
	for name, day in due.items():
		frappe.db.sql("update `tabBL Task` set due_date=%s where name=%s", (day, name))
	yesterday_now = add_to_date(now_datetime(), days=-1)
	frappe.db.sql("update `tabBL Task` set creation=%s where name=%s", (yesterday_now, tasks[1]))

	assert q(filters=[["BL Task", "due_date", "Timespan", "today", False]]) == [tasks[0]]
	assert q(filters={"due_date": ["timespan", "yesterday"]}) == [tasks[1]]
	assert q(filters={"due_date": ["timespan", "last 7 days"]}) == tasks[:2]
	assert q(filters={"due_date": ["next", "1 month"]}) == []
	assert q(filters={"creation": ["timespan", "today"]}) == [tasks[0], tasks[2], tasks[3]]
	# "previous 1 week" is "last week": the week (from Sunday, the default) before this one
	last_week = get_first_day_of_week(add_to_date(today, days=-7))
	in_last_week = sorted(n for n, d in due.items() if last_week <= d <= add_to_date(last_week, days=6))
	assert q(filters={"due_date": ["previous", "1 week"]}) == in_last_week
	assert frappe.utils.get_timespan_date_range("last week") == (last_week, add_to_date(last_week, days=6))
	assert frappe.utils.get_timespan_date_range("no such span") is None
