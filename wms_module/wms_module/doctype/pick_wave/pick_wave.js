// Copyright (c) 2026, wms_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Pick Wave", {
	refresh(frm) {
		if (frm.is_new()) return;
		// a released wave is the operators' work list: its orders and tours change only through
		// the WMS (picks, short picks, order holds), never by editing the form
		const editable = ["Draft", "Planned"].includes(frm.doc.status);
		["orders", "tours"].forEach((table) => frm.set_df_property(table, "cannot_add_rows", !editable));
		if (!editable) {
			frm.set_read_only();
			frm.refresh_fields();
			frm.disable_save();
		}
		if (editable) {
			frm.add_custom_button(__("Plan Tours"), () =>
				frappe.call({
					method: "wms_module.api.waves.plan",
					args: { wave: frm.doc.name },
					freeze: true,
					callback: () => frm.reload_doc(),
				})
			);
		}
		if (frm.doc.status === "Planned") {
			frm.add_custom_button(__("Release"), () => release_dialog(frm));
		}
	},
});

function release_dialog(frm) {
	frappe.prompt(
		[
			{
				fieldname: "operators",
				fieldtype: "MultiSelectList",
				label: __("Operators"),
				description: __("Tours go to them in turn; with none, the tours stay queued for whoever starts them"),
				// only the users the server releases to (wms_module.services.waves.wave_operators),
				// searched there as the user types
				get_data: (txt) =>
					frappe
						.call({ method: "wms_module.api.waves.operators", type: "GET", args: { txt } })
						.then((r) => r.message || []),
			},
		],
		(values) =>
			frappe.call({
				method: "wms_module.api.waves.release",
				args: { wave: frm.doc.name, operators: values.operators || [] },
				freeze: true,
				callback: () => frm.reload_doc(),
			}),
		__("Release Wave"),
		__("Release")
	);
}
