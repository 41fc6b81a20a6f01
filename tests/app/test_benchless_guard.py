"""Guard: every frappe.* / erpnext.* name the app uses exists in the benchless stand-in.

Without this, a call the stand-in lacks would only fail at run time on the one code
path that reaches it. The scan reads the source (imports and attribute chains), then
resolves each name against the loaded stand-in.
"""

from __future__ import annotations

import ast
import importlib
import os
from pathlib import Path

import pytest

from tests.app.app_files import APP, REPO

pytestmark = pytest.mark.skipif(
	bool(os.environ.get("WMS_TEST_SITE")),
	reason="checks the benchless stand-in; a real bench has the real names",
)

ROOTS = ("frappe", "erpnext")
SCANNED = [*APP.rglob("*.py"), REPO / "tests" / "factories.py"]


def _chain(node: ast.AST) -> list[str] | None:
	"""frappe.db.get_value -> ['frappe', 'db', 'get_value']; None unless rooted at a Name."""
	parts = []
	while isinstance(node, ast.Attribute):
		parts.append(node.attr)
		node = node.value
	if isinstance(node, ast.Name):
		return [node.id, *reversed(parts)]
	return None


def used_names(source: str) -> set[str]:
	"""Dotted names rooted at frappe/erpnext that a module imports or reaches through attributes."""
	tree = ast.parse(source)
	aliases = {}  # local name -> dotted origin
	names = set()
	for node in ast.walk(tree):
		if isinstance(node, ast.Import):
			for alias in node.names:
				if alias.name.split(".")[0] in ROOTS:
					names.add(alias.name)
					aliases[alias.asname or alias.name.split(".")[0]] = (
						alias.name if alias.asname else alias.name.split(".")[0]
					)
		elif (
			isinstance(node, ast.ImportFrom)
			and node.module
			and node.module.split(".")[0] in ROOTS
			and node.level == 0
		):
			for alias in node.names:
				names.add(f"{node.module}.{alias.name}")
				aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
	for node in ast.walk(tree):
		if isinstance(node, ast.Attribute) and not isinstance(getattr(node, "_parent", None), ast.Attribute):
			chain = _chain(node)
			if chain and chain[0] in aliases:
				names.add(".".join([aliases[chain[0]], *chain[1:]]))
	return names


def resolves(dotted: str) -> bool:
	"""Import the longest module prefix, then walk attributes; dict-like values end the walk
	(frappe.form_dict.x, frappe.flags.x are data, not API)."""
	parts = dotted.split(".")
	obj, i = None, len(parts)
	while i > 0:
		try:
			obj = importlib.import_module(".".join(parts[:i]))
			break
		except ImportError:
			i -= 1
	if obj is None:
		return False
	for attr in parts[i:]:
		if isinstance(obj, dict):
			return True
		try:
			if not hasattr(obj, attr):
				return False
			obj = getattr(obj, attr)
		except RuntimeError:  # an unbound werkzeug LocalProxy (frappe.request outside a request): it exists
			return True
	return True


def missing_names(paths) -> dict[str, list[str]]:
	missing: dict[str, list[str]] = {}
	for path in paths:
		if not path.exists():
			continue
		for name in sorted(used_names(path.read_text())):
			if not resolves(name):
				missing.setdefault(name, []).append(
					str(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
				)
	return missing


def test_benchless_has_every_frappe_and_erpnext_name_the_app_uses():
	missing = missing_names(SCANNED)
	assert missing == {}, "benchless lacks: " + "; ".join(
		f"{n} (used in {', '.join(f)})" for n, f in missing.items()
	)


def test_guard_catches_an_unknown_name(tmp_path):
	probe = tmp_path / "probe.py"
	probe.write_text(
		"import frappe\nfrom frappe.utils import flt, no_such_helper\nfrappe.xyz_unknown(1)\nfrappe.db.get_value\n"
	)
	assert set(missing_names([probe])) == {"frappe.xyz_unknown", "frappe.utils.no_such_helper"}
