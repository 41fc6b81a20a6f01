"""Report: benchless core doctype, controller after frappe/frappe v15
``frappe/core/doctype/report/report.py``.

Kept: ``validate`` (module from the ref DocType, ``is_standard`` default, standard reports
only by Administrator and only in developer mode / install / import / migrate / patch, a
standard report cannot be turned into a non-standard one), ``before_insert`` →
``set_doctype_roles``, ``on_trash`` (standard reports are not deleted outside developer
mode / migrate / patch), ``is_permitted`` (the ``roles`` table, "Has Role"; no rows = every
user), ``execute_script_report`` → ``execute_module`` (``<app>.<module>.report.<name>.<name>
.execute(frappe._dict(filters))``, the run time kept in the cache hash
``report_execution_time``), ``get_report_module_dotted_path``, ``toggle_disable``.

Not modelled: Custom Role (``get_custom_allowed_roles``, which replaces the roles table
when set), non-standard Script Reports (``report_script`` run by ``safe_exec``), Query
Reports, Report Builder / ``get_data``, export to files in developer mode, and the 15 s
timer that turns a slow report into a prepared report.
"""

import datetime

import frappe
import frappe.desk.query_report  # noqa: F401  (as the real module; its callers reach it through here)
from frappe import _, scrub
from frappe.model.document import Document
from frappe.utils import cint


class Report(Document):
	def validate(self):
		"""only administrator can save standard report"""
		if not self.module:
			self.module = frappe.db.get_value("DocType", self.ref_doctype, "module")

		if not self.is_standard:
			self.is_standard = "No"
			if (
				frappe.session.user == "Administrator"
				and getattr(frappe.local.conf, "developer_mode", 0) == 1
			):
				self.is_standard = "Yes"

		if self.is_standard == "No":
			# allow only script manager to edit scripts
			if self.report_type != "Report Builder":
				frappe.only_for("Script Manager", True)

			if frappe.db.get_value("Report", self.name, "is_standard") == "Yes":
				frappe.throw(_("Cannot edit a standard report. Please duplicate and create a new report"))

		if self.is_standard == "Yes":
			self.validate_standard_report()

			# Letter Head is visible only for non-standard reports.
			# It should not remain set when it's invisible.
			self.letter_head = None

		if self.report_type == "Report Builder":
			self.update_report_json()

	def before_insert(self):
		self.set_doctype_roles()

	def on_trash(self):
		if (
			self.is_standard == "Yes"
			and not cint(getattr(frappe.local.conf, "developer_mode", 0))
			and not (frappe.flags.in_migrate or frappe.flags.in_patch)
		):
			frappe.throw(_("You are not allowed to delete Standard Report"))

	def get_columns(self):
		return [d.as_dict(no_default_fields=True, no_child_table_fields=True) for d in self.columns]

	@frappe.whitelist()
	def set_doctype_roles(self):
		if not self.get("roles") and self.is_standard == "No":
			meta = frappe.get_meta(self.ref_doctype)
			if not meta.istable:
				roles = [{"role": d.role} for d in meta.permissions if (d.permlevel or 0) == 0]
				self.set("roles", roles)

	def is_permitted(self):
		"""Returns true if Has Role is not set or the user is allowed."""
		from frappe.utils import has_common

		allowed = [d.role for d in frappe.get_all("Has Role", fields=["role"], filters={"parent": self.name})]

		# real v15: custom_roles = get_custom_allowed_roles("report", self.name) replaces
		# `allowed` when set (Custom Role is not modelled)

		if not allowed:
			return True

		if has_common(frappe.get_roles(), allowed):
			return True

	def update_report_json(self):
		if not self.json:
			self.json = "{}"

	def execute_query_report(self, filters):
		frappe.throw(
			_("benchless does not run Query Reports (report {0}); only standard Script Reports").format(
				self.name
			),
			NotImplementedError,
		)

	def execute_script_report(self, filters):
		res = []
		start_time = datetime.datetime.now()

		if self.is_standard == "Yes":
			res = self.execute_module(filters)
		else:
			res = self.execute_script(filters)

		execution_time = (datetime.datetime.now() - start_time).total_seconds()
		frappe.cache.hset("report_execution_time", self.name, execution_time)

		return res

	def execute_module(self, filters):
		# report in python module
		module = self.module or frappe.db.get_value("DocType", self.ref_doctype, "module")
		method_name = get_report_module_dotted_path(module, self.name) + ".execute"
		return frappe.get_attr(method_name)(frappe._dict(filters))

	def execute_script(self, filters):
		frappe.throw(
			_(
				"benchless does not run non-standard Script Reports (report {0}: report_script needs safe_exec)"
			).format(self.name),
			NotImplementedError,
		)

	def validate_standard_report(self):
		if frappe.session.user != "Administrator":
			frappe.throw(_("Only Administrator can save a standard report. Please rename and save."))

		if not cint(frappe.conf.developer_mode) and not (
			frappe.flags.in_migrate
			or frappe.flags.in_patch
			or frappe.flags.in_install
			or frappe.flags.in_import
		):
			frappe.throw(_("Standard reports can only be created in developer mode."))

	@frappe.whitelist()
	def toggle_disable(self, disable: bool):
		if not self.has_permission("write"):
			frappe.throw(_("You are not allowed to edit the report."))

		self.db_set("disabled", cint(disable))


def is_prepared_report_enabled(report):
	return cint(frappe.db.get_value("Report", report, "prepared_report")) or 0


def get_report_module_dotted_path(module, report_name):
	if not frappe.local.module_app:
		frappe.setup_module_map()
	return (
		frappe.local.module_app[scrub(module)]
		+ "."
		+ scrub(module)
		+ ".report."
		+ scrub(report_name)
		+ "."
		+ scrub(report_name)
	)
