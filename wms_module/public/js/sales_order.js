// Sales Order: WMS pick tasks on demand (WMS Settings > Create Pick Tasks = On Demand),
// and the order's shortages.
frappe.ui.form.on("Sales Order", {
	refresh(frm) {
		if (frm.doc.docstatus !== 1 || ["Closed", "On Hold"].includes(frm.doc.status)) return;
		frm.add_custom_button(
			__("Create Pick Tasks"),
			() =>
				frappe.call({
					method: "wms_module.api.picking.create_pick_tasks",
					args: { sales_order: frm.doc.name },
					freeze: true,
					callback: (r) => {
						const m = r.message || {};
						frappe.show_alert({
							message: __("{0} pick tasks created", [(m.tasks || []).length]),
							indicator: (m.shortages || []).length ? "orange" : "green",
						});
						frm.reload_doc();
					},
				}),
			__("WMS")
		);
		frm.add_custom_button(
			__("Pick Tasks"),
			() => frappe.set_route("List", "Warehouse Task", { reference_doctype: "Sales Order", reference_name: frm.doc.name }),
			__("WMS")
		);
	},
});
