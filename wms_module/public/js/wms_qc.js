/* wms_qc.js: the handheld's QC screen at /wms, next to the inbound screens (wms_inbound.js).
 *
 * QC: the lots waiting for inspection in the header's warehouse (api.qc.open_checks), as a list
 * to choose from; or scan the lot (its receipt, item code or barcode, GS1 label, batch, pallet SSCC
 * or the QC Check's name: api.qc.find). The lot's card says how many units to inspect (the ISO
 * 2859-1 sample size) and the acceptance / rejection numbers; the operator enters the
 * nonconforming units found per characteristic, sees the verdict they make, and presses Decide
 * (api.qc.decide: the server decides, and says where the accepted units go). A lot awaiting its
 * disposition (rejected units in quarantine) offers Return to supplier, Scrap (both for a WMS
 * Supervisor or Manager) and Rework (api.qc.dispose).
 *
 * The scan input keeps the focus except while a count is typed. Writes carry an idempotency key;
 * one that gets no answer (a dropped connection) is queued with the other screens' writes
 * (wmsMobile.queueRequest) and replayed in order, decided once by the server. A refusal is said in
 * red with the error beep and a vibration, as the other screens do.
 */
(function () {
	"use strict";

	const M = window.wmsMobile;
	if (!M) return;
	const { make, refuse } = M;
	const METHODS = {
		open: "wms_module.api.qc.open_checks",
		find: "wms_module.api.qc.find",
		decide: "wms_module.api.qc.decide",
		dispose: "wms_module.api.qc.dispose",
	};
	const DISPOSITIONS = [
		["Return to Supplier", "Return to supplier"],
		["Scrap", "Scrap"],
		["Rework", "Rework"],
	];

	const $ = (id) => document.getElementById(id);
	const el = {
		section: $("wms-qc"),
		card: $("wms-qc-card"),
		form: $("wms-qc-form"),
		input: $("wms-qc-scan"),
		prompt: $("wms-qc-prompt"),
		message: $("wms-qc-message"),
		entry: $("wms-qc-entry"),
		back: $("wms-qc-back"),
		list: $("wms-qc-list"),
	};
	if (!el.section) return;

	const state = {
		shown: false,
		check: null, // the lot open: an answer of api.qc.find / open_checks
		busy: false,
		pending: [],
	};

	const fmt = M.fmt;

	// ------------------------------------------------------------------ feedback

	function feedback(kind, text) {
		M.say(el.message, kind, text);
	}

	function keepMessage(fn) {
		// a screen redrawn after an answer keeps the answer's message
		const text = el.message.textContent;
		const kind = el.message.dataset.kind;
		return Promise.resolve(fn()).then(() => {
			el.message.textContent = text;
			el.message.className = kind ? "wms-message wms-" + kind : "wms-message";
			if (kind) el.message.dataset.kind = kind;
		});
	}

	function typingACount() {
		const active = document.activeElement;
		return Boolean(active && active !== el.input && el.entry.contains(active) && active.tagName === "INPUT");
	}

	function focusInput() {
		if (!state.shown || typingACount()) return;
		if (document.activeElement !== el.input) el.input.focus({ preventScroll: true });
	}

	function card(lines) {
		el.card.replaceChildren();
		delete el.card.dataset.decision;
		el.card.hidden = !lines.length;
		for (const [className, text] of lines) el.card.append(make("div", className, text));
	}

	function inWarehouse(args) {
		const warehouse = M.warehouse();
		return warehouse ? Object.assign(args, { warehouse }) : args;
	}

	// ------------------------------------------------------------------ writes

	// a 403 is a session that ended, or a logged-in user the server refuses (a role): asked again
	async function sessionAlive() {
		try {
			await M.call(METHODS.open, inWarehouse({}), false);
			return true;
		} catch (e) {
			return false;
		}
	}

	// a write, sent or queued (wmsMobile.write); a 403 of a user still logged in is a refusal
	function write(method, args, label) {
		return M.write(method, args, label, sessionAlive);
	}

	function queuedDecisions() {
		return new Set(M.state.queue.filter((q) => q.method === METHODS.decide).map((q) => q.args.check));
	}

	// ------------------------------------------------------------------ the lots waiting

	function show(mode) {
		state.shown = mode === "qc";
		el.section.hidden = !state.shown;
		if (!state.shown) return;
		el.message.textContent = "";
		el.message.className = "wms-message";
		delete el.message.dataset.kind;
		run(showLots);
	}

	function itemText(c) {
		return c.item_code + (c.batch_no ? " / " + c.batch_no : "");
	}

	function severityText(c) {
		if (c.status === "Discontinued") return "Discontinued";
		return c.inspection_severity ? c.inspection_severity : "Fixed sample";
	}

	// options.keepCard: the decision just made stays shown above the list
	async function showLots(options) {
		state.check = null;
		el.entry.replaceChildren();
		el.entry.hidden = true;
		el.back.hidden = true;
		if (!(options && options.keepCard)) card([]);
		el.list.replaceChildren();
		setPrompt("Scan a lot (receipt, item, batch or pallet) or choose it");
		let checks = [];
		try {
			checks = (await M.call(METHODS.open, inWarehouse({}), false)) || [];
		} catch (e) {
			feedback(e instanceof M.NetworkError ? "warn" : "error", e.message);
			return;
		}
		chooser("Lots waiting for inspection", "No lots wait for inspection.", checks);
	}

	// a list of buttons, one per lot (item, lot size and supplier, receipt, severity), each opening it
	function chooser(label, emptyText, checks) {
		el.list.replaceChildren();
		const queued = queuedDecisions();
		const name = (text) => make("small", "wms-row-name", text);
		M.chooserList(el.list, {
			label,
			emptyText,
			run,
			className: "wms-in-rows wms-qc-rows",
			entries: checks.map((c) => ({
				data: ["check", c.name],
				cells: [
					itemText(c),
					[name([c.supplier, c.purchase_receipt, c.name].filter(Boolean).join(" · "))],
					[
						fmt(c.lot_size) + " units",
						make("br"),
						name(c.status === "Awaiting Disposition" ? "to dispose of" : severityText(c)),
					],
				],
				flag: queued.has(c.name) ? "decision queued" : null,
				open: () => openCheck(c),
			})),
		});
	}

	function setPrompt(text) {
		el.prompt.textContent = text;
		focusInput();
	}

	// ------------------------------------------------------------------ one lot

	function planText(c) {
		if (!c.inspection_severity) return "Fixed sample" + (c.method ? " (" + c.method + ")" : "");
		const parts = [c.inspection_severity + " inspection"];
		if (c.code_letter) parts.push("code letter " + c.code_letter);
		if (c.aql) parts.push("AQL " + c.aql);
		if (c.inspection_level) parts.push("level " + c.inspection_level);
		return parts.join(" · ");
	}

	function lotCard(c, lines) {
		card([
			["wms-kind", "Lot " + c.name + (c.resubmitted_from ? " (reworked, of " + c.resubmitted_from + ")" : "")],
			["wms-item", itemText(c) + (c.item_name && c.item_name !== c.item_code ? " " + c.item_name : "")],
			["wms-qc-lot", "Lot of " + fmt(c.lot_size) + " from " + (c.supplier || "?") + ", receipt " + (c.purchase_receipt || "?")],
			...lines,
		]);
	}

	async function openCheck(c) {
		state.check = c;
		el.list.replaceChildren();
		el.back.hidden = false;
		el.entry.replaceChildren();
		el.entry.hidden = true;
		if (c.status === "Awaiting Disposition") {
			openDisposition(c);
			return;
		}
		if (c.status === "Discontinued") {
			lotCard(c, [["wms-qc-plan", "Inspection discontinued"]]);
			setPrompt("Scan another lot");
			feedback("warn", "Lot " + c.name + " cannot be decided: inspection of " + c.item_code + " from " + (c.supplier || "this supplier") + " is discontinued (5 lots not accepted on tightened inspection); a WMS Manager resumes it once the supplier has acted");
			return;
		}
		if (c.status !== "Open") refuse("QC Check " + c.name + " is " + c.status + ": nothing to decide");
		const sample = c.full_inspection ? "Inspect all " + fmt(c.sample_size) + " units (100 %)" : "Inspect " + fmt(c.sample_size) + " units";
		lotCard(c, [
			["wms-qty wms-qc-sample", sample],
			["wms-qc-rule", "Accept with at most " + c.acceptance_number + " nonconforming, reject at " + c.rejection_number],
			["wms-qc-plan", planText(c)],
		]);
		renderEntry(c);
		setPrompt("Enter the nonconforming units, then Decide; or scan another lot");
		if (queuedDecisions().has(c.name)) feedback("warn", "A decision of lot " + c.name + " is queued: it is sent when the connection is back");
		else feedback("ok", "Lot " + c.name + ": inspect " + fmt(c.sample_size) + " units");
	}

	function numberInput(id, value, label, inputmode) {
		const input = make("input", "wms-qc-number");
		input.id = id;
		input.type = "text";
		input.inputMode = inputmode || "numeric";
		input.autocomplete = "off";
		input.value = value;
		const lab = make("label", "wms-qc-label", label);
		lab.htmlFor = id;
		return { input, lab };
	}

	function stepButton(text, label, onClick) {
		const button = make("button", "wms-qc-step", text);
		button.type = "button";
		button.setAttribute("aria-label", label);
		button.addEventListener("click", onClick);
		return button;
	}

	function renderEntry(c) {
		el.entry.replaceChildren();
		el.entry.hidden = false;
		const fields = make("fieldset", "wms-qc-fields");
		fields.append(make("legend", "", "Nonconforming units found"));
		c.characteristics.forEach((name, i) => {
			const { input, lab } = numberInput("wms-qc-char-" + i, "0", name);
			input.dataset.characteristic = name;
			const bump = (by) => () => {
				const now = /^\d+$/.test(input.value.trim()) ? Number(input.value.trim()) : 0;
				input.value = String(Math.max(0, now + by));
				updateVerdict();
			};
			const row = make("div", "wms-qc-char");
			row.append(lab, stepButton("−", "One less nonconforming: " + name, bump(-1)), input, stepButton("+", "One more nonconforming: " + name, bump(1)));
			fields.append(row);
		});
		if (!c.characteristics.length) fields.append(make("p", "wms-empty", "The plan lists no characteristics: a lot is accepted unless rejected by its remarks."));
		const inspected = numberInput("wms-qc-inspected", String(c.sample_size), "Units inspected");
		const inspectedRow = make("div", "wms-qc-field");
		inspectedRow.append(inspected.lab, inspected.input);

		const part = make("details", "wms-qc-part");
		part.append(make("summary", "", "Accept only part of the lot (after sorting)"));
		const accepted = numberInput("wms-qc-accepted", "", "Units accepted (empty: as the verdict says)", "decimal");
		const partRow = make("div", "wms-qc-field");
		partRow.append(accepted.lab, accepted.input);
		part.append(partRow);

		const remarks = numberInput("wms-qc-remarks", "", "Remarks (optional)", "text");
		remarks.input.className = "wms-qc-text";
		const remarksRow = make("div", "wms-qc-field");
		remarksRow.append(remarks.lab, remarks.input);

		const verdict = make("p", "wms-qc-verdict");
		verdict.id = "wms-qc-verdict";
		verdict.setAttribute("aria-live", "polite");
		const decide = make("button", "wms-qc-decide", "Decide");
		decide.type = "button";
		decide.id = "wms-qc-decide";
		decide.addEventListener("click", () => run(decideLot));

		el.entry.append(fields, inspectedRow, part, remarksRow, verdict, decide);
		updateVerdict();
	}

	function wholeNumber(text, what) {
		const value = String(text || "").trim();
		if (!/^\d+$/.test(value)) return { error: what + ": " + (value || "nothing") + " is not a whole number of 0 or more" };
		return { value: Number(value) };
	}

	function entered() {
		const c = state.check;
		const counts = {};
		let total = 0;
		for (const input of el.entry.querySelectorAll("input[data-characteristic]")) {
			const n = wholeNumber(input.value, input.dataset.characteristic);
			if (n.error) return n;
			counts[input.dataset.characteristic] = n.value;
			total += n.value;
		}
		const inspected = wholeNumber($("wms-qc-inspected").value, "Units inspected");
		if (inspected.error) return inspected;
		return { counts, total, inspected: inspected.value, check: c };
	}

	// the verdict the counts make with the plan's Ac; the server decides
	function updateVerdict() {
		const c = state.check;
		const line = $("wms-qc-verdict");
		if (!c || !line) return;
		const e = entered();
		let kind = "warn";
		let text;
		if (e.error) text = e.error;
		else if (e.inspected < c.sample_size) text = e.total + " nonconforming, but only " + e.inspected + " of the " + c.sample_size + " units to inspect";
		else if (e.total > e.inspected) text = e.total + " nonconforming in " + e.inspected + " inspected: a unit counts once";
		else if (e.total <= c.acceptance_number) {
			kind = "ok";
			text = e.total + " nonconforming: accept";
		} else {
			kind = "reject";
			text = e.total + " nonconforming: reject";
		}
		line.textContent = text;
		line.dataset.verdict = kind;
	}

	async function decideLot() {
		const c = state.check;
		if (!c || c.status !== "Open") return;
		const e = entered();
		if (e.error) refuse(e.error);
		const args = { check: c.name, sample_inspected: e.inspected, nonconforming: JSON.stringify(e.counts) };
		const part = $("wms-qc-accepted").value.trim().replace(",", ".");
		if (part !== "") {
			if (!/^\d+(\.\d+)?$/.test(part)) refuse("Units accepted: " + part + " is not a quantity of 0 or more");
			args.accepted_qty = Number(part);
		}
		const remarks = $("wms-qc-remarks").value.trim();
		if (remarks) args.remarks = remarks;
		const label = "decision of lot " + c.name + " (" + c.item_code + ", " + e.total + " nonconforming)";
		const sent = await write(METHODS.decide, args, label);
		if (sent.queued) {
			feedback("warn", "No connection: " + label + " saved, it is sent when the connection is back");
			await keepMessage(showLots);
			return;
		}
		await showDecision(sent.answer, c);
	}

	function decisionText(a, c) {
		const parts = ["Lot " + a.check + " " + a.decision.toLowerCase() + ": " + a.nonconforming + " nonconforming."];
		const tasks = a.putaway_tasks || [];
		if (Number(a.accepted_qty) > 0) {
			parts.push(fmt(a.accepted_qty) + " units to storage" + (tasks.length ? ": " + tasks.length + " putaway task(s)" : " when the receipt is submitted") + ".");
		}
		if (Number(a.rejected_qty) > 0) parts.push(fmt(a.rejected_qty) + " units rejected, in quarantine until their disposition.");
		if (a.quality_inspection) parts.push("Quality Inspection " + a.quality_inspection + ".");
		if (a.inspection_next && (!c || a.inspection_next !== c.inspection_severity)) {
			parts.push("Next lot" + (c ? " of " + c.item_code : "") + ": " + a.inspection_next + " inspection.");
		}
		return parts.join(" ");
	}

	async function showDecision(a, c) {
		card([
			["wms-kind", "Lot " + a.check + " decided"],
			["wms-goto wms-qc-decision", a.decision],
			["wms-item", itemText(c)],
			["wms-qc-lot", fmt(a.accepted_qty) + " accepted, " + fmt(a.rejected_qty) + " rejected"],
		]);
		el.card.dataset.decision = a.decision;
		el.entry.replaceChildren();
		el.entry.hidden = true;
		feedback(a.decision === "Accepted" ? "ok" : "warn", decisionText(a, c));
		if (a.status === "Awaiting Disposition") {
			// the rejected units wait: their disposition is the next thing to do
			const found = await M.call(METHODS.find, { scan: a.check }, false);
			const again = (found.checks || []).find((x) => x.name === a.check);
			if (again) {
				await keepMessage(() => openDisposition(again));
				return;
			}
		}
		await keepMessage(() => showLots({ keepCard: true }));
	}

	// ------------------------------------------------------------------ disposition

	function openDisposition(c) {
		state.check = c;
		el.back.hidden = false;
		lotCard(c, [
			["wms-qty wms-qc-left", fmt(c.left_to_dispose) + " rejected units left"],
			["wms-qc-rule", (c.decision || "Rejected") + ": return them to the supplier, scrap them, or rework them"],
		]);
		el.entry.replaceChildren();
		el.entry.hidden = false;
		const qty = numberInput("wms-qc-dispose-qty", fmt(c.left_to_dispose), "Units", "decimal");
		const qtyRow = make("div", "wms-qc-field");
		qtyRow.append(qty.lab, qty.input);
		const reason = numberInput("wms-qc-reason", "", "Reason (optional)", "text");
		reason.input.className = "wms-qc-text";
		const reasonRow = make("div", "wms-qc-field");
		reasonRow.append(reason.lab, reason.input);
		const buttons = make("div", "wms-qc-dispositions");
		for (const [disposition, text] of DISPOSITIONS) {
			const button = make("button", "wms-qc-dispose", text);
			button.type = "button";
			button.dataset.disposition = disposition;
			button.addEventListener("click", () => run(() => dispose(disposition)));
			buttons.append(button);
		}
		el.entry.append(qtyRow, reasonRow, buttons);
		setPrompt("Choose what happens to the rejected units; or scan another lot");
	}

	async function dispose(disposition) {
		const c = state.check;
		if (!c || c.status !== "Awaiting Disposition") return;
		const text = $("wms-qc-dispose-qty").value.trim().replace(",", ".");
		if (!/^\d+(\.\d+)?$/.test(text) || !(Number(text) > 0)) refuse("Units: " + (text || "nothing") + " is not a quantity above 0");
		const args = { check: c.name, disposition, qty: Number(text) };
		const reason = $("wms-qc-reason").value.trim();
		if (reason) args.reason = reason;
		const label = disposition.toLowerCase() + " " + fmt(args.qty) + " x " + c.item_code + " of lot " + c.name;
		const sent = await write(METHODS.dispose, args, label);
		if (sent.queued) {
			feedback("warn", "No connection: " + label + " saved, it is sent when the connection is back");
			await keepMessage(showLots);
			return;
		}
		const a = sent.answer;
		const made = a.document ? " (" + a.document_type + " " + a.document + ")" : "";
		const what = disposition === "Rework" ? "Rework: " + fmt(a.qty) + " units to rework, inspected again as lot " + a.document : disposition + ": " + fmt(a.qty) + " units" + made;
		feedback("ok", what + "; " + fmt(a.left_to_dispose) + " left to dispose of");
		if (Number(a.left_to_dispose) > 0) {
			await keepMessage(() => openDisposition(Object.assign({}, c, { left_to_dispose: a.left_to_dispose })));
		} else {
			await keepMessage(showLots);
		}
	}

	// ------------------------------------------------------------------ scans, in order

	async function onScan(raw) {
		const scan = String(raw || "").trim();
		if (!scan) return;
		const found = await M.call(METHODS.find, inWarehouse({ scan }), false);
		const checks = (found && found.checks) || [];
		if (!checks.length) refuse((found && found.message) || "No lot of " + scan + " waits for inspection");
		if (checks.length === 1) {
			await openCheck(checks[0]);
			return;
		}
		state.check = null;
		card([]);
		el.entry.replaceChildren();
		el.entry.hidden = true;
		el.back.hidden = false;
		chooser("Lots of " + scan, "", checks);
		setPrompt("Choose one of the lots " + scan + " names, or scan another");
		feedback("warn", checks.length + " lots match " + scan + ": choose one");
	}

	const run = M.serialRunner(state, (message) => feedback("error", message), focusInput);

	el.form.addEventListener("submit", (event) => {
		event.preventDefault();
		const value = el.input.value;
		el.input.value = "";
		run(() => onScan(value));
	});
	el.input.addEventListener("blur", () => setTimeout(focusInput, 0));
	// a tap on a button keeps the focus where it is (the scan input, or the count being typed)
	el.section.addEventListener("mousedown", (event) => {
		if (event.target.closest("button")) event.preventDefault();
	});
	document.addEventListener("click", (event) => {
		if (state.shown && !event.target.closest("button, input, select, a, summary, label")) focusInput();
	});
	el.back.addEventListener("click", () => run(showLots));
	el.entry.addEventListener("input", updateVerdict);
	window.addEventListener("wms:mode", (event) => show(event.detail && event.detail.mode));
	// a queued decision or disposition sent after the connection came back: what the server said
	window.addEventListener("wms:sent", (event) => {
		const entry = event.detail && event.detail.entry;
		const answer = event.detail && event.detail.answer;
		if (!state.shown || !entry || !answer) return;
		if (entry.method === METHODS.decide) {
			feedback(answer.decision === "Accepted" ? "ok" : "warn", "Sent: " + decisionText(answer, null));
		} else if (entry.method === METHODS.dispose) {
			feedback("ok", "Sent: " + entry.label + "; " + fmt(answer.left_to_dispose) + " left to dispose of");
		} else {
			return;
		}
		if (!state.check) run(() => keepMessage(showLots));
	});

	window.wmsQC = { state, show };
})();
