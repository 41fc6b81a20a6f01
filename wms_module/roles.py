"""The app's roles and the small permission decorator endpoints stack on.

The roles ship as fixtures (fixtures/role.json). ``System Manager`` passes
every check, as it does across Frappe's own desk.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable
from typing import TypeVar

import frappe
from frappe import _

WMS_MANAGER = "WMS Manager"
WMS_SUPERVISOR = "WMS Supervisor"
WMS_OPERATOR = "WMS Operator"
WMS_ROLES = (WMS_MANAGER, WMS_SUPERVISOR, WMS_OPERATOR)
SUPERUSER_ROLES = ("System Manager", "Administrator")

F = TypeVar("F", bound=Callable)


def wms_roles_of(user: str | None = None) -> list[str]:
	"""The WMS roles ``user`` (default: the session user) holds, in rank order."""
	held = set(frappe.get_roles(user or frappe.session.user))
	return [role for role in WMS_ROLES if role in held]


def has_any_role(*roles: str, user: str | None = None) -> bool:
	held = set(frappe.get_roles(user or frappe.session.user))
	return bool(held.intersection(roles + SUPERUSER_ROLES))


def require_roles(*roles: str) -> Callable[[F], F]:
	"""Refuse the call with ``frappe.PermissionError`` unless the user holds one of ``roles``.

	Stack it under ``@frappe.whitelist()`` so the whitelisted object is the checked one.
	"""

	def decorator(fn: F) -> F:
		signature = inspect.signature(fn)

		@functools.wraps(fn)
		def wrapper(*args, **kwargs):
			if not has_any_role(*roles):
				frappe.throw(
					_("Only {0} may do this").format(", ".join(roles)),
					frappe.PermissionError,
				)
			check_arguments(fn.__name__, signature, args, kwargs)
			return fn(*args, **kwargs)

		wrapper.required_roles = roles  # read by the OpenAPI description (api/openapi.py)
		return wrapper  # type: ignore[return-value]

	return decorator


def check_arguments(name: str, signature: inspect.Signature, args: tuple, kwargs: dict) -> None:
	"""Refuse, with a ValidationError (HTTP 417) that names the parameter, a call that lacks a
	required parameter or passes a number that is not finite.

	Frappe passes the request's form fields as keyword arguments (frappe/handler.py), so a client
	that leaves one out would otherwise meet Python's TypeError, an HTTP 500 that names nothing;
	and its type conversion turns "nan" or "1e400" into a float that every comparison lets through
	(NaN is neither <= 0 nor > 0)."""
	try:
		bound = signature.bind(*args, **kwargs)
	except TypeError:
		given = set(signature.bind_partial(*args).arguments) | set(kwargs)
		missing = [
			p.name
			for p in signature.parameters.values()
			if p.default is inspect.Parameter.empty
			and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
			and p.name not in given
		]
		if not missing:
			raise
		frappe.throw(
			_("{0}: missing required parameter {1}").format(name, ", ".join(missing)),
			frappe.ValidationError,
			title=_("Missing Parameter"),
		)
	for param, value in bound.arguments.items():
		if isinstance(value, float) and not math.isfinite(value):
			frappe.throw(
				_("{0}: {1} must be a finite number, got {2}").format(name, param, value),
				frappe.ValidationError,
			)
