// Copyright (c) 2026, wms_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Storage Bin", {
	refresh(frm) {
		if (frm.is_new()) return;
		show_contents(frm);
		frm.add_custom_button(__("Print Label (ZPL)"), () => {
			const args = new URLSearchParams({ storage_bins: JSON.stringify([frm.doc.name]) });
			window.open(`/api/method/wms_module.api.labels.bin_labels_zpl?${args}`);
		});
	},
});

// What the bin holds, from the bin ledger's balances (the same answer as the handheld's
// wms_module.api.bins.contents, blind counts included), above the form's fields.
function show_contents(frm) {
	frappe.call({
		method: "wms_module.api.bins.contents",
		type: "GET",
		args: { storage_bin: frm.doc.name },
		callback: ({ message: rows }) => {
			const cell = (v) => (v === null || v === undefined ? "–" : frappe.utils.escape_html(String(v)));
			const body = (rows || [])
				.map(
					(r) =>
						`<tr><td>${cell(r.item_code)}</td><td>${cell(r.batch_no || "")}</td>` +
						`<td class="text-right">${cell(r.on_hand)}</td><td class="text-right">${cell(r.allocated)}</td></tr>`
				)
				.join("");
			const html = rows && rows.length
				? `<table class="table table-sm wms-bin-contents"><thead><tr><th>${__("Item")}</th><th>${__("Batch")}</th>` +
				  `<th class="text-right">${__("On Hand")}</th><th class="text-right">${__("Allocated")}</th></tr></thead>` +
				  `<tbody>${body}</tbody></table>`
				: `<p class="text-muted wms-bin-contents">${__("Empty")}</p>`;
			frm.dashboard.add_section(html, __("Contents"));
			frm.dashboard.show();
		},
	});
}
