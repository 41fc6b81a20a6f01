"""``frappe.enqueue`` (frappe/frappe ``frappe/utils/background_jobs.py``, v15) without workers.

The stand-in runs every job synchronously in the caller's thread and transaction:
- ``now=True`` (or ``frappe.flags.in_migrate``): ``frappe.call(method, **kwargs)`` at once,
  exactly as real Frappe does;
- otherwise the job runs like a worker would call it (``method(**kwargs)``): at once, or
  after the next ``frappe.db.commit()`` when ``enqueue_after_commit=True`` (dropped on
  rollback, as real Frappe drops the pending enqueue).
Real workers run in their own transaction and commit at the end; here a job's writes
share the caller's transaction. Every call is recorded in ``frappe.local.enqueued_jobs``.
"""

import frappe

queue_timeout = {"short": 300, "default": 300, "long": 1500}


def enqueue(
	method,
	queue="default",
	timeout=None,
	event=None,
	is_async=True,
	job_name=None,
	now=False,
	enqueue_after_commit=False,
	*,
	on_success=None,
	on_failure=None,
	at_front=False,
	job_id=None,
	deduplicate=False,
	**kwargs,
):
	"""Enqueue method to be executed using a background worker (synchronously here)."""
	is_async = kwargs.pop("async", is_async)
	if deduplicate and not job_id:
		frappe.throw(frappe._("`job_id` paramater is required for deduplication."))
	if not hasattr(frappe.local, "enqueued_jobs"):
		frappe.local.enqueued_jobs = []
	record = frappe._dict(
		method=method if isinstance(method, str) else f"{method.__module__}.{method.__qualname__}",
		queue=queue,
		job_name=job_name,
		job_id=job_id,
		kwargs=kwargs,
		now=now,
		enqueue_after_commit=enqueue_after_commit,
		status="queued",
	)
	frappe.local.enqueued_jobs.append(record)

	if now or frappe.flags.in_migrate:
		if isinstance(method, str):
			method = frappe.get_attr(method)
		record.status = "finished"
		return frappe.call(method, **kwargs)

	def run_job():
		fn = frappe.get_attr(method) if isinstance(method, str) else method
		try:
			result = fn(**kwargs)
		except Exception:
			record.status = "failed"
			if on_failure:
				on_failure(record, None, None, None)
			raise
		record.status = "finished"
		if on_success:
			on_success(record, None, result)
		return result

	if enqueue_after_commit:
		frappe.db.after_commit.add(run_job)
		return None
	run_job()
	return record


def get_jobs(site=None, queue=None, key="method"):
	return {}


def is_job_enqueued(job_id):
	return False


def enqueue_doc(doctype, name=None, method=None, queue="default", timeout=300, now=False, **kwargs):
	"""Enqueue a method of a document (runs synchronously in the stand-in)."""
	return enqueue(
		"frappe.utils.background_jobs.run_doc_method",
		doctype=doctype,
		name=name,
		doc_method=method,
		queue=queue,
		timeout=timeout,
		now=now,
		**kwargs,
	)


def run_doc_method(doctype, name, doc_method, **kwargs):
	getattr(frappe.get_doc(doctype, name), doc_method)(**kwargs)
