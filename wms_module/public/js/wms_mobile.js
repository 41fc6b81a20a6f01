/* wms_mobile.js: the operator's handheld app served at /wms (www/wms.html).
 *
 * Plain JS, no build step, nothing from a CDN: it must run on a closed warehouse network.
 * One always-focused scan input: keyboard-wedge scanners type the code and press Enter.
 *
 * Pick: bin scan -> item scan (code, EAN or GS1) -> qty (prefilled: the remaining qty, or the
 * count a GS1 scan carries) -> tote scan -> api.picking.confirm. Count (blind): bin -> item ->
 * counted qty -> api.counts.submit. Each scan is checked by the server as it is made
 * (api.handheld.check_scan); a wrong scan shows the server's message in red with an error beep
 * and a vibration, a good one turns green with a short beep.
 *
 * Dropped connection: a confirmation that gets no answer at all (a network error, not an HTTP
 * error answer) is queued in localStorage with its idempotency_key and replayed in order, one
 * request at a time, when the browser is back online (the "online" event, and a retry timer).
 * An HTTP error answer (417, 403...) is never queued: it is shown. A confirmation refused because
 * the session ended is kept too (the goods are in the tote): it is sent after the next login.
 *
 * Without a connection at all: a service worker (/wms-sw.js) keeps the page, and the last task
 * list is kept in localStorage, so /wms opens, checks scans against the real labels and queues.
 */
