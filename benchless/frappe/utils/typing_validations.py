"""benchless stand-in for frappe/utils/typing_validations.py (v15).

Real Frappe wraps every whitelisted function with ``validate_argument_types`` (in
``frappe.whitelist``) and, while a request is being served (or in tests), checks each
argument against the function's type hints with a pydantic ``TypeAdapter`` in lax mode,
replacing the value with the coerced one ("5" -> 5 for ``int``). A mismatch raises
``frappe.exceptions.FrappeTypeError`` (a ``TypeError`` with ``http_status_code = 417``)::

	Argument 'qty' in 'mod.fn' should be of type 'int' but got 'str' instead.

Faithful details kept here:
- ``bool`` hints get slack: they accept ``int | bool | float`` (``SLACK_DICT``).
- a parameter's default value's type is added to the accepted types
  (``def f(x: str = None)`` accepts ``None``).
- annotations that are strings or ``ForwardRef`` are skipped. NOTE: a module with
  ``from __future__ import annotations`` has *only* string annotations, so real v15 checks
  nothing for it; this stand-in does the same.

pydantic is not installed here, so ``_coerce`` re-implements the lax-mode rules for the
types whitelisted methods use: str, int, float, bool, dict, list, tuple, set, Any, None,
Optional / Union / ``X | Y``, Literal, date/datetime/time, ``dict[K, V]``, ``list[T]``
and plain classes (isinstance). Anything else is accepted unchanged.
"""

import datetime
import decimal
import inspect
import types
import typing
from collections.abc import Callable, Mapping
from functools import wraps
from inspect import _empty, isclass
from typing import Any, ForwardRef, Literal, Union

import frappe

try:  # H1's exceptions may already define it (real: frappe.exceptions.FrappeTypeError)
	from frappe.exceptions import FrappeTypeError  # type: ignore
except Exception:  # pragma: no cover - depends on the ORM side

	class FrappeTypeError(TypeError):
		http_status_code = 417


SLACK_DICT = {bool: (int, bool, float)}
ForwardRefOrStr = (ForwardRef, str)
_VALIDATED_MARK = "__benchless_argument_types_validated__"


def _in_request_or_test() -> bool:
	flags = getattr(frappe.local, "flags", None) or {}
	return bool(getattr(frappe.local, "request", None)) or bool(flags.get("in_test"))


def validate_argument_types(func: Callable, apply_condition: Callable | None = None):
	"""Decorator used by frappe.whitelist: validate/coerce arguments before calling."""

	@wraps(func)
	def wrapper(*args, **kwargs):
		if apply_condition is None or apply_condition():
			args, kwargs = transform_parameter_types(func, args, kwargs)
		return func(*args, **kwargs)

	setattr(wrapper, _VALIDATED_MARK, True)
	return wrapper


def is_validated(func: Callable) -> bool:
	return bool(getattr(func, _VALIDATED_MARK, False))


def qualified_name(obj) -> str:
	discovered_type = obj if isclass(obj) else type(obj)
	module, qualname = discovered_type.__module__, discovered_type.__qualname__
	if module in {"typing", "types"}:
		return str(obj)
	if module == "builtins":
		return qualname
	return f"{module}.{qualname}"


def raise_type_error(func, arg_name: str, arg_type, arg_value, current_exception: Exception | None = None):
	module, qualname = func.__module__, func.__qualname__
	raise FrappeTypeError(
		f"Argument '{arg_name}' in '{module}.{qualname}' should be of type '{_type_name(arg_type)}' but got "
		f"'{qualified_name(arg_value)}' instead."
	) from current_exception


def _union_members(tp) -> tuple:
	origin = typing.get_origin(tp)
	if origin is Union or (hasattr(types, "UnionType") and origin is types.UnionType):
		return tuple(typing.get_args(tp))
	return (tp,)


def _type_name(tp) -> str:
	if isinstance(tp, tuple):
		return " | ".join(_type_name(t) for t in tp)
	if tp is type(None):
		return "None"
	if isclass(tp) and not typing.get_args(tp):
		return qualified_name(tp)
	return str(tp).replace("typing.", "")


