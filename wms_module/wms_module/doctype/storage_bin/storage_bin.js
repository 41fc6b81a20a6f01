// Copyright (c) 2026, wms_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Storage Bin", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Print Label (ZPL)"), () => {
			const args = new URLSearchParams({ storage_bins: JSON.stringify([frm.doc.name]) });
			window.open(`/api/method/wms_module.api.labels.bin_labels_zpl?${args}`);
		});
	},
});
