"""hooks.py points only at things that exist and can be called the way Frappe calls them.

Call shapes: doc_events handler(doc, method) (frappe/model/document.py Document.hook);
scheduler events with no arguments; permission_query_conditions fn(user) and
has_permission fn(doc, ptype, user) (frappe/permissions.py); install/migrate hooks
with no arguments. bench reads required_apps with a one-line regex
(bench/utils/app.py required_apps_from_hooks).
"""

from __future__ import annotations

import inspect
import pkgutil
import re
from pathlib import Path

import frappe
import pytest

import wms_module
from tests.app.app_files import APP
from tests.conftest import SITE_MODE
from wms_module import hooks


def _callable(dotted: str):
	return frappe.get_attr(dotted)


def _accepts(fn, n_positional: int) -> bool:
	"""True when fn can be called with n positional arguments."""
	try:
		inspect.signature(fn).bind(*range(n_positional))
	except TypeError:
		return False
	return True


def _paths(value):
	if isinstance(value, str):
		yield value
	elif isinstance(value, (list, tuple)):
		for item in value:
			yield from _paths(item)
	elif isinstance(value, dict):
		for item in value.values():
			yield from _paths(item)


def hook_calls():
	"""(hook key, dotted path, positional arity Frappe uses)."""
	for events in getattr(hooks, "doc_events", {}).values():
		for path in _paths(events):
			yield "doc_events", path, 2
	for path in _paths(getattr(hooks, "scheduler_events", {})):
		yield "scheduler_events", path, 0
	for path in _paths(getattr(hooks, "permission_query_conditions", {})):
		yield "permission_query_conditions", path, 1
	for path in _paths(getattr(hooks, "has_permission", {})):
		yield "has_permission", path, 3
	for key in (
		"after_install",
		"before_install",
		"after_migrate",
		"before_migrate",
		"before_tests",
		"after_sync",
	):
		for path in _paths(getattr(hooks, key, [])):
			yield key, path, 0
	for path in _paths(getattr(hooks, "override_whitelisted_methods", {})):
		yield "override_whitelisted_methods", path, None
	for path in _paths(getattr(hooks, "override_doctype_class", {})):
		yield "override_doctype_class", path, None


HOOK_CALLS = list(hook_calls())


@pytest.mark.parametrize("key,path,arity", HOOK_CALLS, ids=[f"{k}:{p}" for k, p, _ in HOOK_CALLS])
def test_hook_target_resolves_with_frappe_call_shape(key, path, arity):
	target = _callable(path)
	assert callable(target), f"{key} -> {path} is not callable"
	if arity is not None:
		assert _accepts(target, arity), f"{key} -> {path} cannot be called with {arity} positional arguments"


def test_required_apps_is_one_line_bench_can_read():
	source = Path(hooks.__file__).read_text()
	match = re.search(r"required_apps\s+=\s+(.*)", source)
	# "org/repo", as hrms writes it: frappe.installer.parse_app_name resolves that without asking
	# the GitHub API which org owns a bare "erpnext" (fetch_details_from_tag -> find_org), which
	# fails on an offline bench (frappe/installer.py)
	assert match and eval(match.group(1)) == ["frappe/erpnext"]  # noqa: S307 - bench does ast.literal_eval


@pytest.mark.skipif(
	not SITE_MODE, reason="frappe.installer is real Frappe's; the stand-in installs apps itself"
)
def test_required_apps_resolve_without_the_network(monkeypatch):
	import socket

	from frappe.installer import parse_app_name

	def no_network(*args, **kwargs):
		raise AssertionError(f"install-app tried the network: {args}")

	monkeypatch.setattr(socket.socket, "connect", no_network)
	assert [parse_app_name(app) for app in hooks.required_apps] == ["erpnext"]


def test_js_and_asset_hooks_point_at_files():
	for key in ("doctype_js", "doctype_list_js"):
		for path in _paths(getattr(hooks, key, {})):
			assert (APP / path).is_file(), f"{key}: {path} missing under wms_module/"


def _import_app_modules():
	for info in pkgutil.walk_packages(wms_module.__path__, "wms_module."):
		if ".public" in info.name or ".www" in info.name or info.name.endswith(".hooks"):
			continue
		__import__(info.name)


def test_whitelisted_modules_keep_real_annotations():
	"""Frappe v15 skips type validation for string annotations, so no postponed annotations there."""
	_import_app_modules()
	modules = {
		fn.__module__ for fn in frappe.whitelisted if getattr(fn, "__module__", "").startswith("wms_module.")
	}
	postponed = [
		m
		for m in sorted(modules)
		if "from __future__ import annotations" in Path(__import__(m, fromlist=["_"]).__file__).read_text()
	]
	assert postponed == [], f"these whitelist methods would escape Frappe's argument type checks: {postponed}"


def test_every_whitelisted_function_is_type_annotated():
	"""require_type_annotated_api_methods (STYLE.md 8): Frappe validates argument types from the hints."""
	_import_app_modules()
	ours = [fn for fn in frappe.whitelisted if getattr(fn, "__module__", "").startswith("wms_module.")]
	assert ours, "expected the app to whitelist at least one method"
	missing = []
	for fn in ours:
		is_method = "." in fn.__qualname__ and "<locals>" not in fn.__qualname__
		for i, (name, param) in enumerate(inspect.signature(fn).parameters.items()):
			if (is_method and i == 0) or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
				continue
			if param.annotation is inspect.Parameter.empty:
				missing.append(f"{fn.__module__}.{fn.__qualname__}({name})")
	assert missing == [], f"whitelisted arguments without type hints: {missing}"


def test_each_doctype_event_has_one_handler_of_the_app():
	"""Issue 12: a doctype's event is hooked once, so the order of two handlers never matters."""
	from wms_module import hooks

	seen: dict[tuple[str, str], list[str]] = {}
	for doctypes, events in hooks.doc_events.items():
		for doctype in doctypes if isinstance(doctypes, tuple) else (doctypes,):
			for event, handler in events.items():
				seen.setdefault((doctype, event), []).append(handler)
	assert {key: handlers for key, handlers in seen.items() if len(handlers) > 1} == {}
	assert seen[("Delivery Note", "on_submit")] == ["wms_module.events.stock.on_submit"]
