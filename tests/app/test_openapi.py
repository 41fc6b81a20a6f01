"""The OpenAPI description of wms_module.api.*: generated from the code, valid 3.1, every
endpoint summarised, and docs/openapi.json what the code generates today."""

import json
from pathlib import Path

import frappe
import pytest
from openapi_spec_validator import validate

from wms_module.api import openapi
from wms_module.roles import require_roles

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "openapi.json"
REGENERATE = ".venv/bin/python -m wms_module.api.openapi > docs/openapi.json"


@pytest.fixture(scope="module")
def document():
	return openapi.app_document()


def test_the_document_is_valid_openapi_3_1(document):
	validate(document)  # raises with the offending pointer
	assert document["openapi"] == "3.1.0"


def test_every_endpoint_has_a_summary(document):
	missing = openapi.undocumented(document)
	assert missing == [], f"endpoints without a docstring (its first sentence is the summary): {missing}"


def test_every_whitelisted_api_function_is_a_path_with_exactly_its_http_methods(document):
	ours = {
		f"{fn.__module__}.{fn.__name__}": frappe.allowed_http_methods_for_whitelisted_func[fn]
		for fn in frappe.whitelisted
		if getattr(fn, "__module__", "").startswith("wms_module.api.")
	}
	paths = {
		p.removeprefix(openapi.PATH_PREFIX): sorted(m.upper() for m in item)
		for p, item in document["paths"].items()
	}
	assert paths == {name: sorted(methods) for name, methods in ours.items()}
	assert "wms_module.api.openapi.document" in paths


def test_docs_openapi_json_is_what_the_code_generates(document):
	assert COMMITTED.exists(), f"docs/openapi.json is missing; run: {REGENERATE}"
	committed = json.loads(COMMITTED.read_text())
	stale = sorted(
		set(committed["paths"]).symmetric_difference(document["paths"])
		| {
			p
			for p in set(committed["paths"]) & set(document["paths"])
			if committed["paths"][p] != document["paths"][p]
		}
	)
	assert COMMITTED.read_text() == openapi.render(document), (
		f"docs/openapi.json is stale (paths differing: {stale or 'none; info/components differ'}); run: {REGENERATE}"
	)


def test_a_real_endpoint_reads_as_a_client_needs_it(document):
	confirm = document["paths"]["/api/method/wms_module.api.picking.confirm"]
	assert list(confirm) == ["post"]  # methods=["POST"]: GET is refused by Frappe (403)
	op = confirm["post"]
	body = op["requestBody"]["content"]["application/json"]["schema"]
	assert body["required"] == ["task", "bin_scan", "item_scan"]
	assert body["properties"]["qty"] == {"type": ["number", "null"]}
	assert body["properties"]["short"] == {"type": "boolean", "default": False}
	assert set(op["responses"]) == {"200", "401", "403", "404", "409", "417"}
	assert "ScanMismatchError" in document["components"]["responses"]["ValidationFailed"]["description"]
	assert "TaskAssignedToOtherError" in document["components"]["responses"]["Forbidden"]["description"]
	assert op["x-required-roles"] == ["WMS Manager", "WMS Supervisor", "WMS Operator"]

	zpl = document["paths"]["/api/method/wms_module.api.labels.bin_labels_zpl"]["get"]
	assert list(zpl["responses"]["200"]["content"]) == ["text/plain"]
	bins = next(p for p in zpl["parameters"] if p["name"] == "storage_bins")
	assert bins["in"] == "query" and bins["required"] is False
	assert {
		"type": "string",
		"contentMediaType": "application/json",
		"contentSchema": {"type": "array", "items": {"type": "string"}},
	} in bins["schema"]["anyOf"]


# --- the pure builder, on functions made up here ------------------------------------------------


@require_roles("WMS Operator")
def _scan(
	bin_code: str, qty: float, count: int = 1, loose: bool = False, totes: list[str] | None = None
) -> dict:
	"""Scan a bin.

	Longer words about it."""


def _plain(name: str | None = None) -> list[dict]:
	pass


@openapi.file_response("application/pdf")
def _pdf() -> None:
	"""A PDF."""


def _build(*endpoints):
	doc = openapi.build_openapi(
		endpoints, app_errors={417: ["OwnError"]}, version="9.9", server_url="https://wms.example/"
	)
	validate(doc)
	return doc