(function () {
	"use strict";

	const API = "/api/method/";
	const METHODS = {
		tasks: "wms_module.api.picking.my_tasks",
		check: "wms_module.api.handheld.check_scan",
		confirm: "wms_module.api.picking.confirm",
		count: "wms_module.api.counts.submit",
		progress: "wms_module.api.waves.progress",
		countItem: "wms_module.api.going_live.count_item",
		finishBin: "wms_module.api.going_live.finish_bin",
		indirect: "wms_module.api.labor.indirect",
	};
	const RETRY_MS = 3000;
	const PAGE = 200; // my_tasks rows per request; a full page means ask for the next (its cursor)
	const MAX_PAGES = 10; // beyond 2,000 open tasks the list says it shows only the first ones

	const boot = JSON.parse(document.getElementById("wms-boot").textContent || "{}");
	const QUEUE_KEY = "wms_mobile.queue." + (boot.user || "");
	const TASKS_KEY = "wms_mobile.tasks." + (boot.user || ""); // the last list the server sent: opened offline, the page shows it
	const ACTIVITY_KEY = "wms_mobile.activity." + (boot.user || ""); // a break (meeting, ...) running: survives a reload
	const STARTED_KEY = "wms_mobile.started." + (boot.user || ""); // {task: ISO time of its first scan}

	const $ = (id) => document.getElementById(id);
	const el = {
		form: $("wms-scan-form"),
		input: $("wms-scan"),
		prompt: $("wms-prompt"),
		message: $("wms-message"),
		task: $("wms-task"),
		kind: $("wms-kind"),
		goto: $("wms-goto"),
		item: $("wms-item"),
		qty: $("wms-qty"),
		tote: $("wms-tote"),
		list: $("wms-tasks"),
		empty: $("wms-empty"),
		short: $("wms-short"),
		skip: $("wms-skip"),
		done: $("wms-done"),
		refresh: $("wms-refresh"),
		logout: $("wms-logout"),
		net: $("wms-net"),
		queue: $("wms-queue"),
		progress: $("wms-progress"),
		progressText: $("wms-progress-text"),
		progressFill: $("wms-progress-fill"),
		activity: $("wms-activity"),
		activityPick: $("wms-activity-pick"),
		activityStart: $("wms-activity-start"),
		activityRunning: $("wms-activity-running"),
		activityText: $("wms-activity-text"),
		resume: $("wms-resume"),
	};

	const state = {
		tasks: [],
		task: null,
		step: "loading", // loading | idle | bin | item | qty | tote | count | sending
		scans: {},
		short: false,
		busy: false,
		pending: [], // scans made while an earlier one is still being checked, in order
		typing: false, // characters arrived since the last Enter (a wedge scanner mid-code)
		queue: loadQueue(),
		replaying: false,
		sessionEnded: false, // replays wait for the next login (a page load)
		progress: null,
		feedbackLog: [],
		activity: loadJSON(ACTIVITY_KEY, null), // {activity, started_at} while away from the tasks
		started: loadJSON(STARTED_KEY, {}), // the first scan of each task: the labour log's start
	};

	// ------------------------------------------------------------------ server calls

	class NetworkError extends Error {}

	class ServerError extends Error {
		constructor(message, status, excType) {
			super(message);
			this.status = status;
			this.excType = excType || null;
		}
	}

	class SessionError extends ServerError {}
	// the server refused the user, not the request (session ended, CSRF token stale): a queued
	// confirmation is kept and sent once the operator has logged in again

	const GATEWAY_STATUSES = new Set([502, 503, 504]);
	// the proxy answered, not the app: the app server may have done the work, so this is no answer

	function stripTags(text) {
		// parsed in an inert document: an element of the page's own document would load an <img> and
		// run its onerror (a scanned label's text comes back in the server's message)
		const doc = new DOMParser().parseFromString(String(text), "text/html");
		return (doc.body.textContent || "").trim();
	}

	function sessionEnded(status, data) {
		const exc = data && data.exc_type;
		return (
			status === 401 ||
			exc === "SessionExpired" ||
			exc === "CSRFTokenError" ||
			(status === 403 && (exc === "PermissionError" || !exc)) // a Guest calling a method: "Not permitted"
		);
	}

	function serverMessage(data, response) {
		// Frappe's error body: _server_messages (a JSON list of JSON {message, title}), exception
		// ("module.ExcClass: message"), exc_type; else a plain message.
		if (data && data._server_messages) {
			try {
				const messages = JSON.parse(data._server_messages).map((m) => {
					try {
						const parsed = JSON.parse(m);
						return stripTags(parsed.message || parsed);
					} catch (e) {
						return stripTags(m);
					}
				});
				if (messages.length && messages.join("")) return messages.join(" ");
			} catch (e) {
				/* fall through */
			}
		}
		if (data && data.exception) return stripTags(String(data.exception).replace(/^[\w.]+:\s*/, ""));
		if (data && typeof data.message === "string") return stripTags(data.message);
		return "The server refused it (HTTP " + response.status + " " + response.statusText + ")";
	}

	async function call(method, args, post) {
		const params = new URLSearchParams();
		for (const [key, value] of Object.entries(args || {})) {
			if (value !== undefined && value !== null) params.append(key, String(value));
		}
		let response;
		try {
			if (post) {
				response = await fetch(API + method, {
					method: "POST",
					credentials: "same-origin",
					headers: {
						Accept: "application/json",
						"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
						"X-Frappe-CSRF-Token": boot.csrf_token || "",
					},
					body: params,
				});
			} else {
				const query = params.toString();
				response = await fetch(API + method + (query ? "?" + query : ""), {
					credentials: "same-origin",
					headers: { Accept: "application/json" },
				});
			}
		} catch (e) {
			setNet(false);
			throw new NetworkError("No connection to the server (" + e.message + ")");
		}
		if (GATEWAY_STATUSES.has(response.status)) {
			throw new NetworkError("No answer from the app server (HTTP " + response.status + ")");
		}
		setNet(true);
		let data = {};
		try {
			data = await response.json();
		} catch (e) {
			data = {};
		}
		if (!response.ok) {
			if (sessionEnded(response.status, data)) {
				const ended = new SessionError("Session ended: log in again", response.status, data.exc_type);
				// a 403 may also refuse a logged-in user (a role): what the server said (wms_qc.js)
				ended.serverMessage = serverMessage(data, response);
				throw ended;
			}
			throw new ServerError(serverMessage(data, response), response.status, data.exc_type);
		}
		return data.message;
	}

	// ------------------------------------------------------------------ feedback

	let audio = null;

	function tone(frequency, start, duration, type) {
		const osc = audio.createOscillator();
		const gain = audio.createGain();
		osc.type = type;
		osc.frequency.value = frequency;
		gain.gain.setValueAtTime(0.25, audio.currentTime + start);
		gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + start + duration);
		osc.connect(gain);
		gain.connect(audio.destination);
		osc.start(audio.currentTime + start);
		osc.stop(audio.currentTime + start + duration + 0.02);
	}

	function beep(kind) {
		try {
			const Ctx = window.AudioContext || window.webkitAudioContext;
			if (!Ctx) return;
			audio = audio || new Ctx();
			if (audio.state === "suspended") audio.resume();
			if (kind === "error") {
				tone(196, 0, 0.22, "square"); // low, harsh, twice: cannot be mistaken for the OK chirp
				tone(147, 0.27, 0.3, "square");
			} else if (kind === "unchecked") {
				tone(523, 0, 0.12, "triangle"); // two middle notes, falling: "look again", not "OK"
				tone(392, 0.16, 0.16, "triangle");
			} else if (kind === "short") {
				tone(659, 0, 0.1, "triangle"); // three notes, the last low: "saved, but read this"
				tone(659, 0.16, 0.1, "triangle");
				tone(440, 0.32, 0.22, "triangle");
			} else {
				tone(1175, 0, 0.09, "sine");
			}
		} catch (e) {
			/* no audio: the colour still tells */
		}
	}

	function feedback(kind, text) {
		state.feedbackLog.push({ kind, text });
		el.message.textContent = text;
		el.message.className = "wms-message wms-" + kind;
		el.message.dataset.kind = kind;
		document.body.dataset.feedback = kind;
		if (kind === "error") {
			beep("error");
			if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
		} else if (kind === "ok" || kind === "unchecked" || kind === "short") {
			beep(kind);
			if (kind === "short" && navigator.vibrate) navigator.vibrate(150);
		}
	}

	function setNet(online) {
		el.net.dataset.state = online ? "online" : "offline";
		el.net.textContent = online ? "online" : "offline";
	}

	// ------------------------------------------------------------------ queue

	function loadQueue() {
		try {
			const raw = JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
			return Array.isArray(raw) ? raw : [];
		} catch (e) {
			return [];
		}
	}

	function saveQueue() {
		localStorage.setItem(QUEUE_KEY, JSON.stringify(state.queue));
		renderQueue();
	}

	function renderQueue() {
		const n = state.queue.length;
		el.queue.hidden = n === 0;
		el.queue.dataset.count = String(n);
		el.queue.textContent = n + " queued";
	}

	function queuedTasks() {
		return new Set(state.queue.map((entry) => entry.task));
	}

	function newKey() {
		if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
		// crypto.randomUUID needs a secure context (https or localhost); fall back to getRandomValues
		const b = crypto.getRandomValues(new Uint8Array(16));
		b[6] = (b[6] & 0x0f) | 0x40;
		b[8] = (b[8] & 0x3f) | 0x80;
		const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
	}

	async function replay() {
		if (state.replaying || state.sessionEnded || !state.queue.length) return;
		state.replaying = true;
		let sent = 0;
		try {
			while (state.queue.length) {
				const entry = state.queue[0];
				try {
					const answer = await call(entry.method, entry.args, true);
					state.queue.shift();
					saveQueue();
					sent += 1;
					window.dispatchEvent(new CustomEvent("wms:sent", { detail: { entry, answer } }));
					if (answer && answer.wave_progress) showProgress(answer.wave_progress);
					if (isShort(answer)) feedback("short", "Sent: " + entry.label + ". " + afterShort(answer));
					else feedback("ok", "Sent: " + entry.label);
				} catch (e) {
					if (e instanceof NetworkError) break; // still offline: keep it, try again later
					if (e instanceof SessionError) {
						sessionHasEnded(); // keep it: sent after the operator logs in again
						break;
					}
					state.queue.shift(); // the server answered no: never resend, show why
					saveQueue();
					feedback("error", "Not accepted: " + entry.label + " - " + e.message);
				}
			}
		} finally {
			state.replaying = false;
		}
		if (sent && !state.queue.length) await loadTasks({ keepCurrent: true });
	}

	// ------------------------------------------------------------------ tasks

	function fmt(n) {
		const x = Number(n || 0);
		return String(Math.round(x * 1000) / 1000);
	}

	function remaining(task) {
		return Math.max(0, Number(task.qty || 0) - Number(task.picked_qty || 0));
	}

	function isCount(task) {
		return task.task_type === "Count";
	}

	function binCode(t) {
		return t.source_bin_code || t.source_bin; // the code the label shows; the name when it has none
	}

	// A go-live count sweeps one bin: no item on the task, every item found there counted in turn.
	function isSweep(task) {
		return isCount(task) && !task.item_code;
	}

	function itemOf(t) {
		return isSweep(t) ? state.scans.item || "the item" : t.item_code;
	}

	// The unit the operator takes off the shelf: the order line's (2 Box of 12) when a quantity is a
	// whole number of them, else the stock unit the task counts in (24 Nos). What is sent is always
	// in stock units.
	function stockUnit(t) {
		return { uom: t.uom || "", factor: 1 };
	}

	function unitFor(t, stockQty) {
		const factor = Number(t.pick_factor || 1);
		const n = Number(stockQty || 0) / factor;
		if (factor > 1 && n > 0 && Math.abs(n - Math.round(n)) < 1e-9) return { uom: t.pick_uom, factor };
		return stockUnit(t);
	}

	function describeQty(t, stockQty) {
		const unit = unitFor(t, stockQty);
		const shown = fmt(Number(stockQty || 0) / unit.factor) + " " + unit.uom;
		return unit.factor > 1 ? { shown, stock: fmt(stockQty) + " " + (t.uom || "") } : { shown, stock: "" };
	}

	async function loadTasks(options) {
		const keepCurrent = options && options.keepCurrent;
		try {
			const list = await allTasks();
			state.tasks = list.tasks;
			if (list.more) feedback("warn", "Showing the first " + state.tasks.length + " open tasks");
			saveTasks();
		} catch (e) {
			if (e instanceof NetworkError) {
				if (!state.tasks.length) state.tasks = loadSavedTasks();
				feedback("warn", "Offline: showing the tasks loaded before");
			} else {
				feedback("error", e.message);
			}
		}
		renderList();
		const current = keepCurrent && state.task && state.tasks.find((t) => t.name === state.task.name);
		if (current && !queuedTasks().has(current.name)) {
			state.task = current;
			renderTask();
			return;
		}
		startTask(nextTask());
	}

	async function allTasks() {
		const tasks = [];
		let after = null;
		for (let n = 0; n < MAX_PAGES; n++) {
			const page = (await call(METHODS.tasks, after ? { limit: PAGE, after } : { limit: PAGE }, false)) || [];
			tasks.push(...page);
			if (page.length < PAGE) return { tasks, more: false };
			after = page[page.length - 1].cursor;
		}
		return { tasks, more: true };
	}

	function saveTasks() {
		try {
			localStorage.setItem(TASKS_KEY, JSON.stringify(state.tasks));
		} catch (e) {
			/* storage full: the page still works online */
		}
	}

	function loadSavedTasks() {
		try {
			const saved = JSON.parse(localStorage.getItem(TASKS_KEY) || "[]");
			return Array.isArray(saved) ? saved : [];
		} catch (e) {
			return [];
		}
	}

	function nextTask(after) {
		const queued = queuedTasks();
		return state.tasks.find((t) => !queued.has(t.name) && t.name !== after) || null;
	}

	function renderList() {
		const queued = queuedTasks();
		el.list.replaceChildren();
		for (const t of state.tasks) {
			const li = document.createElement("li");
			li.className = "wms-row";
			li.dataset.task = t.name;
			li.dataset.type = t.task_type;
			if (state.task && state.task.name === t.name) li.classList.add("wms-current");
			if (queued.has(t.name)) li.classList.add("wms-queued");
			const bin = document.createElement("span");
			bin.className = "wms-row-bin";
			bin.textContent = binCode(t) || "?";
			const item = document.createElement("span");
			item.className = "wms-row-item";
			item.textContent = isSweep(t) ? "every item (go-live count)" : t.item_code + (t.batch_no ? " / " + t.batch_no : "");
			if (t.item_name && t.item_name !== t.item_code) {
				const name = document.createElement("small");
				name.className = "wms-row-name";
				name.textContent = t.item_name;
				item.append(document.createElement("br"), name);
			}
			const qty = document.createElement("span");
			qty.className = "wms-row-qty";
			qty.textContent = isCount(t) ? "count" : describeQty(t, remaining(t)).shown;
			li.append(bin, item, qty);
			if (queued.has(t.name)) {
				const q = document.createElement("span");
				q.className = "wms-row-flag";
				q.textContent = "queued";
				li.append(q);
			}
			li.addEventListener("click", () => {
				if (!queued.has(t.name) && !state.busy) startTask(t);
				focusScan();
			});
			el.list.append(li);
		}
		el.empty.hidden = state.tasks.length > 0;
	}

	function startTask(task) {
		state.task = task;
		state.scans = {};
		state.short = false;
		if (!task) {
			setStep("idle");
			renderTask();
			return;
		}
		setStep("bin");
		renderTask();
		if (!isCount(task) && task.pick_wave && (!state.progress || state.progress.wave !== task.pick_wave)) {
			call(METHODS.progress, { wave: task.pick_wave }, false).then(showProgress, () => {});
		}
	}

	function renderTask() {
		const t = state.task;
		renderList();
		el.task.hidden = !t;
		if (!t) return;
		const bin = binCode(t);
		el.kind.textContent = isSweep(t) ? "Go-live count (blind)" : isCount(t) ? "Count (blind)" : "Pick";
		el.goto.textContent = "Go to " + bin;
		el.item.textContent = isSweep(t) ? "Every item in the bin" : t.item_code + (t.batch_no ? "  batch " + t.batch_no : "");
		if (t.item_name && t.item_name !== t.item_code) {
			const name = document.createElement("div");
			name.className = "wms-item-name";
			name.textContent = t.item_name;
			el.item.append(name);
		}
		if (isSweep(t)) {
			el.qty.textContent = "Scan each item, count it; Bin done when the bin is empty";
		} else if (isCount(t)) {
			el.qty.textContent = "Count every unit in the bin";
		} else {
			const q = describeQty(t, remaining(t));
			el.qty.textContent = "Take " + q.shown;
			const detail = [q.stock, Number(t.picked_qty) ? "of " + describeQty(t, t.qty).shown : ""].filter(Boolean);
			if (detail.length) {
				const small = document.createElement("span");
				small.className = "wms-qty-stock";
				small.textContent = detail.join(", ");
				el.qty.append(small);
			}
		}
		el.tote.textContent = !isCount(t) && t.tote ? "Into tote " + t.tote : "";
		el.task.dataset.task = t.name;
	}

	function showProgress(p) {
		if (!p || !p.wave) return;
		state.progress = p;
		el.progress.hidden = false;
		el.progress.dataset.wave = p.wave;
		el.progressText.textContent =
			"Wave " + p.wave + ": " + p.done_lines + " of " + p.total_lines + " lines done, " + Math.round(p.percent_units || 0) + " % of units";
		el.progressFill.style.width = Math.min(100, Math.max(0, Number(p.percent_units || 0))) + "%";
	}

	// ------------------------------------------------------------------ steps

	function setStep(step) {
		state.step = step;
		document.body.dataset.step = step;
		const t = state.task;
		const bin = t ? binCode(t) : "";
		let prompt = "";
		let value = "";
		if (step === "idle") prompt = "No open tasks. Refresh to look again.";
		else if (step === "bin") prompt = "Scan bin " + bin;
		else if (step === "item" && isSweep(t)) prompt = (state.scans.items ? "Scan the next item in bin " : "Scan an item in bin ") + bin + (state.scans.items ? ", or Bin done" : "");
		else if (step === "item") prompt = "Scan item " + t.item_code;
		else if (step === "qty") {
			const unit = state.scans.unit || stockUnit(t);
			const shown = fmt(state.scans.prefill / unit.factor);
			prompt = state.short
				? "Short: how many " + (t.uom || "") + " are in bin " + bin + "? (0 allowed)"
				: "Quantity in " + unit.uom + " (Enter to take " + shown + ")";
			value = state.short ? "0" : shown;
		} else if (step === "tote") prompt = t.tote ? "Scan tote " + t.tote : "Scan a tote";
		else if (step === "count") prompt = "How many " + itemOf(t) + " are in bin " + bin + "?";
		else if (step === "sending") prompt = "Sending...";
		el.prompt.textContent = prompt;
		const typing = state.pending.length || (state.typing && el.input.value !== "");
		if (!typing) el.input.value = value; // never over a scan being typed or waiting its turn
		el.input.inputMode = step === "qty" || step === "count" ? "decimal" : "text";
		el.short.hidden = !(t && !isCount(t) && (step === "qty" || step === "tote"));
		el.skip.hidden = !(t && (step === "bin" || step === "item"));
		el.done.hidden = !(t && isSweep(t) && step === "item");
		focusScan();
		if (value && !typing) el.input.select();
	}

	function tasksShown() {
		// the inbound screens (wms_inbound.js: receive, putaway, move, lookup) have their own input
		return !document.body.dataset.mode || document.body.dataset.mode === "tasks";
	}

	function focusScan() {
		if (!tasksShown()) return;
		if (document.activeElement !== el.input) el.input.focus({ preventScroll: true });
	}

	function sameCode(a, b) {
		return String(a || "").trim().toUpperCase() === String(b || "").trim().toUpperCase();
	}

	async function checkScan(args, offlineMatch, what) {
		// returns the server's answer, {offline: true} when it cannot be asked but the scan is the
		// expected code, or throws ServerError (shown by the caller)
		try {
			return await call(METHODS.check, args, false);
		} catch (e) {
			if (!(e instanceof NetworkError)) throw e;
			if (offlineMatch === true) return { offline: true };
			if (offlineMatch === false) {
				throw new ServerError("Wrong " + what + " (checked offline): scanned " + args[what + "_scan"] + ", expected " + expectedOf(what), 0);
			}
			return { offline: true, unchecked: true };
		}
	}

	// Offline, a scan is compared with the task's real labels (my_tasks sends them): the bin's
	// code, name and barcode; the item's code and barcodes, a GTIN in any of its lengths. A GS1
	// element string cannot be read here: it is "cannot check offline", never OK.
	function binLabels(t) {
		return [t.source_bin_code, t.source_bin, t.source_bin_barcode].filter(Boolean);
	}

	function gtinForms(code) {
		const digits = String(code || "").trim();
		if (!/^(\d{8}|\d{12,14})$/.test(digits)) return [digits.toUpperCase()];
		const core = digits.replace(/^0+/, "");
		return [8, 12, 13, 14].filter((n) => core.length <= n).map((n) => core.padStart(n, "0"));
	}

	function offlineBinMatch(t, scan) {
		return binLabels(t).some((label) => sameCode(scan, label));
	}

	function offlineItemMatch(t, scan) {
		if (isSweep(t)) return null; // any item may lie in a swept bin: only the server knows them all
		if (sameCode(scan, t.item_code)) return true;
		const scanned = new Set(gtinForms(scan));
		if ((t.item_barcodes || []).some((b) => gtinForms(b).some((form) => scanned.has(form)))) return true;
		if (/^[\](]|\u001d/.test(scan) || /^\d{15,}$/.test(scan)) return null; // GS1: not readable here
		return false;
	}

	function expectedOf(what) {
		const t = state.task;
		return what === "bin" ? binCode(t) : t.item_code;
	}

	function parseQty(text) {
		const cleaned = String(text).trim().replace(",", ".");
		if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
		return Number(cleaned);
	}

	// Command barcodes (printed on a sheet or the scanner's own) and keys for keypad devices,
	// whose Tab cannot leave the scan input: Short, Skip, Refresh, Log out.
	const COMMANDS = { "*SHORT*": "short", "*SKIP*": "skip", "*REFRESH*": "refresh", "*DONE*": "done", "*LOGOUT*": "logout" };
	const KEYS = { F2: "short", F3: "skip", F4: "refresh", F6: "done", F9: "logout" };

	async function command(name) {
		if (name === "short") el.short.click();
		else if (name === "skip") skipTask();
		else if (name === "done") await finishSweep();
		else if (name === "refresh") {
			await loadTasks({ keepCurrent: true });
			replay();
		} else if (name === "logout") {
			// queued confirmations stay in this device's storage for this user's next login; the saved
			// page (it carries this user's session token) and task list go
			localStorage.removeItem(TASKS_KEY);
			try {
				if (window.caches) await Promise.all((await caches.keys()).filter((n) => n.startsWith("wms-handheld-")).map((n) => caches.delete(n)));
			} catch (e) {
				/* no cache to delete */
			}
			try {
				await fetch("/api/method/logout", {
					method: "POST",
					credentials: "same-origin",
					headers: { "X-Frappe-CSRF-Token": boot.csrf_token || "" },
				});
			} finally {
				window.location.href = "/login?redirect-to=/wms";
			}
		}
	}

	function skipTask() {
		// set the task aside for now: the next one in route order; the skipped one stays on the list
		if (!state.task) return;
		const skipped = state.task;
		const next = nextTask(skipped.name);
		feedback("warn", "Skipped " + binCode(skipped) + " " + (skipped.item_code || "(go-live count)"));
		startTask(next || skipped);
	}

	async function onScan(raw) {
		const scan = String(raw || "").trim();
		if (COMMANDS[scan.toUpperCase()]) {
			await command(COMMANDS[scan.toUpperCase()]);
			return;
		}
		const t = state.task;
		if (state.step === "idle" || !t) {
			await loadTasks();
			return;
		}
		if (state.step === "bin") {
			if (!scan) return;
			// scanning a task means back at work: the running break (meeting, ...) ends first, so it
			// never overlaps the task's own labour row
			if (state.activity) await resumeWork();
			markStarted(t);
			const answer = await checkScan({ task: t.name, bin_scan: scan }, offlineBinMatch(t, scan), "bin");
			state.scans.bin_scan = scan;
			feedback("ok", "Bin " + (answer.bin_code || t.source_bin_code || scan) + " OK" + (answer.offline ? " (offline)" : ""));
			setStep("item");
		} else if (state.step === "item") {
			if (!scan) return;
			const answer = await checkScan({ task: t.name, bin_scan: state.scans.bin_scan, item_scan: scan }, offlineItemMatch(t, scan), "item");
			state.scans.item_scan = scan;
			state.scans.item = answer.item_code || (isSweep(t) ? scan : t.item_code);
			if (answer.unchecked) {
				feedback("unchecked", isSweep(t) ? "Item " + scan + " cannot be checked offline: check its label" : "Item " + scan + " cannot be checked offline: check the label says " + t.item_code);
			} else {
				feedback("ok", "Item " + state.scans.item + " OK" + (answer.batch_no ? ", batch " + answer.batch_no : "") + (answer.offline ? " (offline)" : ""));
			}
			if (isCount(t)) {
				setStep("count");
			} else {
				// a GS1 label's count is in stock units; else the task's remainder, in boxes when it is whole boxes
				state.scans.prefill = answer.qty != null ? Number(answer.qty) : remaining(t);
				state.scans.unit = answer.qty != null ? stockUnit(t) : unitFor(t, remaining(t));
				setStep("qty");
			}
		} else if (state.step === "qty") {
			const entered = scan === "" ? null : parseQty(scan);
			if (scan !== "" && entered === null) throw new ServerError("Quantity: " + scan + " is not a number", 0);
			const unit = state.scans.unit || stockUnit(t);
			const qty = entered === null ? (state.short ? 0 : state.scans.prefill) : entered * unit.factor;
			if (!state.short && qty <= 0) throw new ServerError("Quantity must be more than 0; press Short when the bin holds less", 0);
			if (qty > remaining(t) + 1e-9) throw new ServerError("Quantity " + fmt(qty) + " is more than the " + fmt(remaining(t)) + " left to pick", 0);
			state.scans.qty = qty;
			if (state.short && qty === 0) {
				await submitPick(t.tote || "");
			} else {
				setStep("tote");
			}
		} else if (state.step === "tote") {
			if (!scan) return;
			await submitPick(scan);
		} else if (state.step === "count") {
			const qty = parseQty(scan);
			if (qty === null) throw new ServerError("Enter the counted quantity (0 allowed), got " + (scan || "nothing"), 0);
			if (isSweep(t)) await submitSweepItem(qty);
			else await submitCount(qty);
		}
	}

	// What a pick and a count confirmation both send: the task, the two scans and a fresh
	// idempotency key, with the confirmation's own arguments.
	function confirmationArgs(own) {
		const args = { task: state.task.name, bin_scan: state.scans.bin_scan, item_scan: state.scans.item_scan };
		const started = state.started[state.task.name];
		if (started) args.started_at = started; // when this task's first scan was made (labour log)
		// when the operator confirmed: a confirmation queued offline is logged then, not on arrival
		return Object.assign(args, own, { confirmed_at: new Date().toISOString(), idempotency_key: newKey() });
	}

	async function submitPick(tote) {
		const t = state.task;
		const args = confirmationArgs({ qty: state.scans.qty, tote: tote });
		if (state.short) args.short = 1;
		const label = (state.short ? "short pick " : "pick ") + fmt(state.scans.qty) + " x " + t.item_code + " from " + binCode(t) + " (" + t.name + ")";
		await send(METHODS.confirm, args, label, (answer) => {
			if (answer && answer.wave_progress) showProgress(answer.wave_progress);
			if (isShort(answer)) {
				const took = "Short pick saved: " + fmt(answer.picked_qty) + " of " + fmt(t.qty) + " " + (t.uom || "") + " x " + t.item_code + " from bin " + binCode(t) + ".";
				return { kind: "short", text: took + " " + afterShort(answer) };
			}
			const rest = answer && answer.remaining_qty > 0 && answer.status === "In Progress" ? ", " + fmt(answer.remaining_qty) + " left" : "";
			return "Picked " + fmt(answer ? answer.picked_qty : state.scans.qty) + " x " + t.item_code + rest + (answer && answer.delivery_note_queued ? " - order complete, its Delivery Note is on the way" : "");
		});
	}

	async function submitSweepItem(qty) {
		const t = state.task;
		const bin = binCode(t);
		const args = confirmationArgs({ counted_qty: qty });
		delete args.started_at; // a go-live sweep is not logged as labour (api.going_live takes no times)
		delete args.confirmed_at;
		const label = "go-live count " + fmt(qty) + " x " + state.scans.item + " in " + bin + " (" + t.name + ")";
		await send(METHODS.countItem, args, label, (answer) => {
			if (answer && answer.posted === false) {
				return { kind: "warn", text: "Counted " + fmt(qty) + " x " + answer.item_code + " in " + bin + ": it waits for a supervisor" };
			}
			return "Counted " + fmt(qty) + " x " + ((answer && answer.item_code) || state.scans.item) + " in " + bin;
		}, { stay: true });
	}

	async function finishSweep() {
		const t = state.task;
		if (!t || !isSweep(t) || state.step !== "item") return;
		const bin = binCode(t);
		const label = "bin " + bin + " done (" + t.name + ")";
		await send(METHODS.finishBin, { task: t.name }, label, (answer) => "Bin " + bin + " done: " + ((answer && answer.items) || []).length + " item(s) counted");
	}

	function isShort(answer) {
		return Boolean(answer && Number(answer.short_qty) > 0);
	}

	// What a short pick set going: the rest from other bins (placed in the route), what no bin
	// holds (the supervisor is told), and the bin's count.
	function afterShort(answer) {
		const parts = (answer.reallocated || []).map((stop) => "Now take " + fmt(stop.qty) + " from bin " + stop.bin_code + ": added to your route.");
		if (Number(answer.unallocated_qty) > 0) parts.push(fmt(answer.unallocated_qty) + " short: no other bin holds it, your supervisor is told.");
		if (answer.count_task) parts.push("The bin is to be counted (" + answer.count_task + ").");
		return parts.join(" ");
	}

	async function submitCount(qty) {
		const t = state.task;
		const args = confirmationArgs({ counted_qty: qty });
		const label = "count " + fmt(qty) + " x " + t.item_code + " in " + binCode(t) + " (" + t.name + ")";
		await send(METHODS.count, args, label, (answer) => (answer && answer.message) || "Count saved");
	}

	async function send(method, args, label, describe, options) {
		const stay = Boolean(options && options.stay); // a sweep goes on with the next item of its bin
		const t = state.task;
		const entry = { method, args, task: t.name, label, queued_at: new Date().toISOString() };
		if (state.queue.length) {
			// keep the order: behind what is already waiting
			enqueue(entry, entry.label + " saved behind " + state.queue.length + " queued; sent in order");
			if (state.sessionEnded) sessionHasEnded();
			else replay();
			return;
		}
		setStep("sending");
		let answer;
		try {
			answer = await call(method, args, true);
		} catch (e) {
			if (e instanceof NetworkError) {
				enqueue(entry, "No connection: " + entry.label + " saved, " + (state.queue.length + 1) + " queued; it is sent when the connection is back");
				return;
			}
			if (e instanceof SessionError) {
				// the goods are in the tote already: keep the confirmation, send it after the next login
				enqueue(entry, "");
				sessionHasEnded();
				return;
			}
			// the server said no: show it and go back to the step the message is about
			setStep(/tote/i.test(e.message) && state.scans.item_scan && !isCount(t) ? "tote" : "bin");
			if (state.step === "bin") state.scans = {};
			throw e;
		}
		forgetStarted(t.name);
		const said = describe(answer);
		if (typeof said === "string") feedback("ok", said);
		else feedback(said.kind, said.text);
		if (stay) {
			state.scans = { bin_scan: state.scans.bin_scan, items: (state.scans.items || 0) + 1 };
			setStep("item");
			return;
		}
		await loadTasks();
	}

	function sessionHasEnded() {
		state.sessionEnded = true;
		const n = state.queue.length;
		const kept = n === 1 ? "your " + (/^count /.test(state.queue[0].label) ? "count" : "pick") + " is kept" : n + " confirmations are kept";
		feedback("error", "Session ended: log in again, " + kept);
		el.logout.textContent = "Log in";
	}

	function enqueue(entry, message) {
		state.queue.push(entry);
		saveQueue();
		if (entry.task) forgetStarted(entry.task);
		if (message) feedback("warn", message);
		const done = state.task ? state.task.name : null;
		renderList();
		startTask(nextTask(done));
	}

	// ------------------------------------------------------------------ labour: first scans, time away

	function loadJSON(key, fallback) {
		try {
			const value = JSON.parse(localStorage.getItem(key) || "null");
			return value === null ? fallback : value;
		} catch (e) {
			return fallback;
		}
	}

	// The first scan of a task starts its labour log row: kept until the confirmation is sent or queued.
	function markStarted(t) {
		if (!t || state.started[t.name]) return;
		state.started[t.name] = new Date().toISOString();
		localStorage.setItem(STARTED_KEY, JSON.stringify(state.started));
	}

	function forgetStarted(name) {
		if (!(name in state.started)) return;
		delete state.started[name];
		localStorage.setItem(STARTED_KEY, JSON.stringify(state.started));
	}

	function renderActivity() {
		const a = state.activity;
		el.activityPick.hidden = Boolean(a);
		el.activityRunning.hidden = !a;
		if (!a) return;
		const since = new Date(a.started_at);
		const hhmm = since.toTimeString().slice(0, 5);
		el.activityText.textContent = a.activity + " since " + hhmm;
		el.activityRunning.dataset.activity = a.activity;
	}

	function startActivity() {
		if (state.activity) return;
		state.activity = { activity: el.activity.value, started_at: new Date().toISOString() };
		localStorage.setItem(ACTIVITY_KEY, JSON.stringify(state.activity));
		renderActivity();
		feedback("warn", state.activity.activity + " started: press Resume work when you are back");
	}

	// "Resume work": the activity ends now and is sent like a confirmation (queued when offline,
	// replayed in order with its idempotency key).
	async function resumeWork() {
		const a = state.activity;
		if (!a) return;
		state.activity = null;
		localStorage.removeItem(ACTIVITY_KEY);
		renderActivity();
		const args = { activity: a.activity, started_at: a.started_at, ended_at: new Date().toISOString(), idempotency_key: newKey() };
		const entry = { method: METHODS.indirect, args, task: null, label: a.activity.toLowerCase() + " from " + a.started_at.slice(11, 16) + " UTC", queued_at: new Date().toISOString() };
		if (state.queue.length || state.sessionEnded) {
			queueActivity(entry, entry.label + " saved behind " + state.queue.length + " queued; sent in order");
			return;
		}
		try {
			const answer = await call(entry.method, entry.args, true);
			feedback("ok", "Back to work: " + a.activity + " of " + fmt((answer && answer.minutes) || 0) + " min logged");
		} catch (e) {
			if (e instanceof NetworkError || e instanceof SessionError) {
				queueActivity(entry, "No connection: " + entry.label + " saved; it is sent when the connection is back");
				if (e instanceof SessionError) sessionHasEnded();
				return;
			}
			feedback("error", "Not accepted: " + entry.label + " - " + e.message);
		}
	}

	function queueActivity(entry, message) {
		state.queue.push(entry);
		saveQueue();
		feedback("warn", message);
		if (!state.sessionEnded) replay();
	}

	el.activityStart.addEventListener("click", startActivity);
	el.resume.addEventListener("click", () => resumeWork());
	renderActivity();

	// ------------------------------------------------------------------ wiring

	// A scan is taken off the input at once and handled in order: on a slow network the item can
	// be scanned before the bin's answer is back, and neither is lost or glued to the other.
	el.form.addEventListener("submit", (event) => {
		event.preventDefault();
		state.pending.push(el.input.value);
		el.input.value = "";
		state.typing = false;
		drain();
	});
	el.input.addEventListener("input", () => {
		state.typing = true;
	});

	// a command that sends something goes through the scan queue: in order, and its refusal shown
	function queueCommand(barcode) {
		state.pending.push(barcode);
		drain();
	}

	async function drain() {
		if (state.busy) return;
		state.busy = true;
		try {
			while (state.pending.length) {
				const value = state.pending.shift();
				try {
					await onScan(value);
				} catch (e) {
					// what was scanned after a refused scan meant the refused one: not used, but named
					const dropped = state.pending.splice(0);
					feedback("error", e.message + (dropped.length ? " (then scanned, not used: " + dropped.join(", ") + ")" : ""));
					if (state.step === "qty" || state.step === "count") {
						el.input.value = value;
						el.input.select();
					}
				}
			}
		} finally {
			state.busy = false;
			focusScan();
		}
	}

	el.short.addEventListener("click", () => {
		if (!state.task || isCount(state.task) || !state.scans.item_scan) return;
		state.short = true;
		state.scans.unit = stockUnit(state.task); // what is left in the bin: loose units, not boxes
		feedback("warn", "Short pick: enter what bin " + binCode(state.task) + " holds");
		setStep("qty");
	});

	el.refresh.addEventListener("click", () => command("refresh"));
	el.skip.addEventListener("click", () => command("skip"));
	el.done.addEventListener("click", () => queueCommand("*DONE*"));
	el.logout.addEventListener("click", () => command("logout"));
	document.addEventListener("keydown", (event) => {
		if (!KEYS[event.key] || !tasksShown()) return;
		event.preventDefault();
		if (KEYS[event.key] === "done") queueCommand("*DONE*");
		else command(KEYS[event.key]);
	});

	// the scan input keeps the focus: a wedge scanner types wherever the focus is
	el.input.addEventListener("blur", () => setTimeout(focusScan, 0));
	document.addEventListener("click", focusScan);

	window.addEventListener("online", () => {
		setNet(true);
		replay();
	});
	window.addEventListener("offline", () => setNet(false));
	setInterval(() => {
		if (state.queue.length && navigator.onLine !== false) replay();
	}, RETRY_MS);

	// Another screen's write that got no answer (wms_inbound.js): queued behind the confirmations,
	// replayed in order with its idempotency key; "wms:sent" is dispatched when it is sent.
	function queueRequest(method, args, label) {
		state.queue.push({ method, args, task: null, label, queued_at: new Date().toISOString() });
		saveQueue();
		if (!state.sessionEnded) replay();
	}

	// The warehouse a scanned bin code means (a code repeats in every warehouse laid out alike): the
	// header's choice when the user works in several, remembered on this device; "" when none.
	const WAREHOUSE_KEY = "wms.warehouse";
	const warehouseInput = document.getElementById("wms-warehouse");
	if (warehouseInput && warehouseInput.tagName === "SELECT") {
		const kept = localStorage.getItem(WAREHOUSE_KEY);
		if (kept && [...warehouseInput.options].some((o) => o.value === kept)) warehouseInput.value = kept;
		warehouseInput.addEventListener("change", () => localStorage.setItem(WAREHOUSE_KEY, warehouseInput.value));
	}
	function warehouse() {
		return warehouseInput ? warehouseInput.value : "";
	}

	// for the console, the browser tests and the inbound screens (wms_inbound.js)
	// Say ``text`` on a screen's message line, coloured by ``kind``; an error also beeps and vibrates,
	// an ok beeps (the operator's eyes are on the goods, not the screen).
	function say(messageEl, kind, text) {
		messageEl.textContent = text;
		messageEl.className = "wms-message wms-" + kind;
		messageEl.dataset.kind = kind;
		document.body.dataset.feedback = kind;
		if (kind === "error") {
			beep("error");
			if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
		} else if (kind === "ok") {
			beep("ok");
		}
	}

	// A screen's scans are handled one at a time, in order (``run(fn)`` queues ``fn``); a refused one
	// drops those queued behind it and says so, as a scan meant for a step that failed must not act
	// on the next one. ``s`` holds ``pending`` and ``busy``; ``after`` runs when the queue is empty.
	function serialRunner(s, onError, after) {
		return async function run(fn) {
			s.pending.push(fn);
			if (s.busy) return;
			s.busy = true;
			try {
				while (s.pending.length) {
					const next = s.pending.shift();
					try {
						await next();
					} catch (e) {
						const dropped = s.pending.splice(0).length;
						onError(e.message + (dropped ? " (" + dropped + " later scan(s) not used)" : ""));
					}
				}
			} finally {
				s.busy = false;
				after();
			}
		};
	}

	// An element with a class and text: the screens build their cards and lists from these.
	function make(tag, className, text) {
		const node = document.createElement(tag);
		if (className) node.className = className;
		if (text !== undefined && text !== null) node.textContent = text;
		return node;
	}

	// A list of buttons in ``container``, one per entry, each opening its own (``run(entry.open)``):
	// entry.data = [dataset key, value]; entry.cells = [bin, item, qty], each a text or a list of
	// texts and nodes; entry.flag: an optional marker (e.g. a decision queued).
	function chooserList(container, { label, emptyText, entries, run, className = "wms-in-rows" }) {
		const ol = make("ol", className);
		ol.setAttribute("aria-label", label);
		for (const entry of entries) {
			const li = make("li");
			const button = make("button", "wms-in-row");
			button.type = "button";
			button.dataset[entry.data[0]] = entry.data[1];
			const [bin, item, qty] = entry.cells;
			button.append(cell("wms-row-bin", bin), cell("wms-row-item", item), cell("wms-row-qty", qty));
			if (entry.flag) button.append(make("span", "wms-row-flag", entry.flag));
			button.addEventListener("click", () => run(entry.open));
			li.append(button);
			ol.append(li);
		}
		container.append(ol);
		if (!entries.length) container.append(make("p", "wms-empty", emptyText));
	}

	function cell(className, content) {
		if (!Array.isArray(content)) return make("span", className, content);
		const span = make("span", className);
		span.append(...content);
		return span;
	}

	// A refusal found by the page itself (said like the server's).
	function refuse(text) {
		throw new ServerError(text, 0);
	}

	// A screen's write: sent now, or queued (no answer at all, or a session that ended) to be
	// replayed with the same idempotency key. ``stillLoggedIn`` (optional): asked on a 403, so a
	// logged-in user the server refuses (a role) is told so instead of being queued until a login.
	async function write(method, args, label, stillLoggedIn) {
		const sent = Object.assign({}, args, { idempotency_key: newKey() });
		try {
			return { answer: await call(method, sent, true) };
		} catch (e) {
			if (stillLoggedIn && e instanceof SessionError && e.status === 403 && (await stillLoggedIn())) {
				throw new ServerError(e.serverMessage || e.message, 403, e.excType);
			}
			if (e instanceof NetworkError || e instanceof SessionError) {
				queueRequest(method, sent, label);
				return { queued: true };
			}
			throw e;
		}
	}

	window.wmsMobile = { state, replay, loadTasks, call, newKey, beep, fmt, queueRequest, warehouse, say, serialRunner, make, refuse, write, chooserList, NetworkError, ServerError, SessionError };

	if ("serviceWorker" in navigator) {
		// needs a secure context (https, or localhost): elsewhere the page works online only
		navigator.serviceWorker.register("/wms-sw.js", { scope: "/wms" }).catch(() => {});
	}

	setNet(navigator.onLine !== false);
	renderQueue();
	loadTasks().then(() => replay());
})();