def _signature_params(func):
	try:
		return inspect.signature(func).parameters
	except (TypeError, ValueError):
		return {}


def transform_parameter_types(func: Callable, args: tuple, kwargs: dict):
	"""Validate (and coerce) arguments against ``func``'s annotations."""
	annotations = getattr(func, "__annotations__", None) or {}
	if not (args or kwargs) or not annotations or (len(annotations) == 1 and "return" in annotations):
		return args, kwargs

	new_args, new_kwargs = list(args), kwargs
	arg_names: list[str] = []
	if args:
		code = getattr(func, "__code__", None)
		arg_names = list(code.co_varnames[: code.co_argcount]) if code else []
		prepared_args = dict(zip(arg_names, args, strict=False))
		if kwargs:
			prepared_args.update(kwargs)
	else:
		prepared_args = kwargs

	func_params = _signature_params(func)

	for current_arg, current_arg_type in annotations.items():
		if current_arg == "return" or current_arg not in prepared_args:
			continue
		current_arg_value = prepared_args[current_arg]

		if isinstance(current_arg_type, ForwardRefOrStr):
			continue
		if any(isinstance(x, ForwardRefOrStr) for x in typing.get_args(current_arg_type)):
			continue

		accepted = SLACK_DICT.get(current_arg_type, current_arg_type)
		param_def = func_params.get(current_arg)
		if param_def is not None and param_def.default is not _empty:
			default_type = type(param_def.default)
			members = accepted if isinstance(accepted, tuple) else _union_members(accepted)
			if default_type not in members:
				accepted = (*members, default_type)

		try:
			value_after = _coerce(accepted, current_arg_value)
		except (TypeError, ValueError) as e:
			raise_type_error(func, current_arg, accepted, current_arg_value, current_exception=e)

		if current_arg in kwargs:
			new_kwargs[current_arg] = value_after
		elif current_arg in arg_names:
			new_args[arg_names.index(current_arg)] = value_after

	return tuple(new_args), new_kwargs


# --- lax coercion (pydantic v2 "python lax mode" subset) ---------------------------


class _Fail(ValueError):
	pass


def _coerce(tp, value):
	"""Return the (possibly converted) value or raise _Fail."""
	if isinstance(tp, tuple):
		return _coerce_union(tp, value)
	if tp is Any or tp is object or tp is inspect.Parameter.empty:
		return value
	if tp is None or tp is type(None):
		if value is None:
			return None
		raise _Fail("expected None")

	origin = typing.get_origin(tp)
	if origin is Union or (hasattr(types, "UnionType") and origin is types.UnionType):
		return _coerce_union(typing.get_args(tp), value)
	if origin is Literal:
		for option in typing.get_args(tp):
			if value == option and type(value) is type(option):
				return option
		for option in typing.get_args(tp):
			if isinstance(option, str) is False and str(option) == str(value):
				return option
		raise _Fail("not one of the literal values")
	if origin is typing.Annotated:
		return _coerce(typing.get_args(tp)[0], value)
	if origin in (list, typing.List, set, frozenset, tuple):  # noqa: UP006
		return _coerce_sequence(origin, typing.get_args(tp), value)
	if origin in (dict, typing.Dict, Mapping) or (origin is not None and isclass(origin) and issubclass(origin, Mapping)):  # noqa: UP006
		return _coerce_mapping(typing.get_args(tp), value)
	if origin is not None and isclass(origin):
		if isinstance(value, origin):
			return value
		raise _Fail(f"expected {origin}")

	if tp is bool:
		return _coerce_bool(value)
	if tp is int:
		return _coerce_int(value)
	if tp is float:
		return _coerce_float(value)
	if tp is str:
		if isinstance(value, str):
			return value
		if isinstance(value, bytes | bytearray):
			return bytes(value).decode()
		raise _Fail("expected str")
	if tp in (list, set, frozenset, tuple):
		return _coerce_sequence(tp, (), value)
	if tp is dict:
		return _coerce_mapping((), value)
	if tp is datetime.datetime:
		if isinstance(value, datetime.datetime):
			return value
		if isinstance(value, str):
			return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
		raise _Fail("expected datetime")
	if tp is datetime.date:
		if isinstance(value, datetime.datetime):
			raise _Fail("expected date")
		if isinstance(value, datetime.date):
			return value
		if isinstance(value, str):
			return datetime.date.fromisoformat(value)
		raise _Fail("expected date")
	if tp is datetime.time:
		if isinstance(value, datetime.time):
			return value
		if isinstance(value, str):
			return datetime.time.fromisoformat(value)
		raise _Fail("expected time")
	if tp is decimal.Decimal:
		try:
			return decimal.Decimal(str(value)) if not isinstance(value, bool) else _raise("bool")
		except decimal.InvalidOperation as e:
			raise _Fail("expected decimal") from e
	if isclass(tp):
		if isinstance(value, tp):
			return value
		raise _Fail(f"expected instance of {tp}")
	return value


