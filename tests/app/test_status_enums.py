"""The app's status and type enums are the doctypes' Select options, in order: code that compares a
task's type or a wave's status with an enum member means what the desk shows."""

from __future__ import annotations

import json

import pytest

from tests.app.app_files import MODULE_DIR
from wms_module.core.qc_checks import InspectionSeverity, QCCheckStatus
from wms_module.core.tasks import TaskStatus, TaskType
from wms_module.core.waves import RELEASED, UNRELEASED, PickingMode, WaveStatus


def select_options(doctype_folder: str, fieldname: str) -> list[str]:
	meta = json.loads((MODULE_DIR / "doctype" / doctype_folder / f"{doctype_folder}.json").read_text())
	(field,) = [f for f in meta["fields"] if f["fieldname"] == fieldname]
	return [o for o in field["options"].split("\n") if o]


@pytest.mark.parametrize(
	("folder", "fieldname", "enum"),
	[
		("warehouse_task", "task_type", TaskType),
		("warehouse_task", "status", TaskStatus),
		("pick_wave", "status", WaveStatus),
		("pick_wave", "picking_mode", PickingMode),
		("qc_check", "status", QCCheckStatus),
		("qc_check", "inspection_severity", InspectionSeverity),
		("wms_inspection_state", "severity", InspectionSeverity),
	],
)
def test_enum_is_the_select_field(folder, fieldname, enum):
	assert [m.value for m in enum] == select_options(folder, fieldname)


def test_released_and_unreleased_waves_do_not_overlap():
	assert not set(RELEASED) & set(UNRELEASED)
	assert set(RELEASED) | set(UNRELEASED) < {m.value for m in WaveStatus}
