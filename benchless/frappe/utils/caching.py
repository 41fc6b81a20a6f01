"""frappe.utils.caching (v15): ``request_cache`` (per request, in ``frappe.local``) and
``site_cache`` (per process and site, optional ``ttl``)."""

import functools
import time

import frappe


def request_cache(func):
	"""Cache the return value for the current request (keyed by arguments)."""

	@functools.wraps(func)
	def wrapper(*args, **kwargs):
		cache = getattr(frappe.local, "request_cache", None)
		if cache is None:
			return func(*args, **kwargs)
		try:
			key = (args, frozenset(kwargs.items()))
			hash(key)
		except TypeError:
			return func(*args, **kwargs)
		store = cache[func]
		if key not in store:
			store[key] = func(*args, **kwargs)
		return store[key]

	return wrapper


def site_cache(ttl=None, maxsize=None):
	"""Cache per site in this process (``func.clear_cache()`` empties it)."""

	def decorator(func):
		store = {}

		@functools.wraps(func)
		def wrapper(*args, **kwargs):
			try:
				site = frappe.site_cache_key()
			except Exception:
				site = None
			key = (site, args, frozenset(kwargs.items()))
			hit = store.get(key)
			if hit is not None and (ttl is None or time.monotonic() - hit[1] < ttl):
				return hit[0]
			value = func(*args, **kwargs)
			store[key] = (value, time.monotonic())
			return value

		wrapper.clear_cache = store.clear
		return wrapper

	if callable(ttl):
		func, ttl = ttl, None
		return decorator(func)
	return decorator
