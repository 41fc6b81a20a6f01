"""Frappe's own rules for standard files, checked on every doctype / report / workspace JSON.

A bench refuses (or silently misbehaves on) files that break these, so they are
checked here before a real site ever sees them. Sources: frappe/core/doctype/docfield/
docfield.json (fieldtypes), frappe/model/__init__.py (no_value_fields, default_fields),
frappe/model/base_document.py (controller class name), frappe/model/naming.py (autoname).
"""

from __future__ import annotations

import importlib
import inspect
import json
import re

import pytest

from tests.app.app_files import (
	APP,
	EXTERNAL_DOCTYPES,
	MODULE_DIR,
	MODULE_NAME,
	STANDARD_ROLES,
	app_doctypes,
	fixture_roles,
	load,
	scrub,
	standard_json_files,
)

VALID_FIELDTYPES = {
	"Autocomplete",
	"Attach",
	"Attach Image",
	"Barcode",
	"Button",
	"Check",
	"Code",
	"Color",
	"Column Break",
	"Currency",
	"Data",
	"Date",
	"Datetime",
	"Duration",
	"Dynamic Link",
	"Float",
	"Fold",
	"Geolocation",
	"Heading",
	"HTML",
	"HTML Editor",
	"Icon",
	"Image",
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
	"Section Break",
	"Select",
	"Signature",
	"Small Text",
	"Tab Break",
	"Table",
	"Table MultiSelect",
	"Text",
	"Text Editor",
	"Time",
}
# frappe/model/__init__.py default_fields + child_table_fields: a doctype may not redefine them.
RESERVED_FIELDNAMES = {
	"doctype",
	"name",
	"owner",
	"creation",
	"modified",
	"modified_by",
	"docstatus",
	"idx",
	"parent",
	"parentfield",
	"parenttype",
}
FIELDNAME = re.compile(r"^[a-z][a-z0-9_]*$")
DATA_OPTIONS = {"", "Email", "Name", "Phone", "URL", "Barcode", "IBAN"}
AUTONAME = re.compile(
	r"^(hash|autoincrement|prompt|naming_series:|field:[a-z_][a-z0-9_]*|format:.*\{#+\}.*|[^{}]*\.#+.*|Prompt|UUID)$"
)

DOCTYPE_FILES = standard_json_files("doctype")
REPORT_FILES = standard_json_files("report")
WORKSPACE_FILES = standard_json_files("workspace")
NUMBER_CARD_FILES = standard_json_files("number_card")
ids = lambda paths: [p.parent.name for p in paths]  # noqa: E731


def known_doctypes() -> set[str]:
	return set(app_doctypes()) | EXTERNAL_DOCTYPES


def known_roles() -> set[str]:
	return fixture_roles() | STANDARD_ROLES


def test_the_app_has_standard_files():
	assert DOCTYPE_FILES, "no doctype JSON found under wms_module/wms_module/doctype"


def test_app_roles_ship_as_fixtures():
	assert {"WMS Manager", "WMS Supervisor", "WMS Operator"} <= fixture_roles()


