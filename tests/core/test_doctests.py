"""The examples in core docstrings are part of the documentation: they must stay true."""

import doctest
import importlib
import pkgutil

import pytest

import wms_module.core

CORE_MODULES = sorted(
	m.name for m in pkgutil.walk_packages(wms_module.core.__path__, prefix="wms_module.core.")
)
# modules whose docstrings teach by example; each must keep at least one
MUST_HAVE_EXAMPLES = {
	"wms_module.core.bins",
	"wms_module.core.allocation",
	"wms_module.core.labels",
	"wms_module.core.scan",
	"wms_module.core.putaway",
	"wms_module.core.sampling",
}


@pytest.mark.parametrize("name", CORE_MODULES)
def test_docstring_examples(name):
	module = importlib.import_module(name)
	result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
	if name in MUST_HAVE_EXAMPLES:
		assert result.attempted > 0, f"{name} has no docstring examples"
	assert result.failed == 0
