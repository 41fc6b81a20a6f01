"""Pick Wave states (no frappe).

A wave is gathered (Draft), planned into tours (Planned), handed to the floor (Released), picked
(In Progress) and ends Completed or Cancelled. Until it is released it is nobody's work yet.
"""

from __future__ import annotations

from enum import Enum


class WaveStatus(str, Enum):
	"""Pick Wave.status (the doctype's options, in order)."""

	DRAFT = "Draft"
	PLANNED = "Planned"
	RELEASED = "Released"
	IN_PROGRESS = "In Progress"
	COMPLETED = "Completed"
	CANCELLED = "Cancelled"


class PickingMode(str, Enum):
	"""Pick Wave.picking_mode: whole orders per tour (Batch), one tote per order on a cart
	(Cluster), or tours that never leave a storage zone (Zone)."""

	BATCH = "Batch"
	CLUSTER = "Cluster"
	ZONE = "Zone"


UNRELEASED = (WaveStatus.DRAFT.value, WaveStatus.PLANNED.value)
"""Wave states whose tasks the floor does not see yet; an order edit may still re-plan them."""

RELEASED = (WaveStatus.RELEASED.value, WaveStatus.IN_PROGRESS.value)
"""Wave states whose tasks are on the floor (offered to operators, progress tracked)."""
