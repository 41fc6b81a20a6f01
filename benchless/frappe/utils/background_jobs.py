"""``frappe.enqueue`` (frappe/frappe ``frappe/utils/background_jobs.py``, v15) with a queue and a
burst worker instead of Redis and RQ.

- ``now=True`` (or ``frappe.flags.in_migrate``): ``frappe.call(method, **kwargs)`` at once, in the
  caller's transaction, exactly as real Frappe does;
- otherwise the job waits in a process-wide queue (as in Redis, which every process of a bench
  shares) until a worker takes it: nothing runs by itself, as on a real site where no worker is
  running. ``enqueue_after_commit=True`` puts it in the queue on the next ``frappe.db.commit()``
  and drops it on rollback, as real Frappe drops the pending enqueue.
- ``run_queued_jobs`` is ``bench worker --burst``: each job in its own thread, site connection
  and transaction, as its user, committed after (``execute_job``: rolled back and written to the
  Error Log when it raises), until the queue is empty.
Every call is recorded in ``frappe.local.enqueued_jobs``.
"""

import threading

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

	job = frappe._dict(
		site=frappe.local.site,
		sites_path=getattr(frappe.local, "sites_path", "."),
		user=frappe.session.user,
		method=method,
		kwargs=kwargs,
		queue=queue,
		record=record,
		on_success=on_success,
		on_failure=on_failure,
	)
	if enqueue_after_commit:
		frappe.db.after_commit.add(lambda: _push(job))
		return None
	_push(job)
	return record


_QUEUE: list = []
_QUEUE_LOCK = threading.Lock()


def _push(job) -> None:
	with _QUEUE_LOCK:
		_QUEUE.append(job)


def queued_jobs(queue=None, site=None) -> list:
	"""The jobs waiting for a worker (of ``queue``, for ``site``): dicts with site, user, method, kwargs."""
	with _QUEUE_LOCK:
		return [j for j in _QUEUE if queue in (None, j.queue) and site in (None, j.site)]


def run_queued_jobs(queue=None, site=None) -> list:
	"""``bench worker --burst`` (of ``queue``, for ``site``): run the waiting jobs until none is left.
	Returns their records (status finished or failed)."""
	done = []
	while True:
		with _QUEUE_LOCK:
			job = next((j for j in _QUEUE if queue in (None, j.queue) and site in (None, j.site)), None)
			if job is None:
				return done
			_QUEUE.remove(job)
		worker = threading.Thread(target=_execute_job, args=(job,), name="benchless-worker")
		worker.start()
		worker.join()
		done.append(job.record)


def _execute_job(job) -> None:
	"""frappe.utils.background_jobs.execute_job: a site connection of its own, the job's user, commit
	after; on an exception rollback and an Error Log entry titled with the method."""
	frappe.init(job.site, sites_path=job.sites_path)
	frappe.connect()
	try:
		frappe.set_user(job.user)
		fn = frappe.get_attr(job.method) if isinstance(job.method, str) else job.method
		try:
			result = fn(**job.kwargs)
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=job.record.method)
			frappe.db.commit()
			job.record.status = "failed"
			if job.on_failure:
				job.on_failure(job.record, None, None, None)
			return
		frappe.db.commit()
		job.record.status = "finished"
		if job.on_success:
			job.on_success(job.record, None, result)
	finally:
		frappe.destroy()


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
