"""An in-process stand-in for Frappe's redis cache (``frappe.cache``, v15 RedisWrapper API).

Values live in a dict per site, shared by all threads of the process, and — like redis —
are NOT transactional: a rollback does not undo ``set_value``. ``frappe.cache()`` also
works (v14 style), returning the same object. Expiry is honoured on read.
"""

import fnmatch
import threading
import time

import frappe


class FakeRedis:
	def __init__(self):
		self._lock = threading.RLock()
		self._data = {}

	def __call__(self):
		return self

	# --- helpers -------------------------------------------------------------------------
	def _store(self):
		try:
			site = frappe.site_cache_key()
		except Exception:
			site = "__nosite__"
		return self._data.setdefault(site, {})

	def make_key(self, key, user=None, shared=False):
		if user:
			if user is True:
				user = frappe.session.user
			key = f"user:{user}:{key}"
		return key

	def _get(self, key):
		entry = self._store().get(key)
		if entry is None:
			return None
		value, expires_at = entry
		if expires_at is not None and expires_at < time.monotonic():
			self._store().pop(key, None)
			return None
		return value

	# --- key/value ------------------------------------------------------------------------
	def set_value(self, key, val, user=None, expires_in_sec=None, shared=False):
		with self._lock:
			expires_at = time.monotonic() + expires_in_sec if expires_in_sec else None
			self._store()[self.make_key(key, user, shared)] = (val, expires_at)

	def get_value(self, key, generator=None, user=None, expires=False, shared=False):
		with self._lock:
			k = self.make_key(key, user, shared)
			value = self._get(k)
			if value is None and generator:
				value = generator()
				self._store()[k] = (value, None)
			return value

	def delete_value(self, keys, user=None, make_keys=True, shared=False):
		if isinstance(keys, str):
			keys = [keys]
		with self._lock:
			for key in keys:
				self._store().pop(self.make_key(key, user, shared) if make_keys else key, None)

	delete_key = delete_value

	def get_keys(self, key):
		with self._lock:
			return [k for k in self._store() if fnmatch.fnmatch(k, f"*{key}*")]

	def delete_keys(self, key):
		with self._lock:
			for k in self.get_keys(key):
				self._store().pop(k, None)

	def exists(self, *keys, user=None, shared=False):
		with self._lock:
			return sum(1 for k in keys if self._get(self.make_key(k, user, shared)) is not None)

	def incr(self, key, amount=1):
		with self._lock:
			value = (self._get(key) or 0) + amount
			entry = self._store().get(key)
			self._store()[key] = (value, entry[1] if entry else None)
			return value

	def expire(self, key, seconds):
		with self._lock:
			entry = self._store().get(key)
			if entry:
				self._store()[key] = (entry[0], time.monotonic() + seconds)

	# --- hashes -----------------------------------------------------------------------------
	def hset(self, name, key, value, shared=False, *args, **kwargs):
		with self._lock:
			h = self._get(name) or {}
			h[key] = value
			self._store()[name] = (h, None)

	def hget(self, name, key, generator=None, shared=False):
		with self._lock:
			h = self._get(name) or {}
			if key not in h and generator:
				h[key] = generator()
				self._store()[name] = (h, None)
			return h.get(key)

	def hgetall(self, name):
		with self._lock:
			return dict(self._get(name) or {})

	def hdel(self, name, *keys, shared=False):
		with self._lock:
			h = self._get(name) or {}
			for key in keys:
				h.pop(key, None)

	def hkeys(self, name):
		return list(self.hgetall(name))

	def hexists(self, name, key, shared=False):
		return key in self.hgetall(name)

	def flushall(self):
		with self._lock:
			self._store().clear()
