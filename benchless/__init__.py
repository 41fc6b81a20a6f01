"""benchless: stand-ins for ``frappe`` and ``erpnext`` so wms_module runs without a bench.

``activate()`` puts this folder at the front of ``sys.path`` so that ``import frappe`` and
``import erpnext`` resolve to ``benchless/frappe`` and ``benchless/erpnext`` — but only when
no real Frappe is importable (a real bench always wins). Never import them as
``benchless.frappe``.
"""

import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def activate():
	"""Make the stand-ins importable; return True if the stand-in is (now) in use."""
	if HERE in sys.path:
		return True
	if importlib.util.find_spec("frappe") is not None:
		return False
	sys.path.insert(0, HERE)
	importlib.invalidate_caches()
	return True


def is_active():
	import frappe

	return bool(getattr(frappe, "BENCHLESS", False))
