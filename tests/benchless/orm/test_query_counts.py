"""Query counts of Document insert / save / submit / cancel / db_set, pinned to what frappe v15
issues for the same operation (``frappe/model/document.py``, ``base_document.py``,
``naming.py``, ``delete_doc.py``, ``dynamic_links.py``, ``core/doctype/version/version.py``).

The app's query budgets (tests/app, ``query_counter``) run unchanged against a real site, so the
stand-in must issue at least the queries real Frappe does. Each count below names the v15 code
path that costs each query. Paths that cost nothing here: ``check_permission`` (Administrator),
``run_notifications`` / ``run_webhooks`` / server scripts / workflow name / naming rules /
``follow_created_documents`` (redis-cached, warm in CI), ``clear_cache`` / ``notify_update`` /
``update_global_search`` (redis only), ``set_new_name`` of child rows (hash).
"""

import frappe
import pytest


@pytest.fixture
def task(customer):
	"""A draft BL Task (format:TASK-{YYYY}-{#####}, submittable, fetch_from customer.territory)
	with two item rows."""
	return frappe.get_doc(
		{
			"doctype": "BL Task",
			"customer": customer,
			"items": [{"item_code": "A", "qty": 1, "customer": customer}, {"item_code": "B", "qty": 2}],
		}
	)


def test_insert_costs_links_naming_series_and_one_insert_per_row(query_counter, task):
	with query_counter() as q:
		task.insert()
	# Document.insert -> _validate_links -> BaseDocument.get_invalid_links:
	#   1 customer: has a fetch_from field (customer_territory), so get_value(name, territory), uncached
	#   1 items[0].customer: no fetch_from -> get_value(..., "name", cache=True): a different
	#     cache key from the fetch query above, so one query
	# set_new_name -> naming.getseries:
	#   1 select current from tabSeries ... for update
	#   1 INSERT INTO tabSeries (first name of the series; UPDATE afterwards)
	# db_insert: 1 parent + 1 per child row (2)
	# check_if_latest on a new doc loads nothing; save_version: no track_changes
	assert q.count == 7, q.queries
	assert sum("tabSeries" in x for x in q.queries) == 2


def test_save_reloads_the_old_version_and_syncs_each_child_table(query_counter, task):
	task.insert()
	task.qty = 3
	task.items.pop()
	with query_counter() as q:
		task.save()
	# check_if_latest -> load_doc_before_save -> get_doc(for_update=True):
	#   1 select * from tabBL Task ... for update
	#   1 select * from tabBL Task Item ... (one per Table field) for update
	# _validate_links: 1 customer (fetch_from, uncached); items[0].customer cached by insert (0)
	# db_update: 1 UPDATE tabBL Task
	# update_children -> update_child_table: 1 DELETE of removed rows per Table field,
	#   then db_update per remaining row (1)
	assert q.count == 6, q.queries
	assert any(x.startswith("delete from `tabBL Task Item`") for x in q.queries)
	assert sum(" for update" in x for x in q.queries) == 2
	assert frappe.db.count("BL Task Item", {"parent": task.name}) == 1


def test_submit_costs_what_a_save_costs(query_counter, task):
	task.insert()
	with query_counter() as q:
		task.submit()
	# _submit -> save, the same path as a save: load_doc_before_save 2, the fetch link 1,
	# UPDATE 1, child DELETE 1, 2 row UPDATEs; BL Customer is not submittable, so
	# get_invalid_links reads no docstatus of the linked document
	assert q.count == 7, q.queries
	assert frappe.db.get_value("BL Task", task.name, "docstatus") == 1


def test_cancel_checks_back_links_and_rebuilds_the_dynamic_link_map_under_tests(query_counter, task):
	task.insert()
	task.submit()
	with query_counter() as q:
		task.cancel()
	# load_doc_before_save: 2; _validate_links is skipped on cancel; db_update 1;
	# update_children: 1 DELETE + 2 row UPDATEs
	# check_no_back_links_exist -> delete_doc.check_if_doc_is_linked: one get_values per Link
	#   field that points at BL Task (BL Task Link.task: 1; amended_from skipped on Cancel)
	# check_if_doc_is_dynamically_linked -> dynamic_links.get_dynamic_link_map: rebuilt on every
	#   call when frappe.flags.in_test; get_dynamic_links = 2 uncached queries (DocField and
	#   Custom Field); nothing links dynamically to a BL Task, so no per-field query
	assert q.count == 9, q.queries
	assert sum("tabCustom Field" in x for x in q.queries) == 1


