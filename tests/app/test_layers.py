"""DESIGN.md section 2: core/ is framework-free, and no module of the app imports another that
imports it back (a cycle hidden in a function-local import counts too). import-linter holds
both contracts (pyproject.toml [tool.importlinter]); this test runs it so CI fails on a breach."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.app.app_files import REPO


def test_core_is_framework_free_and_no_module_imports_in_a_cycle():
	lint = Path(sys.executable).with_name("lint-imports")
	assert lint.exists(), "import-linter is a dev dependency (requirements-dev.txt)"
	result = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=300)
	assert result.returncode == 0, result.stdout + result.stderr
	assert "core is framework-free KEPT" in result.stdout
	assert "no import cycle KEPT" in result.stdout
