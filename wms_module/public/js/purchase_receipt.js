// Purchase Receipt: WMS directed putaway. The "Putaway" button makes the Putaway tasks now (WMS
// Settings > Create Putaway Tasks = On Demand, or again after making room for what found no space);
// the "Put away" progress shows units put away / received from the receipt's tasks.
// QC: "QC Checks" lists the receipt's checks; on a draft, "Create QC Checks" makes them now, so an
// item ERPNext inspects before purchase is decided (api.qc.decide) before the receipt is submitted.
frappe.ui.form.on("Purchase Receipt", {
	refresh(frm) {
		if (frm.doc.is_return || frm.doc.docstatus === 2 || frm.is_new()) return;
		wms_qc_buttons(frm);
		if (frm.doc.docstatus !== 1) return;
		frm.add_custom_button(
			__("Putaway"),
			() =>
				frappe.call({
					method: "wms_module.api.putaway_planning.create_putaway",
					args: { purchase_receipt: frm.doc.name },
					freeze: true,
					callback: (r) => {
						const m = r.message || {};
						const no_space = m.no_space || [];
						frappe.show_alert({
							message: no_space.length
								? __("{0} putaway tasks created; no space for {1} line(s): {2}", [
										(m.tasks || []).length,
										no_space.length,
										no_space.map((n) => n.reason).join("; "),
								  ])
								: __("{0} putaway tasks created", [(m.tasks || []).length]),
							indicator: no_space.length ? "orange" : "green",
						});
						frm.reload_doc();
					},
				}),
			__("WMS")
		);
		frm.add_custom_button(
			__("Putaway Tasks"),
			() =>
				frappe.set_route("List", "Warehouse Task", {
					task_type: "Putaway",
					reference_doctype: "Purchase Receipt",
					reference_name: frm.doc.name,
				}),
			__("WMS")
		);
		wms_putaway_progress(frm);
	},
});

function wms_putaway_progress(frm) {
	frappe.call({
		method: "wms_module.api.putaway_planning.progress",
		type: "GET",
		args: { purchase_receipt: frm.doc.name },
		callback: (r) => {
			const p = r.message;
			if (!p || !p.received) return;
			let message = __("{0} of {1} units put away", [p.put_away, p.received]);
			if (p.open) message += " · " + __("{0} on open tasks", [p.open]);
			if (p.no_space) message += " · " + __("{0} with no space", [p.no_space]);
			frm.dashboard.add_progress(__("Put away"), p.percent, message);
		},
	});
}

function wms_qc_buttons(frm) {
	frm.add_custom_button(
		__("QC Checks"),
		() => frappe.set_route("List", "QC Check", { purchase_receipt: frm.doc.name }),
		__("WMS")
	);
	if (frm.doc.docstatus !== 0) return;
	frm.add_custom_button(
		__("Create QC Checks"),
		() =>
			frappe.call({
				method: "wms_module.api.qc.create_checks",
				args: { purchase_receipt: frm.doc.name },
				freeze: true,
				callback: (r) => {
					const made = (r.message && r.message.checks) || [];
					const skipped = (r.message && r.message.skipped) || [];
					let message = made.length
						? __("{0} QC checks created: {1}", [made.length, made.join(", ")])
						: __("No line of this receipt has a WMS QC Plan without a check");
					if (skipped.length) message += " · " + skipped.map((s) => s.reason).join("; ");
					frappe.show_alert({ message, indicator: made.length ? "green" : "orange" });
				},
			}),
		__("WMS")
	);
}
