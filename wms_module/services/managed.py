"""Which warehouses the WMS manages: those whose Warehouse Layout is active.

The app is a plugin for sites that already run ERPNext: their warehouses, stock and orders were
there first, and many warehouses are never meant to be managed (transit, work in progress, a
shop). So every hook on an ERPNext document asks here first, with one query, and leaves a
document that touches no managed warehouse alone: no tasks for its Sales Orders, no bin rows for
its stock. A warehouse becomes managed when its layout is activated (services.going_live).
"""

from __future__ import annotations

from collections.abc import Iterable

import frappe

ACTIVE_FIELD = "is_active"
"""Warehouse Layout: the WMS manages the warehouse (and its stock is in its bins)."""


def managed_warehouses(warehouses: Iterable[str | None]) -> set[str]:
	"""The warehouses of ``warehouses`` the WMS manages. One query (none for no warehouse)."""
	names = sorted({w for w in warehouses if w})
	if not names:
		return set()
	return set(
		frappe.get_all(
			"Warehouse Layout",
			filters={"warehouse": ["in", names], ACTIVE_FIELD: 1},
			pluck="warehouse",
		)
	)


def is_managed(warehouse: str | None) -> bool:
	return bool(warehouse) and warehouse in managed_warehouses([warehouse])


def document_warehouses(doc) -> set[str]:
	"""Every warehouse an ERPNext document names, on its header or its rows (``warehouse``,
	``set_warehouse``, ``s_warehouse``, ``t_warehouse``, ``rejected_warehouse``, ...): a superset
	of the warehouses its stock postings and order lines use, read without a query."""
	names: set[str] = set()
	stack = [doc.as_dict()]
	while stack:
		row = stack.pop()
		for key, value in row.items():
			if isinstance(value, list):
				stack.extend(v for v in value if isinstance(v, dict))
			elif isinstance(value, str) and value and key.endswith("warehouse"):
				names.add(value)
	return names


def touches_managed_warehouse(doc) -> set[str]:
	"""The managed warehouses ``doc`` names (empty: the WMS leaves the document alone). One query
	per hook, none when the document names no warehouse. Not remembered on the document: a
	warehouse may be activated between two hooks of the same document (its submit, then its
	cancel), and an edit may name other warehouses."""
	return managed_warehouses(document_warehouses(doc))
