"""Where the app's standard files live, and the doctypes it may link to outside itself.

Shared by the conformance and guard tests; plain data, no frappe import.
"""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "wms_module"
MODULE_NAME = "WMS Module"
MODULE_DIR = APP / "wms_module"

# Doctypes of Frappe and ERPNext v15 that the app's Link/Table fields may point at.
# A name here must exist in a real v15 site; keep it to what the app really uses.
EXTERNAL_DOCTYPES = {
	# frappe
	"User",
	"Role",
	"DocType",
	"Module Def",
	"Print Format",
	"File",
	# erpnext v15
	"Company",
	"Warehouse",
	"Item",
	"Item Group",
	"UOM",
	"Batch",
	"Serial No",
	"Customer",
	"Supplier",
	"Sales Order",
	"Sales Order Item",
	"Delivery Note",
	"Delivery Note Item",
	"Purchase Receipt",
	"Purchase Receipt Item",
	"Stock Entry",
	"Stock Entry Detail",
	"Stock Reconciliation",
	"Bin",
	"Stock Ledger Entry",
	"Pick List",
	"Shipping Rule",
	"Employee",
	"Quality Inspection",
	"Quality Inspection Parameter",
	"Quality Inspection Template",
	"Stock Reservation Entry",
	"Item Barcode",
}

# Roles that exist on every Frappe/ERPNext site, besides the app's own fixtures.
STANDARD_ROLES = {
	"Administrator",
	"System Manager",
	"Guest",
	"All",
	"Desk User",
	"Stock Manager",
	"Stock User",
	"Sales User",
	"Sales Manager",
	"Purchase User",
	"Purchase Manager",
	"Item Manager",
	"Quality Manager",
}


def scrub(txt: str) -> str:
	"""frappe.scrub: spaces and hyphens to underscores, lower case (frappe/__init__.py)."""
	return txt.replace(" ", "_").replace("-", "_").lower()


def standard_json_files(kind: str) -> list[Path]:
	"""Every `<module>/<kind>/<name>/<name>.json` of the app (kind: doctype, report, workspace, page)."""
	base = MODULE_DIR / kind
	return sorted(p for p in base.glob("*/*.json") if p.stem == p.parent.name)


def load(path: Path) -> dict:
	return json.loads(path.read_text())


def app_doctypes() -> dict[str, dict]:
	return {d["name"]: d for d in map(load, standard_json_files("doctype"))}


def fixture_roles() -> set[str]:
	path = APP / "fixtures" / "role.json"
	return {row["name"] for row in json.loads(path.read_text())} if path.exists() else set()