def _raise(msg):
	raise _Fail(msg)


def _coerce_union(options, value):
	# smart mode: an exact type match wins, then the first lax success in order
	for option in options:
		if isclass(option) and typing.get_origin(option) is None and type(value) is option:
			return value
		if (option is None or option is type(None)) and value is None:
			return None
	errors = []
	for option in options:
		try:
			return _coerce(option, value)
		except (_Fail, TypeError, ValueError) as e:
			errors.append(e)
	raise _Fail("; ".join(str(e) for e in errors) or "no union member matched")


def _coerce_bool(value):
	if isinstance(value, bool):
		return value
	if isinstance(value, int | float) and value in (0, 1):
		return bool(value)
	if isinstance(value, str):
		lowered = value.strip().lower()
		if lowered in ("0", "off", "f", "false", "n", "no"):
			return False
		if lowered in ("1", "on", "t", "true", "y", "yes"):
			return True
	raise _Fail("expected bool")


def _coerce_int(value):
	if isinstance(value, bool):
		return int(value)
	if isinstance(value, int):
		return value
	if isinstance(value, float):
		if value.is_integer():
			return int(value)
		raise _Fail("float with a fractional part")
	if isinstance(value, decimal.Decimal):
		if value == value.to_integral_value():
			return int(value)
		raise _Fail("decimal with a fractional part")
	if isinstance(value, str):
		text = value.strip()
		try:
			return int(text)
		except ValueError:
			try:
				number = float(text)
			except ValueError as e:
				raise _Fail("not an integer") from e
			if number.is_integer():
				return int(number)
			raise _Fail("not an integer") from None
	raise _Fail("expected int")


def _coerce_float(value):
	if isinstance(value, bool):
		return float(value)
	if isinstance(value, int | float | decimal.Decimal):
		return float(value)
	if isinstance(value, str):
		try:
			return float(value.strip())
		except ValueError as e:
			raise _Fail("not a number") from e
	raise _Fail("expected float")


def _coerce_sequence(kind, params, value):
	if isinstance(value, str | bytes | Mapping) or not isinstance(value, list | tuple | set | frozenset):
		raise _Fail(f"expected {getattr(kind, '__name__', kind)}")
	items = list(value)
	if kind is tuple and params:
		if len(params) == 2 and params[1] is Ellipsis:
			items = [_coerce(params[0], v) for v in items]
		else:
			if len(params) != len(items):
				raise _Fail("wrong tuple length")
			items = [_coerce(p, v) for p, v in zip(params, items, strict=True)]
	elif params:
		items = [_coerce(params[0], v) for v in items]
	if kind in (list, typing.List):  # noqa: UP006
		return items
	if kind is tuple:
		return tuple(items)
	if kind is frozenset:
		return frozenset(items)
	return set(items)


def _coerce_mapping(params, value):
	if not isinstance(value, Mapping):
		raise _Fail("expected dict")
	if not params:
		return value
	key_type, value_type = params
	out = type(value)() if isinstance(value, dict) else {}
	for k, v in value.items():
		out[_coerce(key_type, k)] = _coerce(value_type, v)
	return out
