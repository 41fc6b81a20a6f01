"""Frappe conventions the app keeps, read from the source with ``ast`` (no frappe import).

* Every controller carries the typed field block Frappe writes with
  ``export_python_type_annotations`` (frappe/types/exporter.py), and the block lists exactly the
  data fields of the doctype's JSON: a field added to the JSON without regenerating the block fails.
* Every whitelisted function annotates each parameter and its return value.
  ``require_type_annotated_api_methods`` in hooks.py asks for this, but Frappe v15 does not read
  that hook (v16 does), so this test holds the rule in v15.
"""

from __future__ import annotations

import ast
from keyword import iskeyword
from pathlib import Path

import pytest

from tests.app.app_files import APP, MODULE_DIR, load, standard_json_files

BLOCK_START = "# begin: auto-generated types"
BLOCK_END = "# end: auto-generated types"

# The fieldtypes frappe.types.DF has a type for (frappe/types/DF.py, v15); a field of any other
# fieldtype (Section Break, HTML, Button, Geolocation, ...) gets no line (TypeExporter._map_fieldtype).
TYPED_FIELDTYPES = {
	"Autocomplete",
	"Attach",
	"Attach Image",
	"Barcode",
	"Check",
	"Code",
	"Color",
	"Currency",
	"Data",
	"Date",
	"Datetime",
	"Duration",
	"Dynamic Link",
	"Float",
	"HTML Editor",
	"Int",
	"JSON",
	"Link",
	"Long Text",
	"Markdown Editor",
	"Password",
	"Percent",
	"Phone",
	"Read Only",
	"Rating",
	"Select",
	"Small Text",
	"Table",
	"Table MultiSelect",
	"Text",
	"Text Editor",
	"Time",
}


def expected_fields(doctype: dict) -> set[str]:
	"""The names TypeExporter._generate_code writes for a doctype's JSON."""
	names = {
		field["fieldname"]
		for field in doctype.get("fields", [])
		if field["fieldtype"] in TYPED_FIELDTYPES
		and not iskeyword(field["fieldname"])
		and not (field.get("is_virtual") and not field.get("options"))
	}
	if doctype.get("istable"):
		names |= {"parent", "parentfield", "parenttype"}
	if doctype.get("autoname") == "autoincrement":
		names.add("name")
	return names


def controller_class(doctype: dict, controller: Path) -> ast.ClassDef:
	class_name = doctype["name"].replace(" ", "").replace("-", "")
	tree = ast.parse(controller.read_text())
	for node in tree.body:
		if isinstance(node, ast.ClassDef) and node.name == class_name:
			return node
	raise AssertionError(f"{controller} has no class {class_name}")


def typed_block_fields(cls: ast.ClassDef) -> set[str]:
	"""The names annotated under ``if TYPE_CHECKING:`` in the class body."""
	for node in cls.body:
		if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
			return {
				stmt.target.id
				for stmt in node.body
				if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
			}
	raise AssertionError(f"class {cls.name} has no `if TYPE_CHECKING:` typed field block")


DOCTYPE_JSONS = standard_json_files("doctype")


def test_the_app_has_doctypes():
	assert len(DOCTYPE_JSONS) >= 14


@pytest.mark.parametrize("json_path", DOCTYPE_JSONS, ids=lambda p: p.stem)
def test_the_controller_types_exactly_the_doctype_fields(json_path: Path):
	doctype = load(json_path)
	controller = json_path.with_suffix(".py")
	source = controller.read_text()
	assert BLOCK_START in source and BLOCK_END in source, f"{controller} has no auto-generated types block"
	typed = typed_block_fields(controller_class(doctype, controller))
	expected = expected_fields(doctype)
	assert typed == expected, (
		f"{controller.relative_to(APP.parent)}: the typed block is stale "
		f"(missing {sorted(expected - typed)}, extra {sorted(typed - expected)}); "
		"save the DocType in developer mode to regenerate it"
	)


def _is_whitelist(decorator: ast.expr) -> bool:
	target = decorator.func if isinstance(decorator, ast.Call) else decorator
	if isinstance(target, ast.Attribute):
		return target.attr == "whitelist"
	return isinstance(target, ast.Name) and target.id == "whitelist"


def whitelisted_functions() -> list[tuple[str, ast.FunctionDef, bool]]:
	"""(``path:name``, the def, whether it is a method) for every @frappe.whitelist in the app."""
	found = []
	for path in sorted(APP.rglob("*.py")):
		tree = ast.parse(path.read_text())
		methods = {
			id(node)
			for cls in ast.walk(tree)
			if isinstance(cls, ast.ClassDef)
			for node in cls.body
			if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
		}
		for node in ast.walk(tree):
			if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
				map(_is_whitelist, node.decorator_list)
			):
				found.append((f"{path.relative_to(APP.parent)}:{node.name}", node, id(node) in methods))
	return found


def unannotated(fn: ast.FunctionDef, is_method: bool) -> list[str]:
	args = fn.args
	params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
	if is_method and params and params[0].arg in ("self", "cls"):
		params = params[1:]
	params += [a for a in (args.vararg, args.kwarg) if a is not None]
	missing = [p.arg for p in params if p.annotation is None]
	if fn.returns is None:
		missing.append("return")
	return missing


WHITELISTED = whitelisted_functions()


def test_the_app_has_whitelisted_api_methods():
	names = [name for name, _, _ in WHITELISTED]
	assert any(name.startswith("wms_module/api/") for name in names)


def test_every_whitelisted_function_is_fully_annotated():
	bare = {name: missing for name, fn, is_method in WHITELISTED if (missing := unannotated(fn, is_method))}
	assert bare == {}, f"whitelisted functions without annotations (parameter or return): {bare}"


def test_the_checks_catch_what_they_are_for():
	fn = ast.parse("@frappe.whitelist()\ndef f(self, a: int, b, *rest) -> None: ...").body[0]
	assert unannotated(fn, is_method=True) == ["b", "rest"]
	fn = ast.parse("@whitelist\ndef f(a: int): ...").body[0]
	assert _is_whitelist(fn.decorator_list[0]) and unannotated(fn, is_method=False) == ["return"]
	doctype = {
		"name": "X Row",
		"istable": 1,
		"fields": [
			{"fieldname": "qty", "fieldtype": "Float"},
			{"fieldname": "sb", "fieldtype": "Section Break"},
			{"fieldname": "virtual_total", "fieldtype": "Float", "is_virtual": 1},
		],
	}
	assert expected_fields(doctype) == {"qty", "parent", "parentfield", "parenttype"}
	assert MODULE_DIR.is_dir()
