/* wms_inbound.js: the handheld's inbound screens at /wms, next to the task list (wms_mobile.js).
 *
 * Receive: the draft Purchase Receipts waiting (api.receiving.waiting); open one, scan its goods
 * (an item, GTIN or GS1 label adds units to its line; a pallet's SSCC receives every line on the
 * pallet at once), see each line's scanned / expected, then Finish receiving (api.receiving.finish).
 * Putaway: the operator's Putaway tasks; scan the source bin, the item, the quantity (a partial one
 * splits the task), the destination: another bin than the suggested one asks for a reason
 * (api.putaway.check_destination, then api.putaway.confirm).
 * Move: bin to bin (api.bins.move): from bin, item, quantity, to bin.
 * Lookup: scan anything (api.lookup.scan): what it is and where its stock is.
 *
 * Each screen has its own scan input, always focused while it is shown. Writes carry an
 * idempotency key; one that gets no answer (a dropped connection) is queued with the task list's
 * confirmations (wmsMobile.queueRequest) and replayed in order, counted once by the server.
 * A refused scan is said in red with the error beep and a vibration, as picking does.
 */
(function () {
	"use strict";

	const M = window.wmsMobile;
	if (!M) return;
	const { make, refuse, write } = M; // write: sent now, or queued when there is no answer
	const METHODS = {
		waiting: "wms_module.api.receiving.waiting",
		receipt: "wms_module.api.receiving.receipt",
		receiveScan: "wms_module.api.receiving.scan",
		finish: "wms_module.api.receiving.finish",
		tasks: "wms_module.api.picking.my_tasks",
		checkDestination: "wms_module.api.putaway.check_destination",
		putaway: "wms_module.api.putaway.confirm",
		contents: "wms_module.api.bins.contents",
		move: "wms_module.api.bins.move",
		lookup: "wms_module.api.lookup.scan",
	};
	const TITLES = { receive: "Receive", putaway: "Putaway", move: "Move stock", lookup: "Lookup" };

	const $ = (id) => document.getElementById(id);
	const el = {
		modes: $("wms-modes"),
		section: $("wms-inbound"),
		title: $("wms-in-title"),
		card: $("wms-in-card"),
		form: $("wms-in-form"),
		input: $("wms-in-scan"),
		prompt: $("wms-in-prompt"),
		qtyRow: $("wms-in-qty-row"),
		qty: $("wms-in-qty"),
		message: $("wms-in-message"),
		finish: $("wms-in-finish"),
		back: $("wms-in-back"),
		list: $("wms-in-list"),
	};
	const PICK_PARTS = ["wms-progress", "wms-task", "wms-scan-form", "wms-message", "wms-actions", "wms-labor", "wms-list"];

	const state = {
		mode: "tasks",
		step: "",
		receipt: null, // the open receipt: {receipt, supplier, lines: [...]}
		task: null, // the Putaway task being done
		scans: {},
		busy: false,
		pending: [],
		typing: false, // characters arrived since the last Enter (a wedge scanner mid-code)
	};

	const fmt = M.fmt;

	// ------------------------------------------------------------------ feedback

	function feedback(kind, text) {
		M.say(el.message, kind, text);
	}

	function focusInput() {
		if (state.mode === "tasks" || !TITLES[state.mode]) return; // another script's screen (wms_qc.js)
		const active = document.activeElement;
		if (active === el.qty) return; // typing the units per scan
		if (active !== el.input) el.input.focus({ preventScroll: true });
	}

	function setStep(step, prompt, value) {
		state.step = step;
		document.body.dataset.inStep = step;
		el.prompt.textContent = prompt;
		// never over a scan being typed: a wedge scanner may fire while the last answer is awaited
		if (!state.pending.length && !(state.typing && el.input.value !== "")) el.input.value = value || "";
		el.input.inputMode = step === "qty" ? "decimal" : "text";
		focusInput();
		if (value && !state.typing) el.input.select();
	}

	function clear(node) {
		node.replaceChildren();
	}

	function card(lines) {
		clear(el.card);
		el.card.hidden = !lines.length;
		for (const [className, text] of lines) el.card.append(make("div", className, text));
	}


	// ------------------------------------------------------------------ modes

	function setMode(mode) {
		state.mode = mode;
		document.body.dataset.mode = mode;
		for (const button of el.modes.querySelectorAll("button")) {
			button.setAttribute("aria-pressed", String(button.dataset.mode === mode));
		}
		const tasks = mode === "tasks";
		for (const id of PICK_PARTS) {
			const node = $(id);
			if (node) node.classList.toggle("wms-off", !tasks);
		}
		const keys = document.querySelector(".wms-keys");
		if (keys) keys.classList.toggle("wms-off", !tasks);
		el.section.hidden = tasks || !TITLES[mode];
		// another script's screen (wms_qc.js) shows itself on this event; every screen hides on it
		window.dispatchEvent(new CustomEvent("wms:mode", { detail: { mode } }));
		el.message.textContent = "";
		el.message.className = "wms-message";
		state.receipt = null;
		state.task = null;
		state.scans = {};
		el.finish.hidden = true;
		el.back.hidden = true;
		el.qtyRow.hidden = true;
		card([]);
		clear(el.list);
		if (tasks) {
			$("wms-scan").focus({ preventScroll: true });
			return;
		}
		if (!TITLES[mode]) return;
		el.title.textContent = TITLES[mode];
		if (mode === "receive") showReceipts();
		else if (mode === "putaway") showPutaways();
		else if (mode === "move") startMove();
		else if (mode === "lookup") setStep("lookup", "Scan anything: a bin, item, batch or pallet");
	}

	// ------------------------------------------------------------------ receive

	async function showReceipts() {
		state.receipt = null;
		el.finish.hidden = true;
		el.back.hidden = true;
		el.qtyRow.hidden = true;
		card([]);
		setStep("receipt", "Scan or choose a receipt");
		clear(el.list);
		let receipts = [];
		try {
			receipts = (await M.call(METHODS.waiting, {}, false)) || [];
		} catch (e) {
			feedback(e instanceof M.NetworkError ? "warn" : "error", e.message);
			return;
		}
		chooserList(
			"Receipts waiting",
			"No receipts waiting.",
			receipts.map((r) => ({
				data: ["receipt", r.name],
				cells: [r.name, r.supplier_name || r.supplier || "", fmt(r.scanned_qty) + " / " + fmt(r.expected_qty)],
				open: () => openReceipt(r.name),
			}))
		);
	}

	// a list of buttons, one per receipt or task (cells: bin, item, qty), each opening its own
	function chooserList(label, emptyText, entries) {
		M.chooserList(el.list, { label, emptyText, entries, run });
	}

	async function openReceipt(name) {
		const receipt = await M.call(METHODS.receipt, { receipt: name }, false);
		state.receipt = receipt;
		el.finish.hidden = false;
		el.back.hidden = false;
		el.qtyRow.hidden = false;
		el.qty.value = "";
		renderReceipt();
		setStep("receive", "Scan an item or a pallet (SSCC) of " + receipt.receipt);
		feedback("ok", "Receipt " + receipt.receipt + " open");
	}

	function renderReceipt() {
		const r = state.receipt;
		const scanned = r.lines.reduce((n, l) => n + Number(l.scanned_qty || 0), 0);
		const expected = r.lines.reduce((n, l) => n + Number(l.expected_qty || 0), 0);
		card([
			["wms-kind", "Receiving " + r.receipt],
			["wms-item", r.supplier || ""],
			["wms-qty", fmt(scanned) + " of " + fmt(expected) + " units"],
		]);
		clear(el.list);
		const { table, tbody } = linesTable("Lines of " + r.receipt, ["Item", "Scanned", "Expected", "Pallet"]);
		for (const line of r.lines) {
			const tr = make("tr");
			tr.dataset.line = line.line;
			tr.dataset.item = line.item_code;
			const done = Number(line.scanned_qty) >= Number(line.expected_qty) - 1e-9;
			tr.className = done ? "wms-line-done" : Number(line.scanned_qty) > 0 ? "wms-line-part" : "";
			const item = make("td", "wms-line-item", line.item_code + (line.batch_no ? " / " + line.batch_no : ""));
			if (line.item_name && line.item_name !== line.item_code) {
				item.append(make("br"), make("small", "wms-row-name", line.item_name));
			}
			tr.append(
				item,
				make("td", "wms-line-scanned", fmt(line.scanned_qty) + (line.queued ? " (queued)" : "")),
				make("td", "wms-line-expected", fmt(line.expected_qty) + " " + (line.uom || "")),
				make("td", "wms-line-sscc", line.sscc || "")
			);
			tbody.append(tr);
		}
		el.list.append(table);
	}

	// a table of lines with its caption and column headings; the rows go into its tbody
	function linesTable(captionText, headings) {
		const table = make("table", "wms-in-lines");
		const head = make("tr");
		for (const h of headings) {
			const th = make("th", "", h);
			th.scope = "col";
			head.append(th);
		}
		const thead = make("thead");
		thead.append(head);
		const tbody = make("tbody");
		table.append(make("caption", "", captionText), thead, tbody);
		return { table, tbody };
	}

	function unitsTyped() {
		const text = el.qty.value.trim().replace(",", ".");
		if (!text) return null;
		if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0) refuse("Units per scan: " + el.qty.value + " is not a quantity above 0");
		return Number(text);
	}

	async function receiveScan(scan) {
		const r = state.receipt;
		const qty = unitsTyped();
		const args = { receipt: r.receipt, scan };
		if (qty !== null) args.qty = qty;
		const sent = await write(METHODS.receiveScan, args, "receive " + scan + " on " + r.receipt);
		if (sent.queued) {
			// counted here as a guess where the scan is plainly a line's item code; the server decides
			const line = r.lines.find((l) => l.item_code.toUpperCase() === scan.toUpperCase() && Number(l.scanned_qty) < Number(l.expected_qty));
			if (line) {
				line.scanned_qty = Number(line.scanned_qty) + (qty || 1);
				line.queued = true;
			}
			renderReceipt();
			feedback("warn", "No connection: scan " + scan + " saved, it is sent when the connection is back");
			return;
		}
		state.receipt = sent.answer;
		renderReceipt();
		const changed = sent.answer.received || [];
		if (changed.length > 1 || (changed[0] && changed[0].sscc)) {
			feedback("ok", "Pallet " + changed[0].sscc + ": " + changed.length + " line(s) received in full");
		} else if (changed.length) {
			const c = changed[0];
			feedback("ok", "+" + fmt(c.added_qty) + " " + c.item_code + (c.batch_no ? " batch " + c.batch_no : "") + ": " + fmt(c.scanned_qty) + " of " + fmt(c.expected_qty));
		}
	}

	async function finishReceipt() {
		const r = state.receipt;
		if (!r) return;
		const sent = await write(METHODS.finish, { receipt: r.receipt }, "finish receiving " + r.receipt);
		if (sent.queued) {
			feedback("warn", "No connection: finishing " + r.receipt + " is saved and sent when the connection is back");
			await showReceipts();
			return;
		}
		const a = sent.answer;
		const removed = (a.removed || []).length;
		await showReceipts();
		feedback("ok", "Received " + a.receipt + ": " + a.received.length + " line(s)" + (removed ? ", " + removed + " not delivered removed" : ""));
	}

	// ------------------------------------------------------------------ putaway

	async function showPutaways() {
		state.task = null;
		state.scans = {};
		el.back.hidden = true;
		card([]);
		setStep("putaway-list", "Choose a putaway task, or scan its source bin");
		clear(el.list);
		let tasks = [];
		try {
			tasks = ((await M.call(METHODS.tasks, { task_type: "Putaway", limit: 200 }, false)) || []).filter((t) => t.task_type === "Putaway");
		} catch (e) {
			feedback(e instanceof M.NetworkError ? "warn" : "error", e.message);
		}
		state.putaways = tasks;
		chooserList(
			"My putaway tasks",
			"No putaway tasks.",
			tasks.map((t) => ({
				data: ["task", t.name],
				cells: [
					(t.source_bin_code || t.source_bin) + " → " + (t.suggested_bin_code || t.suggested_bin || "?"),
					t.item_code + (t.batch_no ? " / " + t.batch_no : ""),
					fmt(left(t)) + " " + (t.uom || ""),
				],
				open: () => startPutaway(t),
			}))
		);
	}

	function left(t) {
		return Math.max(0, Number(t.qty || 0) - Number(t.picked_qty || 0));
	}

	function suggestedCode(t) {
		return t.suggested_bin_code || t.suggested_bin || t.destination_bin_code || t.destination_bin || "";
	}

	function startPutaway(t) {
		state.task = t;
		state.scans = { started_at: new Date().toISOString() };
		el.back.hidden = false;
		clear(el.list);
		card([
			["wms-kind", "Putaway " + t.name],
			["wms-goto", "From " + (t.source_bin_code || t.source_bin)],
			["wms-item", t.item_code + (t.batch_no ? "  batch " + t.batch_no : "")],
			["wms-qty", "Put " + fmt(left(t)) + " " + (t.uom || "") + " into " + suggestedCode(t)],
		]);
		setStep("source", "Scan source bin " + (t.source_bin_code || t.source_bin));
	}

	function sameCode(a, b) {
		return String(a || "").trim().toUpperCase() === String(b || "").trim().toUpperCase();
	}

	async function putawayScan(scan) {
		const t = state.task;
		if (state.step === "putaway-list") {
			// the task's name, its pallet's SSCC or its item choose it; its source bin, the first from there
			const tasks = state.putaways || [];
			const chosen = tasks.find((x) => [x.name, x.sscc, x.item_code, ...(x.item_barcodes || [])].some((c) => c && sameCode(c, scan)));
			const from = tasks.find((x) => [x.source_bin_code, x.source_bin, x.source_bin_barcode].some((c) => c && sameCode(c, scan)));
			if (!chosen && !from) refuse("No putaway task of yours is for " + scan + ": scan its item, pallet or source bin");
			startPutaway(chosen || from);
			if (!chosen) await putawayScan(scan); // the scan was its source bin
			return;
		}
		if (state.step === "source") {
			const labels = [t.source_bin_code, t.source_bin, t.source_bin_barcode].filter(Boolean);
			if (!labels.some((c) => sameCode(c, scan))) refuse("Wrong bin: scanned " + scan + ", but task " + t.name + " puts away from bin " + (t.source_bin_code || t.source_bin));
			state.scans.source_scan = scan;
			feedback("ok", "Bin " + (t.source_bin_code || scan) + " OK");
			setStep("item", "Scan item " + t.item_code);
		} else if (state.step === "item") {
			const known = [t.item_code, ...(t.item_barcodes || [])];
			const gs1 = /^[\](]|\u001d/.test(scan) || /^\d{18}$/.test(scan);
			if (!gs1 && !known.some((c) => sameCode(c, scan))) refuse("Wrong item: scanned " + scan + ", but task " + t.name + " puts away item " + t.item_code);
			state.scans.item_scan = scan;
			feedback("ok", "Item " + t.item_code + (gs1 ? " (label checked on confirming)" : " OK"));
			setStep("qty", "Quantity to put away (Enter for " + fmt(left(t)) + "; less splits the task)", fmt(left(t)));
		} else if (state.step === "qty") {
			const qty = scan === "" ? left(t) : Number(scan.replace(",", "."));
			if (!(qty > 0)) refuse("Quantity: " + scan + " is not a quantity above 0");
			if (qty > left(t) + 1e-9) refuse("Quantity " + fmt(qty) + " is more than the " + fmt(left(t)) + " of task " + t.name);
			state.scans.qty = qty;
			setStep("destination", "Scan destination bin " + suggestedCode(t));
		} else if (state.step === "destination") {
			await checkDestination(scan);
		} else if (state.step === "reason") {
			if (!scan) refuse("Give the reason for bin " + state.scans.destination_code + " instead of " + suggestedCode(t));
			state.scans.reason = scan;
			await confirmPutaway();
		}
	}

	async function checkDestination(scan) {
		const t = state.task;
		let check = null;
		try {
			check = await M.call(METHODS.checkDestination, { task: t.name, destination_scan: scan }, false);
		} catch (e) {
			if (!(e instanceof M.NetworkError)) throw e;
			// offline: the suggested bin's labels can be checked here; an override needs the server
			const labels = [t.suggested_bin_code, t.suggested_bin, t.suggested_bin_barcode].filter(Boolean);
			if (!labels.some((c) => sameCode(c, scan))) refuse("Offline: only the suggested bin " + suggestedCode(t) + " can be checked; scanned " + scan);
			check = { is_suggested: true, acceptable: true, destination_bin_code: suggestedCode(t) };
		}
		if (!check.destination_bin && !check.is_suggested) refuse("Unknown bin: scanned " + scan + ", expected a bin of this warehouse such as " + suggestedCode(t));
		if (!check.acceptable) refuse("Bin " + (check.destination_bin_code || scan) + " cannot take it: " + (check.reason || "refused"));
		state.scans.destination_scan = scan;
		state.scans.destination_code = check.destination_bin_code || scan;
		if (check.is_suggested || !check.needs_reason) {
			await confirmPutaway();
			return;
		}
		feedback("warn", "Bin " + state.scans.destination_code + " is not the suggested " + (check.suggested_bin_code || suggestedCode(t)) + ": say why");
		setStep("reason", "Reason for " + state.scans.destination_code + " instead of " + (check.suggested_bin_code || suggestedCode(t)));
	}

	async function confirmPutaway() {
		const t = state.task;
		const s = state.scans;
		const args = {
			task: t.name,
			source_scan: s.source_scan,
			item_scan: s.item_scan,
			qty: s.qty,
			destination_scan: s.destination_scan,
			started_at: s.started_at,
			confirmed_at: new Date().toISOString(),
		};
		if (s.reason) args.reason = s.reason;
		const label = "putaway " + fmt(s.qty) + " x " + t.item_code + " into " + s.destination_code + " (" + t.name + ")";
		let sent;
		try {
			sent = await write(METHODS.putaway, args, label);
		} catch (e) {
			setStep("destination", "Scan destination bin " + suggestedCode(t));
			throw e;
		}
		if (sent.queued) {
			feedback("warn", "No connection: " + label + " saved, it is sent when the connection is back");
		} else {
			const a = sent.answer;
			const rest = Number(a.remaining_qty) > 0 ? "; " + fmt(a.remaining_qty) + " left in task " + a.remaining_task : "";
			feedback("ok", "Put " + fmt(a.put_qty) + " x " + t.item_code + " into " + (a.destination_bin_code || s.destination_code) + (a.override ? " (override recorded)" : "") + rest);
		}
		const message = el.message.textContent;
		const kind = el.message.dataset.kind;
		await showPutaways();
		el.message.textContent = message;
		el.message.className = "wms-message wms-" + kind;
		el.message.dataset.kind = kind;
	}

	// ------------------------------------------------------------------ move

	function startMove() {
		state.scans = {};
		el.back.hidden = true;
		card([]);
		clear(el.list);
		setStep("from", "Move: scan the bin to take from");
	}

	// a bin code means the bin of the warehouse chosen in the header (several warehouses share codes)
	function inWarehouse(args) {
		const warehouse = M.warehouse();
		return warehouse ? Object.assign(args, { warehouse }) : args;
	}

	async function moveScan(scan) {
		const s = state.scans;
		if (state.step === "from") {
			const contents = await M.call(METHODS.contents, inWarehouse({ storage_bin: scan }), false);
			s.from = scan;
			s.contents = contents || [];
			renderContents(scan, s.contents);
			if (!s.contents.length) refuse("Bin " + scan + " is empty: nothing to move");
			feedback("ok", "Bin " + scan + " OK");
			el.back.hidden = false;
			setStep("item", "Scan the item to move from " + scan);
		} else if (state.step === "item") {
			const found = await itemInBin(scan);
			s.item_code = found.item_code;
			s.batch_no = found.batch_no;
			s.available = Number(found.on_hand || 0) - Number(found.allocated || 0);
			feedback("ok", "Item " + found.item_code + (found.batch_no ? " batch " + found.batch_no : "") + " OK");
			setStep("qty", "Quantity to move (Enter for all " + fmt(s.available) + " free)", fmt(s.available));
		} else if (state.step === "qty") {
			const qty = scan === "" ? s.available : Number(scan.replace(",", "."));
			if (!(qty > 0)) refuse("Quantity: " + scan + " is not a quantity above 0");
			if (qty > s.available + 1e-9) refuse("Quantity " + fmt(qty) + " is more than the " + fmt(s.available) + " free in bin " + s.from);
			s.qty = qty;
			setStep("to", "Scan the bin to put " + fmt(qty) + " x " + s.item_code + " into");
		} else if (state.step === "to") {
			if (sameCode(scan, s.from)) refuse("Bin " + scan + " is the bin the stock comes from: scan another bin");
			const args = inWarehouse({ item_code: s.item_code, qty: s.qty, from_bin: s.from, to_bin: scan });
			if (s.batch_no) args.batch_no = s.batch_no;
			const label = "move " + fmt(s.qty) + " x " + s.item_code + " " + s.from + " → " + scan;
			const sent = await write(METHODS.move, args, label);
			startMove();
			if (sent.queued) feedback("warn", "No connection: " + label + " saved, it is sent when the connection is back");
			else feedback("ok", "Moved " + fmt(sent.answer.moved) + " x " + args.item_code + " from " + args.from_bin + " to " + scan);
		}
	}

	async function itemInBin(scan) {
		const s = state.scans;
		let rows = s.contents.filter((r) => sameCode(r.item_code, scan) || (r.batch_no && sameCode(r.batch_no, scan)));
		if (!rows.length) {
			const what = await M.call(METHODS.lookup, inWarehouse({ value: scan }), false);
			if (what && what.item_code) {
				rows = s.contents.filter((r) => r.item_code === what.item_code && (!what.batch_no || r.batch_no === what.batch_no));
			}
			if (!rows.length) {
				const held = [...new Set(s.contents.map((r) => r.item_code))].join(", ");
				refuse("Scanned " + scan + (what && what.item_code ? " (item " + what.item_code + ")" : "") + ", which bin " + s.from + " does not hold; it holds " + held);
			}
		}
		if (rows.length > 1) refuse("Bin " + s.from + " holds " + rows[0].item_code + " in batches " + rows.map((r) => r.batch_no).join(", ") + ": scan the label with the batch");
		return rows[0];
	}

	function renderContents(bin, rows) {
		clear(el.list);
		card([["wms-kind", "Move from"], ["wms-goto", bin]]);
		el.list.append(stockTable("Contents of " + bin, rows.map((r) => ({ bin_code: bin, item_code: r.item_code, batch_no: r.batch_no, on_hand: r.on_hand, allocated: r.allocated }))));
	}

	// ------------------------------------------------------------------ lookup

	function stockTable(captionText, rows) {
		const { table, tbody } = linesTable(captionText, ["Bin", "Item", "On hand", "Allocated"]);
		for (const r of rows) {
			const tr = make("tr");
			tr.dataset.bin = r.bin_code;
			tr.append(
				make("td", "wms-line-bin", r.bin_code),
				make("td", "wms-line-item", r.item_code + (r.batch_no ? " / " + r.batch_no : "")),
				make("td", "wms-line-onhand", r.on_hand === null || r.on_hand === undefined ? "counting" : fmt(r.on_hand)),
				make("td", "wms-line-allocated", r.allocated === null || r.allocated === undefined ? "-" : fmt(r.allocated))
			);
			tbody.append(tr);
		}
		return table;
	}

	async function lookupScan(scan) {
		const a = await M.call(METHODS.lookup, inWarehouse({ value: scan }), false);
		clear(el.list);
		el.list.dataset.kind = a.kind;
		if (a.kind === "unknown") {
			card([]);
			refuse(a.message);
		}
		if (a.kind === "bin") {
			const b = a.bins[0];
			card([
				["wms-kind", "Bin"],
				["wms-goto", b.bin_code],
				["wms-item", b.warehouse + (b.status && b.status !== "Active" ? " - " + b.status : "")],
			]);
			el.list.append(stockTable("Contents of " + b.bin_code, a.stock));
			feedback("ok", "Bin " + b.bin_code + ": " + a.stock.length + " item row(s)");
		} else if (a.kind === "item" || a.kind === "batch") {
			card([
				["wms-kind", a.kind === "batch" ? "Batch " + a.batch_no : "Item"],
				["wms-goto", a.item_code],
				["wms-item", (a.item_name || "") + (a.expiry_date ? " - expires " + a.expiry_date : "")],
				["wms-qty", fmt(a.total_on_hand) + " " + (a.stock_uom || "") + " in " + a.stock.length + " bin(s)"],
			]);
			el.list.append(stockTable("Where " + a.item_code + " is", a.stock));
			feedback("ok", (a.kind === "batch" ? "Batch " + a.batch_no + " of " : "Item ") + a.item_code);
		} else if (a.kind === "sscc") {
			card([["wms-kind", "Pallet (SSCC)"], ["wms-goto", a.sscc]]);
			const ul = make("ul", "wms-in-facts");
			ul.setAttribute("aria-label", "Pallet " + a.sscc);
			for (const t of a.tasks) ul.append(make("li", "", t.task_type + " " + t.name + ": " + fmt(t.qty) + " x " + t.item_code + " from " + t.source_bin + " to " + (t.suggested_bin || t.destination_bin || "?") + " (" + t.status + ")"));
			for (const l of a.receipt_lines) ul.append(make("li", "", "Receipt " + l.receipt + " line " + l.idx + ": " + fmt(l.qty) + " x " + l.item_code + (l.received ? " (received)" : " (" + fmt(l.scanned_qty) + " scanned)")));
			if (!a.tasks.length && !a.receipt_lines.length) ul.append(make("li", "", "No open task or receipt line carries it"));
			el.list.append(ul);
			feedback("ok", "Pallet " + a.sscc);
		}
	}

	// ------------------------------------------------------------------ scans, in order

	async function onScan(raw) {
		const scan = String(raw || "").trim();
		if (state.mode === "receive") {
			if (!state.receipt) {
				if (!scan) return;
				await openReceipt(scan);
			} else {
				if (!scan) return;
				await receiveScan(scan);
			}
		} else if (state.mode === "putaway") {
			if (!scan && state.step !== "qty") return;
			await putawayScan(scan);
		} else if (state.mode === "move") {
			if (!scan && state.step !== "qty") return;
			await moveScan(scan);
		} else if (state.mode === "lookup") {
			if (!scan) return;
			await lookupScan(scan);
		}
	}

	const run = M.serialRunner(state, (message) => feedback("error", message), focusInput);

	el.form.addEventListener("submit", (event) => {
		event.preventDefault();
		const value = el.input.value;
		el.input.value = "";
		state.typing = false;
		run(() => onScan(value));
	});
	el.input.addEventListener("input", () => {
		state.typing = true;
	});
	el.input.addEventListener("blur", () => setTimeout(focusInput, 0));
	// a tap on a row or button keeps the focus in the scan input: a scan right after the tap is
	// typed there, not lost on the button
	el.section.addEventListener("mousedown", (event) => {
		if (event.target.closest("button")) event.preventDefault();
	});
	document.addEventListener("click", (event) => {
		if (state.mode !== "tasks" && !event.target.closest("button, input, select, a")) focusInput();
	});
	el.finish.addEventListener("click", () => run(finishReceipt));
	el.back.addEventListener("click", () =>
		run(async () => {
			if (state.mode === "receive") await showReceipts();
			else if (state.mode === "putaway") await showPutaways();
			else if (state.mode === "move") startMove();
		})
	);
	for (const button of el.modes.querySelectorAll("button")) {
		button.addEventListener("click", () => setMode(button.dataset.mode));
	}
	// a queued receiving scan sent after the connection came back: show the server's counts
	window.addEventListener("wms:sent", (event) => {
		const answer = event.detail && event.detail.answer;
		if (TITLES[state.mode] && event.detail && event.detail.entry) feedback("ok", "Sent: " + event.detail.entry.label);
		if (state.mode === "receive" && state.receipt && answer && answer.receipt === state.receipt.receipt && answer.lines) {
			state.receipt = answer;
			renderReceipt();
		}
	});

	window.wmsInbound = { state, setMode };
})();