def test_get_parameters_are_typed_query_parameters_required_without_default():
	doc = _build(openapi.Endpoint("wms_module.api.x.scan", _scan, ("GET",)))
	op = doc["paths"]["/api/method/wms_module.api.x.scan"]["get"]
	assert op["summary"] == "Scan a bin."
	assert op["description"].startswith("Longer words about it.")
	assert "Roles: WMS Operator." in op["description"]
	assert op["operationId"] == "x.scan" and op["tags"] == ["x"]
	params = {p["name"]: (p["in"], p["required"], p["schema"]) for p in op["parameters"]}
	assert params == {
		"bin_code": ("query", True, {"type": "string"}),
		"qty": ("query", True, {"type": "number"}),
		"count": ("query", False, {"type": "integer", "default": 1}),
		"loose": ("query", False, {"type": "boolean", "default": False}),
		"totes": (
			"query",
			False,
			{
				"type": "string",
				"contentMediaType": "application/json",
				"contentSchema": {"type": "array", "items": {"type": "string"}},
			},
		),
	}
	assert "requestBody" not in op
	assert set(op["responses"]) == {"200", "401", "403", "404", "417"}  # no 409 for a read
	assert op["responses"]["200"]["content"]["application/json"]["schema"]["properties"] == {
		"message": {"type": "object"}
	}
	assert doc["servers"] == [{"url": "https://wms.example"}]
	assert doc["info"]["version"] == "9.9"
	assert "OwnError" in doc["components"]["responses"]["ValidationFailed"]["description"]


def test_post_parameters_are_a_json_or_form_body_and_a_write_may_conflict():
	doc = _build(openapi.Endpoint("wms_module.api.x.scan", _scan, ("POST",)))
	op = doc["paths"]["/api/method/wms_module.api.x.scan"]["post"]
	assert "parameters" not in op
	json_body = op["requestBody"]["content"]["application/json"]["schema"]
	form_body = op["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
	assert op["requestBody"]["required"] is True
	assert json_body["required"] == form_body["required"] == ["bin_code", "qty"]
	assert json_body["properties"]["totes"] == {
		"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]
	}
	assert form_body["properties"]["totes"]["contentMediaType"] == "application/json"
	assert "409" in op["responses"]


def test_an_endpoint_allowing_several_methods_gets_one_operation_each_and_no_docstring_is_reported():
	doc = _build(
		openapi.Endpoint("wms_module.api.y.plain", _plain, ("GET", "POST")),
		openapi.Endpoint("wms_module.api.y.pdf", _pdf, ("GET",)),
	)
	plain = doc["paths"]["/api/method/wms_module.api.y.plain"]
	assert list(plain) == ["get", "post"]
	assert [plain["get"]["operationId"], plain["post"]["operationId"]] == ["y.plain.get", "y.plain.post"]
	assert plain["get"]["parameters"] == [
		{"name": "name", "in": "query", "required": False, "schema": {"type": "string"}}
	]
	assert "x-required-roles" not in plain["get"]
	assert plain["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"][
		"message"
	] == {
		"type": "array",
		"items": {"type": "object"},
	}
	assert openapi.undocumented(doc) == [
		"GET /api/method/wms_module.api.y.plain",
		"POST /api/method/wms_module.api.y.plain",
	]
	pdf = doc["paths"]["/api/method/wms_module.api.y.pdf"]["get"]
	assert list(pdf["responses"]["200"]["content"]) == ["application/pdf"]
	assert "404" not in pdf["responses"]  # nothing named, nothing to miss
	assert [t["name"] for t in doc["tags"]] == ["y"]


def test_a_type_the_builder_cannot_describe_is_named_with_its_parameter():
	def odd(when: complex) -> dict:
		"""Odd."""

	with pytest.raises(TypeError, match=r"wms_module\.api\.z\.odd\(when\): cannot describe type"):
		openapi.build_openapi([openapi.Endpoint("wms_module.api.z.odd", odd, ("GET",))])


# --- the endpoint ---------------------------------------------------------------------------


def test_the_endpoint_answers_a_system_user_and_refuses_a_website_user():
	answer = openapi.document()
	assert answer["paths"] and answer["servers"] == [{"url": frappe.utils.get_url()}]

	frappe.get_doc(
		{
			"doctype": "User",
			"email": "shopper@openapi.example",
			"first_name": "Shopper",
			"user_type": "Website User",
		}
	).insert(ignore_permissions=True)
	frappe.set_user("shopper@openapi.example")
	with pytest.raises(frappe.PermissionError, match="System Users"):
		openapi.document()
