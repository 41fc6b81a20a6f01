"""frappe.modules: import doctype controller modules (frappe/modules/__init__.py, v15)."""

import importlib

import frappe
from frappe.modules.utils import get_module_app, scrub  # noqa: F401


def get_doctype_module(doctype):
	return frappe.get_meta(doctype).module


def get_module_name(doctype, module, prefix="", suffix="", app=None):
	app = scrub(app or get_module_app(module))
	dt = scrub(doctype)
	module = scrub(module)
	return f"{app}.{module}.doctype.{prefix}{dt}.{prefix}{dt}{suffix}"


def load_doctype_module(doctype, module=None, prefix="", suffix=""):
	"""Import ``<app>.<module>.doctype.<n>.<n>`` (ImportError if it cannot be imported)."""
	meta = frappe.get_meta(doctype)
	module = module or meta.module
	module_name = get_module_name(doctype, module, prefix, suffix, app=meta.app)
	try:
		return importlib.import_module(module_name)
	except ImportError as e:
		raise ImportError(f"Module import failed for {doctype}, the DocType you're trying to open might be deleted.\nError: {e}") from e
