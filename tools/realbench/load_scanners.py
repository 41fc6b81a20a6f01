"""60 handheld scanners confirming picks against a served site, for a fixed time (issue 11, part 5).

	.venv/bin/python tools/realbench/load_scanners.py --url http://127.0.0.1:8300 --seconds 120 \
		--operators 60 --out result.json

Each scanner is a thread with its own login (``scale-op-NN@example.com``, made by scale_check.py
seed) and its own ``requests`` session, doing what the handheld does: fetch its task list
(``api.picking.my_tasks``, one page of 50 picks), then confirm each pick in route order
(``api.picking.confirm`` with the bin's code, the item and the quantity, and an idempotency key),
fetching the list again when it is done. By default as fast as the server answers (no walking
time): the figure is the site's capacity, not the floor's demand. ``--pace S`` makes each scanner
confirm one pick every S seconds (a floor's pace: walking, reaching, scanning), for the latency an
operator sees at that demand. A refused confirmation (4xx) is recorded with
its ``exc_type`` and the scanner moves on; a server error (5xx) or a deadlock is recorded too.

Writes throughput, p50/p95 of confirm and of my_tasks, answers by status and error type, and the
deadlocks the server reported, as JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import threading
import time
import uuid
from collections import Counter

import requests

PASSWORD = "scale-operator-Pw1!"
MY_TASKS = "/api/method/wms_module.api.picking.my_tasks"
CONFIRM = "/api/method/wms_module.api.picking.confirm"


def pct(values: list[float], p: float) -> float | None:
	if not values:
		return None
	ordered = sorted(values)
	return round(1000 * ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))], 1)


class Scanner(threading.Thread):
	def __init__(self, url: str, user: str, seconds: float, start_gate: threading.Barrier, pace: float = 0):
		super().__init__(daemon=True)
		self.url, self.user, self.seconds, self.gate, self.pace = url, user, seconds, start_gate, pace
		self.deadline = 0.0
		self.confirm_s: list[float] = []
		self.list_s: list[float] = []
		self.status: Counter = Counter()
		self.errors: Counter = Counter()
		self.confirmed = 0
		self.ran_out = False

	def call(
		self, session: requests.Session, method: str, path: str, **kwargs
	) -> tuple[float, requests.Response | None]:
		t = time.monotonic()
		try:
			r = session.request(method, self.url + path, timeout=120, **kwargs)
		except requests.RequestException as e:
			self.errors[f"connection: {type(e).__name__}"] += 1
			return time.monotonic() - t, None
		took = time.monotonic() - t
		self.status[r.status_code] += 1
		if r.status_code >= 400:
			try:
				body = r.json()
			except ValueError:
				body = {}
			text = r.text[:2000]
			kind = body.get("exc_type") or ("Deadlock" if "Deadlock" in text else f"HTTP {r.status_code}")
			self.errors[kind] += 1
		return took, r

	def run(self) -> None:
		s = requests.Session()
		_took, r = self.call(s, "POST", "/api/method/login", data={"usr": self.user, "pwd": PASSWORD})
		self.gate.wait()  # every scanner logged in: the clock starts for all at once
		self.deadline = time.monotonic() + self.seconds
		if r is None or r.status_code != 200:
			return
		if self.pace:  # the scanners start spread over one pace, as people do, not all at once
			time.sleep(random.Random(self.user).uniform(0, self.pace))
		next_pick = time.monotonic()
		while time.monotonic() < self.deadline:
			took, r = self.call(s, "GET", MY_TASKS, params={"task_type": "Pick", "limit": 50})
			self.list_s.append(took)
			if r is None or r.status_code != 200:
				time.sleep(0.5)
				continue
			rows = r.json()["message"]
			if not rows:
				self.ran_out = True
				return
			for row in rows:
				if self.pace:  # walking to the next bin
					time.sleep(max(0.0, next_pick - time.monotonic()))
					next_pick += self.pace
				if time.monotonic() >= self.deadline:
					return
				took, r = self.call(
					s,
					"POST",
					CONFIRM,
					data={
						"task": row["name"],
						"bin_scan": row["source_bin_code"],
						"item_scan": row["item_code"],
						"qty": row["qty"] - (row.get("picked_qty") or 0),
						"idempotency_key": str(uuid.uuid4()),
					},
				)
				if r is not None and r.status_code == 200:
					self.confirm_s.append(took)
					self.confirmed += 1


def main(argv=None) -> int:
	p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
	p.add_argument("--url", default="http://127.0.0.1:8300")
	p.add_argument("--seconds", type=float, default=120)
	p.add_argument("--operators", type=int, default=60)
	p.add_argument(
		"--pace",
		type=float,
		default=0,
		help="seconds between one scanner's confirmations (a floor's pace); 0: as fast as the server answers",
	)
	p.add_argument("--out", required=True)
	args = p.parse_args(argv)
	users = [f"scale-op-{n:02d}@example.com" for n in range(args.operators)]
	gate = threading.Barrier(len(users) + 1)
	scanners = [Scanner(args.url, u, args.seconds, gate, args.pace) for u in users]
	for sc in scanners:
		sc.start()
	gate.wait()
	started = time.monotonic()
	for sc in scanners:
		sc.join()
	elapsed = time.monotonic() - started
	confirm_s = [x for sc in scanners for x in sc.confirm_s]
	list_s = [x for sc in scanners for x in sc.list_s]
	status, errors = Counter(), Counter()
	for sc in scanners:
		status.update(sc.status)
		errors.update(sc.errors)
	result = {
		"operators": len(users),
		"pace_s": args.pace,
		"seconds": round(elapsed, 1),
		"confirmed": len(confirm_s),
		"picks_per_second": round(len(confirm_s) / elapsed, 2),
		"confirm_p50_ms": pct(confirm_s, 50),
		"confirm_p95_ms": pct(confirm_s, 95),
		"my_tasks_p50_ms": pct(list_s, 50),
		"my_tasks_p95_ms": pct(list_s, 95),
		"answers": {str(k): v for k, v in sorted(status.items())},
		"errors": dict(errors),
		"server_errors": sum(v for k, v in status.items() if k >= 500),
		"scanners_out_of_work": sum(1 for sc in scanners if sc.ran_out),
	}
	with open(args.out, "w") as f:
		json.dump(result, f, indent=1)
	print(json.dumps(result, indent=1))
	return 0


if __name__ == "__main__":
	raise SystemExit(main())
