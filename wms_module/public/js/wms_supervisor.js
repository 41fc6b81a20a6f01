/* wms_supervisor.js: the supervisor's floor view at /wms/supervisor.
 *
 * Plain JS like the handheld's: one GET of wms_module.api.supervisor.floor every 30 seconds
 * (and on "Refresh now" or a change of warehouse), rendered with textContent only (names and codes
 * are data, never markup). A failed refresh keeps the last floor on screen and says so; the
 * "updated HH:MM:SS" stamp is the server's time of the floor shown.
 */
(function () {
	"use strict";

	const boot = JSON.parse(document.getElementById("sup-boot").textContent || "{}");
	const REFRESH_MS = (boot.refresh_seconds || 30) * 1000;
	const API = "/api/method/wms_module.api.supervisor.floor";
	const STATES = { working: "Working", idle: "Idle", waiting: "Waiting for work", free: "Free" };

	const state = { floor: null, timer: null, refreshes: 0, inFlight: null, error: null };
	const $ = (id) => document.getElementById(id);

	function el(tag, text, attrs) {
		const node = document.createElement(tag);
		if (text !== undefined && text !== null) node.textContent = String(text);
		for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
		return node;
	}

	function clockOf(value) {
		// "2026-12-05 07:01:02.123456" -> "07:01"
		return value ? String(value).slice(11, 16) : "-";
	}

	function minutes(n) {
		if (n === null || n === undefined) return "";
		if (n < 60) return `${n} min`;
		return `${Math.floor(n / 60)} h ${String(n % 60).padStart(2, "0")} min`;
	}

	function message(text, kind) {
		const box = $("sup-message");
		box.textContent = text || "";
		box.className = "sup-message" + (kind ? ` sup-${kind}` : "");
	}

	function renderBottlenecks(floor) {
		const list = $("sup-bottlenecks");
		list.replaceChildren(
			...floor.bottlenecks.map((b) => el("li", b.text, { "data-kind": b.kind, "data-subject": b.subject }))
		);
		$("sup-no-bottlenecks").hidden = floor.bottlenecks.length > 0;
	}

	function renderZones(floor) {
		const head = $("sup-zones-head");
		head.replaceChildren(
			el("th", "Zone", { scope: "col" }),
			...floor.buckets.map((b) => el("th", b.label, { scope: "col" })),
			el("th", "Open", { scope: "col" }),
			el("th", "Queued", { scope: "col" }),
			el("th", "Oldest waiting", { scope: "col" })
		);
		const row = (label, z, attrs) => {
			const tr = el("tr", null, attrs);
			tr.append(el("th", label, { scope: "row" }));
			for (const b of floor.buckets) {
				const n = z.buckets[b.key] || 0;
				tr.append(el("td", n, { "data-bucket": b.key, class: n ? `sup-age-${b.key}` : "sup-zero" }));
			}
			tr.append(el("td", z.open_tasks), el("td", z.queued), el("td", minutes(z.oldest_minutes)));
			return tr;
		};
		$("sup-zones-body").replaceChildren(...floor.zones.map((z) => row(z.label, z, { "data-zone": z.label })));
		const total = { ...floor.totals, oldest_minutes: floor.zones.length ? floor.zones[0].oldest_minutes : null };
		$("sup-zones-foot").replaceChildren(row("All zones", total, { "data-zone": "" }));
		$("sup-zones").hidden = floor.zones.length === 0;
		$("sup-no-work").hidden = floor.zones.length > 0;
	}

	function taskCell(t) {
		// "Pick at A-01-01" on top, "WAVE-00012 · Assigned · 1a411a263b" under it
		const td = el("td", t ? `${t.task_type} at ${t.bin_code || "-"}` : "-", { class: "sup-task" });
		if (t) td.append(el("span", [t.wave, t.status, t.task].filter(Boolean).join(" · "), { class: "sup-sub" }));
		return td;
	}

	function renderOperators(floor) {
		const rows = floor.operators.map((o) => {
			const t = o.task || {};
			const tr = el("tr", null, { "data-user": o.user, "data-state": o.state });
			const who = el("th", o.full_name, { scope: "row" });
			if (o.full_name !== o.user) who.append(el("span", o.user, { class: "sup-sub" }));
			tr.append(
				who,
				el("td", STATES[o.state] || o.state, { class: `sup-state sup-state-${o.state}` }),
				taskCell(o.task),
				el("td", o.task ? clockOf(t.since) : "-"),
				el("td", o.last_confirmation ? `${clockOf(o.last_confirmation)} (${minutes(o.quiet_minutes)} ago)` : "none this shift"),
				// today's standard ÷ actual over direct time (the labour log); "-" before any timed task
				el("td", o.performance == null ? "-" : `${Math.round(o.performance)} %`, { class: "sup-perf" })
			);
			return tr;
		});
		$("sup-operators-body").replaceChildren(...rows);
		$("sup-operators").hidden = rows.length === 0;
		$("sup-no-operators").hidden = rows.length > 0;
	}

	function renderWaves(floor) {
		const items = floor.blocked_waves.map((w) =>
			el("li", `${w.wave} (${w.status}, ${w.warehouse}): ${w.lines} lines, ${w.qty} units short`, { "data-wave": w.wave })
		);
		$("sup-waves").replaceChildren(...items);
		$("sup-no-waves").hidden = items.length > 0;
	}

	function render(floor) {
		renderBottlenecks(floor);
		renderZones(floor);
		renderOperators(floor);
		renderWaves(floor);
		const stamp = $("sup-updated");
		stamp.textContent = `updated ${floor.updated}`;
		stamp.dataset.state = "fresh";
		document.body.dataset.refreshes = String(state.refreshes);
	}

	async function errorText(response) {
		try {
			const body = await response.json();
			const messages = JSON.parse(body._server_messages || "[]").map((m) => JSON.parse(m).message);
			return messages.join(" ") || body.exception || response.statusText;
		} catch (e) {
			return response.statusText;
		}
	}

	async function refresh() {
		if (state.inFlight) return state.inFlight;
		const warehouse = $("sup-warehouse").value;
		const url = API + (warehouse ? `?warehouse=${encodeURIComponent(warehouse)}` : "");
		state.inFlight = (async () => {
			try {
				const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
				if (response.status === 401 || response.status === 403) {
					message(`Not allowed: ${await errorText(response)}`, "error");
					return;
				}
				if (!response.ok) throw new Error(await errorText(response));
				const floor = (await response.json()).message;
				state.floor = floor;
				state.refreshes += 1;
				state.error = null;
				render(floor);
				message("");
			} catch (e) {
				state.error = String(e.message || e);
				$("sup-updated").dataset.state = "stale";
				message(`Could not refresh (${state.error}); showing the floor as it was.`, "warn");
			} finally {
				state.inFlight = null;
				schedule();
			}
		})();
		return state.inFlight;
	}

	function schedule() {
		clearTimeout(state.timer);
		state.timer = setTimeout(refresh, REFRESH_MS);
	}

	$("sup-warehouse").addEventListener("change", () => refresh());
	$("sup-pick").addEventListener("submit", (e) => {
		e.preventDefault();
		refresh();
	});
	$("sup-refresh").addEventListener("click", () => refresh());
	window.wmsSupervisor = { state, refresh, REFRESH_MS };
	refresh();
})();