def doctype_problems(path) -> list[str]:
	"""Every broken rule in one doctype JSON, as readable sentences (empty when it conforms)."""
	doc = load(path)
	name = doc.get("name", "")
	problems = []
	expect = lambda ok, msg: ok or problems.append(msg)  # noqa: E731

	expect(doc.get("doctype") == "DocType", f"'doctype' must be 'DocType', got {doc.get('doctype')!r}")
	expect(doc.get("module") == MODULE_NAME, f"module must be {MODULE_NAME!r}, got {doc.get('module')!r}")
	expect(
		path.parent.name == scrub(name), f"folder {path.parent.name!r} must be scrub(name) = {scrub(name)!r}"
	)

	fields = doc.get("fields", [])
	fieldnames = [f.get("fieldname") for f in fields]
	dupes = sorted({f for f in fieldnames if fieldnames.count(f) > 1})
	expect(not dupes, f"duplicate fieldnames {dupes}")
	if "field_order" in doc:
		expect(doc["field_order"] == fieldnames, "field_order must list the fields in order")
	docs = known_doctypes()
	by_name = {f.get("fieldname"): f for f in fields}
	for f in fields:
		fn, ft, opts = f.get("fieldname") or "", f.get("fieldtype"), (f.get("options") or "").strip()
		expect(bool(FIELDNAME.match(fn)), f"fieldname {fn!r} must match {FIELDNAME.pattern}")
		expect(fn not in RESERVED_FIELDNAMES, f"fieldname {fn!r} is reserved by Frappe")
		expect(ft in VALID_FIELDTYPES, f"field {fn!r}: unknown fieldtype {ft!r}")
		if ft in ("Link", "Table", "Table MultiSelect"):
			expect(opts in docs, f"field {fn!r}: {ft} target {opts!r} is not a known doctype")
		if ft in ("Table", "Table MultiSelect") and opts in app_doctypes():
			expect(
				app_doctypes()[opts].get("istable") == 1,
				f"field {fn!r}: child doctype {opts!r} must be istable",
			)
		if ft == "Dynamic Link":
			target = by_name.get(opts)
			expect(
				bool(target) and target.get("fieldtype") == "Link" and target.get("options") == "DocType",
				f"field {fn!r}: Dynamic Link options must name a Link-to-DocType field, got {opts!r}",
			)
		if ft == "Select":
			expect(bool(opts), f"field {fn!r}: Select needs options")
			default = f.get("default")
			if default not in (None, ""):
				expect(
					default in opts.split("\n"), f"field {fn!r}: default {default!r} not among its options"
				)
		if ft == "Data":
			expect(
				opts in DATA_OPTIONS, f"field {fn!r}: Data options {opts!r} not one of {sorted(DATA_OPTIONS)}"
			)

	autoname = doc.get("autoname")
	if autoname:
		expect(
			bool(AUTONAME.match(autoname)),
			f"autoname {autoname!r} is not a form frappe/model/naming.py knows",
		)
		if autoname == "naming_series:":
			expect("naming_series" in by_name, "autoname naming_series: needs a naming_series Select field")
		if autoname.startswith("field:"):
			expect(autoname[6:] in by_name, f"autoname {autoname!r} names a missing field")
	if doc.get("istable"):
		expect(not doc.get("permissions"), "a child table carries no permissions of its own")
	elif not doc.get("istable"):
		expect(bool(doc.get("permissions")), "a non-child doctype needs at least one permission row")
	for perm in doc.get("permissions", []):
		expect(perm.get("role") in known_roles(), f"permission role {perm.get('role')!r} does not exist")
	if doc.get("is_submittable"):
		expect(not doc.get("issingle"), "a Single cannot be submittable")
	return problems


@pytest.mark.parametrize("path", DOCTYPE_FILES, ids=ids(DOCTYPE_FILES))
def test_doctype_json_follows_frappe_rules(path):
	assert doctype_problems(path) == []


@pytest.mark.parametrize("path", DOCTYPE_FILES, ids=ids(DOCTYPE_FILES))
def test_doctype_controller_class_is_importable(path):
	"""frappe/model/base_document.py get_controller: module <app>.<module>.doctype.<n>.<n>, class = name minus spaces/hyphens."""
	name = load(path)["name"]
	module = importlib.import_module(f"wms_module.{scrub(MODULE_NAME)}.doctype.{scrub(name)}.{scrub(name)}")
	class_name = name.replace(" ", "").replace("-", "")
	assert hasattr(module, class_name), f"{module.__name__} must define class {class_name}"
	from frappe.model.document import Document

	assert issubclass(getattr(module, class_name), Document)


@pytest.mark.parametrize("path", REPORT_FILES, ids=ids(REPORT_FILES))
def test_report_json_and_execute(path):
	doc = load(path)
	assert doc["doctype"] == "Report"
	assert doc["module"] == MODULE_NAME
	assert doc["report_type"] == "Script Report"
	assert doc["is_standard"] == "Yes"
	assert path.parent.name == scrub(doc["name"]) and doc["report_name"] == doc["name"]
	assert doc["ref_doctype"] in known_doctypes()
	assert {r["role"] for r in doc.get("roles", [])} <= known_roles()
	module = importlib.import_module(
		f"wms_module.{scrub(MODULE_NAME)}.report.{scrub(doc['name'])}.{scrub(doc['name'])}"
	)
	params = inspect.signature(module.execute).parameters
	assert list(params) == ["filters"] and params["filters"].default is None


