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
			frm.add_custom_button(__("Release"), () => {
				frappe.prompt(
					[{ fieldname: "operators", fieldtype: "Small Text", label: __("Operators (one user per line; empty: queue the tours)") }],
					(values) =>
						frappe.call({
							method: "wms_module.api.waves.release",
							args: { wave: frm.doc.name, operators: (values.operators || "").split("\n").filter(Boolean) },
							freeze: true,
							callback: () => frm.reload_doc(),
						}),
					__("Release Wave")
				);
			});
		}
	},
});
