"""Rollback per test, savepoints, the query funnel, for_update serialization, jobs, realtime."""

import threading
import time

import frappe
import pytest
from bl_testapp.jobs import JOB_LOG, job

from benchless.site import create_site, run_in_site, site_context


def test_1_insert_something_in_this_test():
	frappe.get_doc({"doctype": "BL Customer", "customer_name": "Rollback Probe"}).insert()
	assert frappe.db.exists("BL Customer", "Rollback Probe")


def test_2_previous_test_was_rolled_back():
	assert not frappe.db.exists("BL Customer", "Rollback Probe")


def test_savepoints():
	frappe.get_doc({"doctype": "BL Customer", "customer_name": "Kept"}).insert()
	frappe.db.savepoint("sp1")
	frappe.get_doc({"doctype": "BL Customer", "customer_name": "Undone"}).insert()
	frappe.db.rollback(save_point="sp1")
	assert frappe.db.exists("BL Customer", "Kept") and not frappe.db.exists("BL Customer", "Undone")


def test_query_counter_sees_every_query(query_counter, customer):
	with query_counter() as q:
		frappe.db.get_value("BL Customer", customer, "territory")
	assert q.count == 1 and "tabBL Customer" in q.queries[0]
	with query_counter() as q:
		frappe.get_all("BL Task", filters={"customer": customer})
		frappe.get_doc({"doctype": "BL Task", "customer": customer, "items": [{"item_code": "A"}]}).insert()
	# get_all, link check, series lock+insert, parent insert, child insert at least
	assert q.count >= 6
	assert any(query.startswith("INSERT INTO `tabBL Task Item`") for query in q.queries)


def test_wrapping_frappe_db_sql_on_the_instance_sees_get_all(monkeypatch, customer):
	seen = []
	orig = frappe.db.sql

	def spy(*args, **kwargs):
		seen.append(args[0])
		return orig(*args, **kwargs)

	monkeypatch.setattr(frappe.db, "sql", spy)
	frappe.get_all("BL Customer", filters={"name": customer})
	frappe.db.exists("BL Customer", customer)
	assert len(seen) == 2


def test_msgprint_collects_and_throw_raises():
	frappe.msgprint("hello", title="Hi")
	assert frappe.local.message_log[-1].message == "hello"
	with pytest.raises(frappe.ValidationError, match="bad thing"):
		frappe.throw("bad thing")
	with pytest.raises(frappe.PermissionError):
		frappe.throw("no", frappe.PermissionError)
	assert frappe.local.message_log[-1].raise_exception == 1


def test_enqueue_runs_now_or_waits_for_a_worker_and_realtime_after_commit(tmp_path):
	"""As on a real site: now=True runs at once; any other job waits in the queue until a worker
	takes it (nothing runs it by itself), after commit when asked, never after a rollback."""
	from frappe.utils.background_jobs import queued_jobs, run_queued_jobs

	JOB_LOG.clear()
	frappe.enqueue("bl_testapp.jobs.job", now=True, value="now", unknown_kwarg_dropped=1)
	assert JOB_LOG == ["now"]
	with pytest.raises(frappe.AppNotInstalledError):
		frappe.enqueue("json.dumps", now=True, obj=1)  # like real get_attr: only installed apps
	info = create_site(tmp_path / "jobs_site", apps=("frappe", "bl_testapp"))
	with site_context(info):
		frappe.enqueue("bl_testapp.jobs.job", value="queued")
		frappe.enqueue("bl_testapp.jobs.job", value="after-commit", enqueue_after_commit=True)
		frappe.publish_realtime("progress", {"p": 1})
		frappe.publish_realtime("later", {"p": 2}, after_commit=True)
		assert JOB_LOG == ["now"]
		assert [j.kwargs["value"] for j in queued_jobs(site=info.site)] == ["queued"]
		assert [e.event for e in frappe.local.realtime_log] == ["progress"]
		frappe.db.commit()
		assert [j.kwargs["value"] for j in queued_jobs(site=info.site)] == ["queued", "after-commit"]
		assert JOB_LOG == ["now"]  # no worker yet
		assert [e.event for e in frappe.local.realtime_log] == ["progress", "later"]
		frappe.enqueue("bl_testapp.jobs.job", value="dropped", enqueue_after_commit=True)
		frappe.db.rollback()
		frappe.db.commit()
	records = run_queued_jobs(site=info.site)
	assert JOB_LOG == ["now", "queued", "after-commit"]
	assert [r.status for r in records] == ["finished", "finished"]
	assert queued_jobs(site=info.site) == []


@pytest.fixture
def committed_bl_site(tmp_path):
	return create_site(tmp_path / "committed_bl", apps=("frappe", "bl_testapp"))


def _make_task(qty):
	frappe.get_doc({"doctype": "BL Customer", "customer_name": "Lock Co"}).insert()
	return frappe.get_doc({"doctype": "BL Task", "customer": "Lock Co", "qty": qty}).insert().name


def test_for_update_reads_serialize_across_connections(committed_bl_site):
	name = run_in_site(committed_bl_site, _make_task, 10)
	events = []
	barrier = threading.Barrier(2)

	def take_one(tag):
		def work():
			barrier.wait()
			doc = frappe.get_doc("BL Task", name, for_update=True)
			events.append(("read", tag, doc.qty, time.monotonic()))
			time.sleep(0.3)
			frappe.db.set_value("BL Task", name, "qty", doc.qty - 1)
			events.append(("commit", tag, None, time.monotonic()))

		run_in_site(committed_bl_site, work)

	threads = [threading.Thread(target=take_one, args=(t,)) for t in ("a", "b")]
	for t in threads:
		t.start()
	for t in threads:
		t.join()
	final = run_in_site(committed_bl_site, lambda: frappe.db.get_value("BL Task", name, "qty"), commit=False)
	assert final == 8, events  # no lost update: the second reader waited for the first commit
	reads = sorted(e[2] for e in events if e[0] == "read")
	assert reads == [9.0, 10.0]


def test_committed_site_commits_are_visible_to_other_connections(committed_bl_site):
	with site_context(committed_bl_site):
		frappe.get_doc({"doctype": "BL Customer", "customer_name": "Committed"}).insert()
		frappe.db.commit()
	assert run_in_site(committed_bl_site, lambda: frappe.db.exists("BL Customer", "Committed"), commit=False)


def test_committed_site_fixture_gives_a_separate_site(committed_site):
	def count_roles():
		return frappe.db.count("Role")

	assert run_in_site(committed_site, count_roles, commit=False) >= 5
	with site_context(committed_site):
		frappe.get_doc({"doctype": "Role", "role_name": "Committed Role"}).insert()
		frappe.db.commit()
	assert run_in_site(committed_site, lambda: frappe.db.exists("Role", "Committed Role"), commit=False)
