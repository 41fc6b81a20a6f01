"""Test modes for the whole suite.

benchless (default): ``benchless.activate()`` makes ``import frappe`` resolve to the
stand-in; one fresh SQLite site per test session (apps frappe, erpnext, wms_module — those
that can be imported) in a temporary folder; every test that touches frappe runs as
Administrator and is rolled back afterwards (``frappe.db.rollback()``).

site mode (``WMS_TEST_SITE=<site>`` inside a real bench, optionally
``WMS_SITES_PATH=<bench>/sites``): ``frappe.init(site, sites_path)`` + ``frappe.connect()``
against the real site, rollback after each test. Tests marked ``benchless_only`` (the
stand-in's own tests, everything under tests/benchless) are skipped there.

Fixtures:
- ``frappe_site``: the connected site (session); requested automatically by any test
  whose module imports ``frappe`` at top level.
- ``query_counter``: ``with query_counter() as q: ...; q.count, q.queries`` — counts
  ``frappe.db.sql`` calls the way v15 ``FrappeTestCase.assertQueryCount`` does (patches
  ``frappe.db.__class__.sql``), so it works in both modes.
- ``committed_site``: a site where commits are allowed (for HTTP servers and multi-connection
  tests): a fresh benchless site, or in site mode the real site itself. Use it with
  ``tests.harness``: ``run_in_site(info, fn)`` (a new thread and connection, commits),
  ``site_context(info)`` (switches this thread's ``frappe.local``), ``serve(info)`` (the site
  over HTTP on 127.0.0.1).
"""

import contextlib
import importlib.util
import os
import pathlib
import sys
import warnings

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SITE_MODE = bool(os.environ.get("WMS_TEST_SITE"))
DEFAULT_APPS = ("frappe", "erpnext", "wms_module")
APP_TESTS = ROOT / "tests" / "app"

if str(ROOT) not in sys.path:
	sys.path.insert(0, str(ROOT))

if not SITE_MODE:
	import benchless

	benchless.activate()

# CI runs the same examples every time (a failure there is reproducible, never a lucky draw);
# locally Hypothesis keeps exploring. Loaded before the test modules so their @settings inherit it.
from hypothesis import settings as hypothesis_settings

hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
	hypothesis_settings.load_profile("ci")


def pytest_configure(config):
	config.addinivalue_line(
		"markers", "benchless_only: a test of the benchless stand-in itself (skipped in site mode)"
	)
	config.addinivalue_line(
		"markers", "own_site: the test builds and switches to its own site (no shared-site rollback)"
	)
	config.addinivalue_line(
		"markers",
		"real_behaviour: a stand-in test that pins how real Frappe/ERPNext behave, so it runs in site"
		" mode too (where it proves the pin is right)",
	)


def pytest_collection_modifyitems(config, items):
	if not SITE_MODE:
		return
	skip = pytest.mark.skip(reason="tests the benchless stand-in; not run against a real site")
	for item in items:
		if item.get_closest_marker("real_behaviour"):
			continue
		if item.get_closest_marker("benchless_only") or "tests/benchless/" in str(item.fspath).replace(
			os.sep, "/"
		):
			item.add_marker(skip)


def available_apps(apps=DEFAULT_APPS):
	found = []
	for app in apps:
		if importlib.util.find_spec(app) is None:
			warnings.warn(
				f"benchless: app {app!r} cannot be imported; the test site is created without it",
				stacklevel=2,
			)
			continue
		found.append(app)
	return tuple(found)


@pytest.fixture(scope="session")
def frappe_site(tmp_path_factory):
	import frappe

	if SITE_MODE:
		site, sites_path = os.environ["WMS_TEST_SITE"], os.environ.get("WMS_SITES_PATH", ".")
	else:
		from benchless.site import create_site

		info = create_site(tmp_path_factory.mktemp("sites") / "test_site", apps=available_apps())
		site, sites_path = info.site, info.sites_path
	_SESSION_SITE.update(site=site, sites_path=sites_path)
	ensure_connected()
	if SITE_MODE:
		run_before_tests_hooks()
	from tests.factories import make_test_records

	make_test_records()
	frappe.db.commit()
	yield site
	if getattr(frappe.local, "db", None):
		frappe.db.rollback()
	frappe.destroy()