@pytest.mark.parametrize("path", WORKSPACE_FILES, ids=ids(WORKSPACE_FILES))
def test_workspace_links_resolve(path):
	doc = load(path)
	assert doc["doctype"] == "Workspace" and doc["module"] == MODULE_NAME
	reports = {load(p)["name"] for p in REPORT_FILES}
	for link in doc.get("links", []):
		if link.get("type") != "Link":
			continue
		kind, target = link.get("link_type"), link.get("link_to")
		if kind == "DocType":
			assert target in known_doctypes(), f"workspace link to unknown doctype {target!r}"
		elif kind == "Report":
			assert target in reports or target in known_doctypes(), (
				f"workspace link to unknown report {target!r}"
			)
	for shortcut in doc.get("shortcuts", []):
		kind, target = shortcut.get("type"), shortcut.get("link_to")
		if kind == "URL":  # a page of the app's own: a www page or a website_route_rules route
			assert url_resolves(shortcut.get("url")), (
				f"workspace shortcut to unknown URL {shortcut.get('url')!r}"
			)
			continue
		known = known_doctypes() if kind == "DocType" else reports | known_doctypes()
		assert target in known, f"workspace shortcut {shortcut.get('label')!r} to unknown {kind} {target!r}"
	assert {r["role"] for r in doc.get("roles", [])} <= known_roles()
	# the page content places blocks by name: each must name a shortcut / card the workspace has
	blocks = json.loads(doc["content"])
	shortcuts = {s["label"] for s in doc.get("shortcuts", [])}
	cards = {link["label"] for link in doc.get("links", []) if link.get("type") == "Card Break"}
	number_cards = {row["number_card_name"] for row in doc.get("number_cards", [])}
	assert number_cards <= {load(p)["name"] for p in NUMBER_CARD_FILES}, "a number card the app does not ship"
	for block in blocks:
		if block["type"] == "shortcut":
			assert block["data"]["shortcut_name"] in shortcuts, block
		elif block["type"] == "card":
			assert block["data"]["card_name"] in cards, block
		elif block["type"] == "number_card":
			assert block["data"]["number_card_name"] in number_cards, block
	# a Card Break's link_count is how many links follow it (the desk shows that many)
	links = doc.get("links", [])
	for i, link in enumerate(links):
		if link.get("type") == "Card Break":
			following = 0
			for nxt in links[i + 1 :]:
				if nxt.get("type") == "Card Break":
					break
				following += 1
			assert link["link_count"] == following, link["label"]


def url_resolves(url: str | None) -> bool:
	"""``url`` is one of the app's www pages, or a route hooks.py's website_route_rules map to one."""
	from wms_module import hooks

	if not url or not url.startswith("/"):
		return False
	route = url.strip("/")
	for rule in getattr(hooks, "website_route_rules", []):
		if rule["from_route"].strip("/") == route:
			route = rule["to_route"].strip("/")
	www = APP / "www"
	return any(
		(www / f"{route}{suffix}").is_file() for suffix in (".html", ".md", "/index.html", "/index.md")
	)


@pytest.mark.parametrize("path", NUMBER_CARD_FILES, ids=ids(NUMBER_CARD_FILES))
def test_number_cards_are_standard_and_filter_on_real_fields(path):
	"""frappe/utils/dashboard.py make_records imports `<module>/number_card/<scrub(name)>/` on
	migrate; the desk sends filters_json to number_card.get_result, which runs frappe.get_list."""
	doc = load(path)
	assert doc["doctype"] == "Number Card" and doc["module"] == MODULE_NAME
	assert path.parent.name == scrub(doc["name"]) and doc["is_standard"] == 1
	if doc["type"] == "Custom":
		# number_card_widget.js calls ``method`` with ``filters``; Frappe shows the card to users who
		# read ``document_type`` (number_card.has_permission)
		assert doc["document_type"] in app_doctypes(), doc["document_type"]
		module, _dot, name = doc["method"].rpartition(".")
		assert callable(getattr(importlib.import_module(module), name)), doc["method"]
		return
	assert doc["type"] == "Document Type" and doc["function"] in {
		"Count",
		"Sum",
		"Average",
		"Minimum",
		"Maximum",
	}
	meta = app_doctypes()[doc["document_type"]]
	fields = {f["fieldname"] for f in meta["fields"]} | RESERVED_FIELDNAMES
	for doctype, fieldname, *_ in json.loads(doc["filters_json"]):
		assert (doctype, fieldname in fields) == (doc["document_type"], True), (doctype, fieldname)


def test_every_wms_settings_option_says_in_words_what_it_does():
	"""A manager choosing ``s_shape`` or ``ils`` reads what it means (issue 10, finding 12): every
	setting has a description, and a code-named Select explains each of its options."""
	meta = json.loads((MODULE_DIR / "doctype" / "wms_settings" / "wms_settings.json").read_text())
	fields = [
		f for f in meta["fields"] if f["fieldtype"] not in ("Section Break", "Column Break", "Tab Break")
	]
	assert [f["fieldname"] for f in fields if not (f.get("description") or "").strip()] == []
	for f in fields:
		options = [o for o in (f.get("options") or "").split("\n") if o] if f["fieldtype"] == "Select" else []
		coded = [o for o in options if o == o.lower() and not o.isdigit()]
		missing = [o for o in coded if f"{o}:" not in f["description"]]
		assert missing == [], (f["fieldname"], missing)
