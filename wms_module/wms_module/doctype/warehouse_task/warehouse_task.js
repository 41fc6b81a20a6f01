// Copyright (c) 2026, wms_module developers and contributors
// For license information, please see license.txt

// A count awaiting approval: the supervisor posts it or orders a recount here, through the same
// endpoints as the API (wms_module.api.counts: roles and checks are there).
const COUNT_ACTIONS = [
	{ label: __("Approve Count"), method: "approve", confirm: __("Post this count to the bin?") },
	{ label: __("Order Recount"), method: "recount", confirm: __("Clear this count and count the bin again?") },
];

frappe.ui.form.on("Warehouse Task", {
	refresh(frm) {
		const supervisor = frappe.user.has_role(["WMS Supervisor", "WMS Manager", "System Manager"]);
		if (frm.doc.task_type !== "Count" || frm.doc.status !== "Awaiting Approval" || !supervisor) return;
		for (const action of COUNT_ACTIONS) {
			frm.add_custom_button(action.label, () =>
				frappe.confirm(action.confirm, () =>
					frappe
						.call({ method: "wms_module.api.counts." + action.method, args: { task: frm.doc.name } })
						.then(() => frm.reload_doc())
				)
			);
		}
	},
});