_SESSION_SITE = {}


def run_before_tests_hooks():
	"""Prepare the real site as ``bench run-tests`` does before any test (frappe/test_runner.py:
	main): every installed app's ``before_tests`` hook, then commit. ERPNext's completes the setup
	wizard on a new site (Warehouse Types, fiscal year, a company), without which ERPNext refuses
	to create a Company; on a prepared site it only resets test defaults."""
	import frappe

	for hook in frappe.get_hooks("before_tests"):
		frappe.get_attr(hook)()
	frappe.db.commit()
	frappe.set_user("Administrator")


def ensure_connected():
	"""(Re)connect this thread to the session site if another fixture switched or released it."""
	import frappe

	site = _SESSION_SITE["site"]
	if getattr(frappe.local, "site", None) == site and getattr(frappe.local, "db", None) is not None:
		return
	frappe.init(site, sites_path=_SESSION_SITE["sites_path"], force=True)
	frappe.connect()
	frappe.flags.in_test = True
	frappe.set_user("Administrator")


def reset_test_locals():
	"""Per-test reset of request locals (messages, user, recorded events and jobs)."""
	import frappe

	frappe.set_user("Administrator")
	frappe.local.message_log = []
	frappe.local.flags.in_test = True
	frappe.local.flags.mute_messages = False
	frappe.local.flags.currently_saving = []
	for name in ("realtime_log", "realtime_pending", "enqueued_jobs"):
		if hasattr(frappe.local, name):
			setattr(frappe.local, name, [])


@pytest.fixture(autouse=True)
def _frappe_test_transaction(request):
	"""Roll back after each app test, and any other test that uses frappe (imports it, or asks for it).

	Every test under tests/app gets the site and the rollback, whether or not its module
	imports frappe itself (a test may reach frappe only through a fixture or helper),
	unless it is marked ``own_site`` (it builds and switches to a site of its own)."""
	module_globals = getattr(request.module, "__dict__", {})
	in_app_tests = APP_TESTS in pathlib.Path(str(request.node.path)).resolve().parents
	wants = (
		(in_app_tests and not request.node.get_closest_marker("own_site"))
		or "frappe" in module_globals
		or {"frappe_site", "query_counter"} & set(request.fixturenames)
	)
	if not wants:
		yield
		return
	request.getfixturevalue("frappe_site")
	import frappe

	ensure_connected()
	reset_test_locals()
	try:
		yield
	finally:
		frappe.db.rollback()
		reset_test_locals()


class QueryCounter:
	"""Counts ``frappe.db.sql`` calls inside ``with``; ``count`` and ``queries`` after."""

	def __init__(self):
		self.queries = []
		self._orig = None

	@property
	def count(self):
		return len(self.queries)

	def __enter__(self):
		import frappe

		self.queries = []
		cls = frappe.db.__class__
		orig = cls.sql
		counter = self

		def _sql_with_count(db, *args, **kwargs):
			ret = orig(db, *args, **kwargs)
			counter.queries.append(db.last_query)
			return ret

		self._cls, self._orig = cls, orig
		cls.sql = _sql_with_count
		return self

	def __exit__(self, *exc):
		self._cls.sql = self._orig
		return False

	def __call__(self):
		return QueryCounter()


@pytest.fixture
def query_counter(frappe_site):
	return QueryCounter()


@pytest.fixture
def committed_site(tmp_path):
	"""A site where commits are real (see tests/harness.py): benchless, a fresh one per test; site
	mode, the real test site itself (tests keep apart by unique names)."""
	if SITE_MODE:
		from tests.harness import real_site_info

		return real_site_info()
	from benchless.site import create_site

	return create_site(tmp_path / "committed_site", apps=available_apps())


def pytest_sessionfinish(session, exitstatus):
	from tests.harness import stop_servers

	stop_servers()
