"""Whitelisted endpoints, split by feature: /api/method/wms_module.api.<module>.<function>.

No module here uses ``from __future__ import annotations``: Frappe v15 validates
whitelisted arguments from real type objects and skips string annotations
(frappe/utils/typing_validations.py), so postponed annotations would switch the check off.
A test (tests/app/test_hooks.py) keeps it that way.
"""
