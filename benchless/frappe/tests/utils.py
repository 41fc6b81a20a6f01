"""frappe.tests.utils (v15 subset): FrappeTestCase with assertQueryCount, change_settings.

Same behaviour as frappe/frappe ``frappe/tests/utils.py`` (v15): ``setUpClass`` commits
and registers a class-level rollback; ``assertQueryCount`` patches
``frappe.db.__class__.sql`` and collects ``last_query``.
"""

import copy
import unittest
from contextlib import contextmanager

import frappe


class FrappeTestCase(unittest.TestCase):
	TEST_SITE = "test_site"
	maxDiff = 10_000

	@classmethod
	def setUpClass(cls):
		cls.TEST_SITE = getattr(frappe.local, "site", None) or cls.TEST_SITE
		frappe.db.commit()
		cls.addClassCleanup(_rollback_db)
		return super().setUpClass()

	@contextmanager
	def assertQueryCount(self, count):
		queries = []

		def _sql_with_count(*args, **kwargs):
			ret = orig_sql(*args, **kwargs)
			queries.append(args[0].last_query)
			return ret

		try:
			orig_sql = frappe.db.__class__.sql
			frappe.db.__class__.sql = _sql_with_count
			yield
			self.assertLessEqual(len(queries), count, msg="Queries executed: \n" + "\n\n".join(queries))
		finally:
			frappe.db.__class__.sql = orig_sql

	@contextmanager
	def set_user(self, user):
		try:
			old_user = frappe.session.user
			frappe.set_user(user)
			yield
		finally:
			frappe.set_user(old_user)


def _rollback_db():
	frappe.db.value_cache = {}
	frappe.db.rollback()


@contextmanager
def change_settings(doctype, settings_dict=None, /, commit=False, **settings):
	if settings_dict is None:
		settings_dict = settings
	try:
		settings = frappe.get_doc(doctype)
		previous_settings = copy.deepcopy(settings_dict)
		for key in previous_settings:
			previous_settings[key] = getattr(settings, key)
		for key, value in settings_dict.items():
			setattr(settings, key, value)
		settings.save(ignore_permissions=True)
		if commit:
			frappe.db.commit()
		yield
	finally:
		settings = frappe.get_doc(doctype)
		for key, value in previous_settings.items():
			setattr(settings, key, value)
		settings.save(ignore_permissions=True)
		if commit:
			frappe.db.commit()


@contextmanager
def patch_hooks(overridden_hooks):
	"""Temporarily override hooks (``frappe.get_hooks`` returns the given values)."""
	from unittest.mock import patch

	get_hooks = frappe.get_hooks

	def patched_hooks(hook=None, default="_KEEP_DEFAULT_LIST", app_name=None):
		if hook in overridden_hooks:
			return overridden_hooks[hook]
		return get_hooks(hook, default, app_name)

	had = hasattr(frappe.local, "doc_events_hooks")
	saved = frappe.local.doc_events_hooks if had else None
	if had:
		del frappe.local.doc_events_hooks
	try:
		with patch.object(frappe, "get_hooks", patched_hooks):
			yield
	finally:
		if hasattr(frappe.local, "doc_events_hooks"):
			del frappe.local.doc_events_hooks
		if had:
			frappe.local.doc_events_hooks = saved
