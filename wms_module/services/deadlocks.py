"""A request the database picked as a deadlock victim is run again, not answered with a 500.

Under load InnoDB deadlocks are a normal event, not a bug: two pick confirmations of neighbouring
items into the same staging bin each lock the index gap where their new Bin Stock row goes (the
locking read of ``bin_ledger.load_balances`` finds no row there yet), then each waits for the
other's gap to insert. MariaDB rolls one transaction back whole (error 1213, which Frappe raises
as ``QueryDeadlockError``) and the other goes on. Frappe retries a background job that dies this
way (frappe/utils/background_jobs.py ``execute_job``: up to 5 times); a web request it answers with
a server error. ``retry_on_deadlock`` gives the app's writing endpoints the same treatment: the
victim's transaction is rolled back (``frappe.db.rollback`` also drops its after-commit jobs and
realtime messages, so nothing is sent twice) and the endpoint runs again from the start.

Measured with ``tools/realbench/scale_check.sh`` (60 scanners, 4 workers): 1 deadlock in about
11,500 confirmations before this; see docs/benchmarks.md for the figures since.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import TypeVar

import frappe

F = TypeVar("F", bound=Callable)

ATTEMPTS = 4
"""Runs in all; the deadlock of the last one is raised (a 500, as without the retry)."""

retried = 0
"""Deadlocks retried by this process since it started (read by tests and the load check)."""


def retry_on_deadlock(fn: F) -> F:
	"""Run ``fn`` again, up to ``ATTEMPTS`` times, when the database rolls it back as a deadlock victim.

	Only for endpoints whose whole effect is in the database transaction (their jobs are queued
	after commit): everything the failed run did is rolled back before the next one starts.
	"""

	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		global retried
		for attempt in range(1, ATTEMPTS + 1):
			try:
				return fn(*args, **kwargs)
			except frappe.QueryDeadlockError:
				if attempt == ATTEMPTS:
					raise
				frappe.db.rollback()
				retried += 1
				# a short random pause, so the two victims of one cycle do not meet again
				time.sleep(random.uniform(0.005, 0.03) * attempt)
		raise AssertionError("unreachable")

	return wrapper  # type: ignore[return-value]
