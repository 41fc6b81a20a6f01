"""The examples in core docstrings are part of the documentation: they must stay true."""

import doctest
import importlib

import pytest

MODULES = ["bins", "allocation", "labels", "scan"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
	try:
		module = importlib.import_module(f"wms_module.core.{name}")
	except ModuleNotFoundError:
		pytest.skip(f"wms_module.core.{name} not written yet")
	result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
	assert result.attempted > 0, f"{name} has no docstring examples"
	assert result.failed == 0
