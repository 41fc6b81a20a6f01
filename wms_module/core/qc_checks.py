"""The QC Check's states and the inspection severities as the desk shows them (the doctypes'
Select options, pinned by tests/app/test_status_enums.py), shared by the services, the quarantine
rules and the supplier quality report."""

from __future__ import annotations

from enum import Enum

from wms_module.core import sampling


class QCCheckStatus(str, Enum):
	OPEN = "Open"
	AWAITING_DISPOSITION = "Awaiting Disposition"
	CLOSED = "Closed"
	DISCONTINUED = "Discontinued"
	CANCELLED = "Cancelled"


HOLDING = (
	QCCheckStatus.OPEN.value,
	QCCheckStatus.AWAITING_DISPOSITION.value,
	QCCheckStatus.DISCONTINUED.value,
)
"""Statuses whose lot is (or will be) in quarantine."""
WAITING = (QCCheckStatus.OPEN.value, QCCheckStatus.AWAITING_DISPOSITION.value)
"""Statuses still waiting for someone: a decision, or the disposition of rejected units."""


class InspectionSeverity(str, Enum):
	"""QC Check.inspection_severity and WMS Inspection State.severity."""

	NORMAL = "Normal"
	TIGHTENED = "Tightened"
	REDUCED = "Reduced"
	DISCONTINUED = "Discontinued"


SEVERITY_LABELS = {
	sampling.NORMAL_SEVERITY: InspectionSeverity.NORMAL.value,
	sampling.TIGHTENED: InspectionSeverity.TIGHTENED.value,
	sampling.REDUCED: InspectionSeverity.REDUCED.value,
	sampling.DISCONTINUED: InspectionSeverity.DISCONTINUED.value,
}
"""core.sampling's severity -> its label on the desk."""
SEVERITY_OF_LABEL = {label: key for key, label in SEVERITY_LABELS.items()}
