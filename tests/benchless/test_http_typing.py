"""Argument type checks of whitelisted methods (frappe/utils/typing_validations.py, v15)
as invariants, without a server: what a query string can carry and what it becomes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import benchless

benchless.activate()

from frappe.exceptions import FrappeTypeError  # noqa: E402
from frappe.utils.typing_validations import transform_parameter_types  # noqa: E402


def target(
	qty: int, ratio: float = 1.0, flag: bool = False, label: str | None = None, tags: list[str] | None = None
):
	return qty


def check(**kwargs):
	return transform_parameter_types(target, (), kwargs)[1]


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integer_strings_become_ints(n):
	assert check(qty=str(n)) == {"qty": n}
	assert check(qty=f" {n} ")["qty"] == n


@given(st.floats(allow_nan=False, allow_infinity=False, width=32))
def test_float_strings_become_floats(x):
	assert check(qty=1, ratio=repr(x))["ratio"] == float(repr(x))


@given(st.text(alphabet="abcxyz-_ ", min_size=1))
def test_non_numeric_text_for_int_names_argument_and_type(text):
	with pytest.raises(FrappeTypeError) as e:
		check(qty=text)
	assert "Argument 'qty'" in str(e.value) and "'int'" in str(e.value)
	assert e.value.http_status_code == 417


@given(st.sampled_from(["true", "True", "yes", "on"]))
def test_bool_words(word):
	assert check(qty=1, flag=word)["flag"] is True


def test_bool_hint_has_int_and_float_slack_like_v15():
	assert check(qty=1, flag="1")["flag"] == 1
	assert check(qty=1, flag=0.0)["flag"] == 0.0


def test_default_none_makes_optional_and_lists_are_checked():
	assert check(qty=1, label=None, tags=None) == {"qty": 1, "label": None, "tags": None}
	assert check(qty=1, tags=["a", "b"])["tags"] == ["a", "b"]
	with pytest.raises(FrappeTypeError, match="Argument 'tags'"):
		check(qty=1, tags="a,b")
	with pytest.raises(FrappeTypeError, match="Argument 'label'"):
		check(qty=1, label=5)
	with pytest.raises(FrappeTypeError, match="Argument 'qty'"):
		check(qty="1.5")


def test_string_annotations_are_not_checked_as_in_v15():
	def deferred(qty: "int"):
		return qty

	assert transform_parameter_types(deferred, (), {"qty": "not a number"})[1] == {"qty": "not a number"}