def test_cancel_queries_each_dynamic_link_field_that_holds_the_doctype(query_counter, task, customer):
	task.insert()
	task.submit()
	# any document whose Dynamic Link holds "BL Task" puts BL Task.ref_name in the map
	frappe.get_doc(
		{"doctype": "BL Task", "customer": customer, "ref_doctype": "BL Task", "ref_name": task.name}
	).insert()
	with query_counter() as q:
		task.cancel()
	# the 9 above + 1 select name, docstatus from tabBL Task where ref_doctype=... and ref_name=...
	assert q.count == 10, q.queries


def test_db_set_loads_the_document_before_save_once(query_counter, task):
	task.insert()
	fresh = frappe.get_doc("BL Task", task.name)
	with query_counter() as q:
		fresh.db_set("qty", 5)
	# db_set -> load_doc_before_save (get_doc for_update: parent + 1 per Table field) + 1 UPDATE
	assert q.count == 3, q.queries
	with query_counter() as q:
		fresh.db_set("qty", 6)
	# _doc_before_save is kept: only the UPDATE
	assert q.count == 1, q.queries
	assert frappe.db.get_value("BL Task", task.name, "qty") == 6


@pytest.fixture
def tracked(customer):
	"""A BL Tracked (track_changes: 1, hash names, one item row), inserted."""
	return frappe.get_doc(
		{"doctype": "BL Tracked", "title": "T", "customer": customer, "items": [{"item_code": "A", "qty": 1}]}
	).insert()


def versions(doc):
	return frappe.get_all("Version", filters={"ref_doctype": doc.doctype, "docname": doc.name}, pluck="data")


def test_a_tracked_save_under_tests_writes_no_version(query_counter, tracked):
	assert versions(tracked) == []  # insert: Version.for_insert needs flags.updater_reference
	tracked.qty = 2
	with query_counter() as q:
		tracked.save()
	# Document._save: flags.ignore_version = frappe.flags.in_test (ignore_version not passed),
	# so save_version returns at once: load_doc_before_save 2, UPDATE 1, child DELETE 1,
	# row UPDATE 1 (customer link cached by the insert)
	assert q.count == 5, q.queries
	assert versions(tracked) == []


def test_a_tracked_save_with_a_change_inserts_one_version(query_counter, tracked):
	tracked.qty = 3
	with query_counter() as q:
		tracked.save(ignore_version=False)
	# the 5 of a save, then run_post_save_methods -> save_version -> Version.update_version_info
	# (a diff: qty changed) -> version.insert():
	#   1 _validate_links of Version.ref_doctype (Link to DocType, get_value cache=True: once
	#     per connection in v15)
	#   1 INSERT INTO tabVersion
	assert q.count == 7, q.queries
	assert q.queries[-1].startswith("INSERT INTO `tabVersion`")
	(data,) = versions(tracked)
	((fieldname, old, new),) = frappe.parse_json(data)["changed"]
	assert (fieldname, float(new)) == ("qty", 3)


def test_a_tracked_save_without_a_change_writes_no_version(query_counter, tracked):
	# as loaded: the inserted object still holds qty=None where the row holds 0.0, a diff
	tracked = frappe.get_doc("BL Tracked", tracked.name)
	with query_counter() as q:
		tracked.save(ignore_version=False)
	# get_diff finds nothing (modified is not a meta field): update_version_info is False
	assert q.count == 5, q.queries
	assert versions(tracked) == []


def test_outside_tests_every_tracked_save_with_a_change_writes_a_version(tracked, monkeypatch):
	monkeypatch.setattr(frappe.flags, "in_test", False)
	tracked.qty = 4
	tracked.append("items", {"item_code": "B", "qty": 1})
	tracked.save()
	(data,) = versions(tracked)
	diff = frappe.parse_json(data)
	assert [c[0] for c in diff["changed"]] == ["qty"]
	assert [row[0] for row in diff["added"]] == ["items"]


def test_an_insert_with_an_updater_reference_writes_a_version(customer):
	doc = frappe.get_doc({"doctype": "BL Tracked", "title": "Imported", "customer": customer})
	doc.flags.updater_reference = {"doctype": "Data Import", "docname": "DI-1", "label": "Import"}
	doc.insert()
	(data,) = versions(doc)
	assert frappe.parse_json(data)["updater_reference"]["docname"] == "DI-1"
