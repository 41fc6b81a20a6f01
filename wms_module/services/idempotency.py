"""Idempotency keys for the handheld's write endpoints (a dropped connection: queued scans replayed once).

A handheld that lost the answer to a request sends it again with the same key. The first request
with a key runs and leaves a WMS Request Log row (key, user, endpoint, a hash of the other
arguments, the JSON answer) in the same transaction as its work. A replay by the same user to the
same endpoint with the same arguments gets the stored answer back with ``"replayed": true`` and
nothing runs again; the key with other arguments, another endpoint or another user is refused
(HTTP 409, IdempotencyKeyConflictError naming the key).

The row is inserted *before* the work, so its primary key (the key itself) is the lock: a second
request with the key while the first runs waits at its INSERT (InnoDB: the uncommitted duplicate's
record lock); when the first commits, the INSERT fails as a duplicate and the second answers the
stored answer; when the first rolled back, the second does the work. A failed request leaves no
row (the request's rollback; in process the row is deleted too), so the key can be retried.

Cost: the first request adds one INSERT and one UPDATE; a replay is one failed INSERT and one read.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

import frappe
from frappe import _
from frappe.utils import add_days, now_datetime

from wms_module.exceptions import IdempotencyKeyConflictError, WMSValidationError

DOCTYPE = "WMS Request Log"
KEEP_DAYS = 7
"""Request logs older than this are deleted by the daily job: a handheld's queue replays long before."""

KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{7,139}")
"""8 to 140 characters (a document name's length): a UUID, or any token of letters, digits, - _ . :"""


def once(key: str | None, endpoint: str, args: dict[str, Any], fn: Callable[[], Any]) -> Any:
	"""``fn()`` once per ``key``: its answer, or the stored answer of the first request with ``key``.

	``endpoint`` is the dotted method and ``args`` its other arguments (hashed: a replay must send
	the same). Without a key (None or "") ``fn()`` just runs. A dict answer gets ``replayed``:
	False on the first request, True on a replay.
	"""
	if key is None or key == "":
		return fn()
	key = check_key(key)
	user = frappe.session.user
	digest = args_hash(args)
	log = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"name": key,
			"idempotency_key": key,
			"endpoint": endpoint,
			"user": user,
			"args_hash": digest,
		}
	)
	try:
		log.db_insert()  # waits while another request holds the key, fails once it committed
	except frappe.DuplicateEntryError:
		frappe.clear_last_message()  # db_insert's "already exists" message is not the replay's
		return _replay(key, endpoint=endpoint, user=user, digest=digest)
	try:
		answer = fn()
	except Exception:
		# Over HTTP the request's rollback removes the row; in process nothing would.
		frappe.db.delete(DOCTYPE, {"name": key})
		raise
	frappe.db.set_value(DOCTYPE, key, "response", _as_json(answer), update_modified=False)
	return _flagged(answer, replayed=False)


def check_key(key: Any) -> str:
	if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
		frappe.throw(
			_(
				"idempotency_key must be 8 to 140 letters, digits or '-', '_', '.', ':' (a UUID), got {0}"
			).format(repr(key)[:160]),
			WMSValidationError,
			title=_("Invalid idempotency key"),
		)
	return key


def args_hash(args: dict[str, Any]) -> str:
	"""SHA-256 of the arguments, so that what a handheld may send twice for one request hashes alike:
	1 and 1.0 (a quantity), "" and None (an empty field)."""
	canonical = {name: _canonical(value) for name, value in args.items()}
	text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), default=str)
	return hashlib.sha256(text.encode()).hexdigest()


def delete_old_request_logs(days: int = KEEP_DAYS) -> None:
	"""Daily (hooks.py scheduler_events): forget request logs older than ``days``."""
	frappe.db.delete(DOCTYPE, {"creation": ("<", add_days(now_datetime(), -days))})


def _replay(key: str, *, endpoint: str, user: str, digest: str) -> Any:
	# A locking read sees the committed row (REPEATABLE READ's snapshot may predate it). InnoDB's
	# duplicate-key error left this transaction a shared lock on the row: a shared read keeps to it,
	# where FOR UPDATE would make two replays waiting on one key deadlock upgrading their locks.
	rows = frappe.db.sql(
		"""select `user`, `endpoint`, `args_hash`, `response` from `tabWMS Request Log`
		where `name`=%s lock in share mode""",
		(key,),
		as_dict=True,
	)
	row = rows[0] if rows else None
	if not row or row.user != user or row.endpoint != endpoint:
		frappe.throw(
			_(
				"Idempotency key {0} belongs to another request (another user or endpoint); send a new key"
			).format(key),
			IdempotencyKeyConflictError,
			title=_("Idempotency key in use"),
		)
	if row.args_hash != digest:
		frappe.throw(
			_(
				"Idempotency key {0} was sent to {1} with other arguments: a replay repeats them, "
				"a new request needs a new key"
			).format(key, endpoint),
			IdempotencyKeyConflictError,
			title=_("Idempotency key in use"),
		)
	answer = json.loads(row.response) if row.response else None
	return _flagged(answer, replayed=True)


def _canonical(value: Any) -> Any:
	if value == "" or value is None:
		return None
	if isinstance(value, bool):
		return value
	if isinstance(value, int | float):
		return float(value)
	return value


def _as_json(answer: Any) -> str:
	return frappe.as_json(answer, indent=None, separators=(",", ":"))


def _flagged(answer: Any, *, replayed: bool) -> Any:
	if isinstance(answer, dict):
		return {**answer, "replayed": replayed}
	return answer
