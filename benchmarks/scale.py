"""The MariaDB scale and load figures (tools/realbench/scale_check.sh) as a section of docs/benchmarks.md.

The check itself runs on the real bench (root, a few minutes); it leaves its figures in
``docs/scale-result.json``, which this renders. ``./run.sh bench`` runs the check first when it can
(root, and the bench built or buildable), else renders the figures of the last run, dated.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULT = ROOT / "docs" / "scale-result.json"
COMMAND = "sudo bash tools/realbench/scale_check.sh"


def _ms(stats: dict | None, key: str) -> str:
	value = (stats or {}).get(key)
	return "-" if value is None else f"{value:g}"


def scale_suite(quick: bool, log: Callable[[str], None], path: Path = RESULT):
	from .suites import Section

	sec = Section("MariaDB at scale: 50,000 bins, 60 scanners")
	if not path.exists():
		sec.text(
			f"Not measured on this machine yet: `{COMMAND}` (root; the real bench) writes `{path.name}`."
		)
		return sec
	data = json.loads(path.read_text())
	rows = data.get("explain", {}).get("rows") or data.get("seed", {}).get("rows") or {}
	measured = data.get("measured_at", "")
	sec.text(
		f"`{COMMAND}` on Frappe 15 / ERPNext 15 with MariaDB (Debian), 2 shared cores{measured}. "
		f"The site holds {rows.get('storage_bins', '?'):,} bins, {rows.get('items', '?'):,} items, "
		f"{rows.get('bin_stock', '?'):,} Bin Stock rows, {rows.get('bin_ledger', '?'):,} bin ledger rows and "
		f"{rows.get('open_tasks', '?'):,} open tasks when the hot paths are walked. How each was made is in "
		"`tools/realbench/scale_check.py`: bins by the app's Generate Bins, orders and tasks by submitting "
		"Sales Orders; 19,000 background items and their bin stock are bulk volume with ERPNext's `Bin` rows "
		"to match but no stock ledger."
	)
	sec.text()
	explain = data.get("explain", {})
	scans = explain.get("full_scans", [])
	sec.text(
		f"**Query plans:** {explain.get('queries', 0)} queries of {len(explain.get('paths', {}))} hot paths "
		f"EXPLAINed with fresh statistics; full scans of a big app table: **{len(scans)}** (must be 0)."
	)
	sec.text()
	whole = [s for s in explain.get("all_scans", []) if s["rows"] >= 1000]
	sec.table(
		["hot path (in process, one run)", "ms"],
		[[name, f"{1000 * s:.0f}"] for name, s in explain.get("paths", {}).items()],
	)
	if whole:
		sec.text(
			"Scans of big tables the check allows (the path reads a whole warehouse on purpose): "
			+ "; ".join(sorted({f"{s['path']} reads `{s['table']}` ({s['rows']:,} rows)" for s in whole}))
			+ "."
		)
		sec.text()
	so = data.get("so_submit", {})
	inproc = data.get("in_process", {})
	wave = data.get("wave_plan_release", {})
	sec.table(
		["operation", "n", "p50 ms", "p95 ms", "max ms"],
		[
			[
				f"submit a {so.get('lines', 100)}-line Sales Order (ERPNext + WMS allocation)",
				so.get("n", "-"),
				_ms(so, "p50_ms"),
				_ms(so, "p95_ms"),
				_ms(so, "max_ms"),
			],
			[
				f"plan + release a {wave.get('orders_per_wave', 5)}-order wave",
				wave.get("n", "-"),
				_ms(wave, "p50_ms"),
				_ms(wave, "p95_ms"),
				_ms(wave, "max_ms"),
			],
			[
				f"`my_tasks` ({inproc.get('my_tasks', {}).get('rows', '?')} rows), in process",
				inproc.get("my_tasks", {}).get("n", "-"),
				_ms(inproc.get("my_tasks"), "p50_ms"),
				_ms(inproc.get("my_tasks"), "p95_ms"),
				_ms(inproc.get("my_tasks"), "max_ms"),
			],
			[
				"pick confirm, in process (with its commit)",
				inproc.get("pick_confirm", {}).get("n", "-"),
				_ms(inproc.get("pick_confirm"), "p50_ms"),
				_ms(inproc.get("pick_confirm"), "p95_ms"),
				_ms(inproc.get("pick_confirm"), "max_ms"),
			],
		],
	)
	big = data.get("big_wave")
	if big:
		sec.text(
			f"**One wave of {big['orders']} orders ({big['lines']} lines) planned through the app** "
			f"(`services.waves.plan_wave`: gathering, batching with `{big['method']}` and the app's "
			f"`WAVE_OPTIONS`, every tour routed and written): **{big['plan_s']} s** wall, {big['plan_cpu_s']} s CPU "
			f"of the process, {big['tours']} tours (issue 11 measured 11-14 s for this before restricted savings; "
			"target for allocate + batch + route: <= 1.5 s, see the batching targets)."
		)
		sec.text()
	load = data.get("load")
	if load:
		paced = data.get("load_paced")
		sec.text(
			f"**Load:** {load['operators']} scanner threads, each logged in as its own operator, confirm picks over "
			"HTTP against gunicorn with 4 workers on 127.0.0.1 (`tools/realbench/load_scanners.py`: the task "
			"list, then each pick in route order). First at a floor's pace, one pick per scanner every "
			f"{(paced or {}).get('pace_s', 5):g} s (about three times what 60 people walking a pick path ask for), "
			f"then for {load['seconds']:g} s as fast as the server answers: the site's capacity, where the "
			"latency is mostly the wait for one of the 4 workers."
		)
		sec.text()
		verify = data.get("verify", {})
		same = "yes" if verify.get("drift_lines") == 0 else f"NO ({verify.get('drift_lines')} lines differ)"
		header = ["run", "picks confirmed", "picks/s", "confirm p50 / p95 ms", "my_tasks p50 / p95 ms"]
		header += ["answers", "server errors"]
		runs = [
			(f"floor pace ({(paced or {}).get('seconds', '?')} s)", paced),
			(f"capacity ({load['seconds']:g} s)", load),
		]
		sec.table(
			header,
			[
				[
					name,
					run["confirmed"],
					run["picks_per_second"],
					f"{_ms(run, 'confirm_p50_ms')} / {_ms(run, 'confirm_p95_ms')}",
					f"{_ms(run, 'my_tasks_p50_ms')} / {_ms(run, 'my_tasks_p95_ms')}",
					", ".join(f"{k}: {v}" for k, v in run.get("answers", {}).items()),
					run["server_errors"],
				]
				for name, run in runs
				if run
			],
		)
		if data.get("loadavg_after"):
			one, five, _fifteen = data["loadavg_after"]
			sec.text(
				f"Load average of the machine at the end of the runs: {one} (1 min), {five} (5 min). The 60 "
				"scanner threads, gunicorn and MariaDB share its 2 cores; a load well above what the check "
				"itself makes means other work ran too and the figures are low."
			)
			sec.text()
		sec.text(
			f"MariaDB deadlocks during both runs (`Innodb_deadlocks`): {load.get('deadlocks', '-')} (a victim is run again "
			f"by its endpoint `services/deadlocks.py`); bins = ERPNext after both: **{same}**."
		)
		errors = {**(paced or {}).get("errors", {}), **load.get("errors", {})}
		if errors:
			sec.text("Refusals by type: " + ", ".join(f"{k}: {v}" for k, v in errors.items()) + ".")
	return sec
