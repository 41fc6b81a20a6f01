"""Outside peers for order batching: PyVRP and OR-Tools routing.

PyVRP 0.14's ``solve`` is an iterated local search (late-acceptance hill climbing, penalised
capacity violations, granular neighbourhoods); earlier releases implemented hybrid genetic search.
OR-Tools runs guided local search from a path-cheapest-arc start.

A vehicle routing solver does not know that a batch's cost is the optimal picker route
through the *union* of its orders' pick locations; it only knows arc costs between stops.
The adapters here use the usual order-as-client reduction:

- the depot is the layout's depot, every order is one client, its demand is its item count,
  the vehicle capacity is the capacity in items, the fleet is large enough for any batching
  (next fit never needs more than ``2 * ceil(total items / capacity)`` tours), no fixed cost;
- the arc cost between two orders is a picker-route metric (``ARC_METRICS``), in centimetres
  (metres x 100, rounded) since both solvers want integers:

  ``"centre"``  the shortest walk (aisles and cross aisles, ``layout.distance``) between the
                orders' medoids (the pick location with the least total walk to the order's
                other locations), depot to medoid for the depot arcs;
  ``"pair"``    ``d(0, i) = c(i) / 2`` and ``d(i, j) = c(i + j) - (c(i) + c(j)) / 2`` with ``c`` the
                optimal route length of the orders' locations (``BatchCost``). A tour
                ``0 -> i -> 0`` then costs exactly ``c(i)`` and ``0 -> i -> j -> 0`` exactly
                ``c(i + j)``; only batches of three or more orders are approximated (the sum of
                pairwise extra walks, which over-counts a shared aisle). ``d >= 0`` since a route
                through more locations is not shorter.

The solver's tours of orders are **not** picker routes: every returned batch (the orders on
one tour) is re-costed with the project's exact router through ``BatchCost``, so a peer's
``total_length`` is the same objective as ``wms_module.core.batching.batch_orders``'s.

Both solvers are imported lazily; ``pyvrp`` and ``ortools`` are development dependencies
(requirements-bench.txt), not dependencies of the app.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from wms_module.core.batching import (
	DEFAULT_METHOD,
	WAVE_OPTIONS,
	BatchCost,
	BatchingResult,
	Capacity,
	Order,
	batch_orders,
	load_of,
	make_route_length,
)
from wms_module.core.batching.model import group_by_due_key, make_result, validate_orders

from .exact import optimal_batching
from .instances import generate_instance
from .suites import BATCHING_METHODS, Section, make_layout, pick_location

ARC_METRICS = ("centre", "pair")
SCALE = 100  # metres -> integer arc costs


@dataclass(frozen=True)
class PeerRun:
	"""A peer's batching, re-costed by the project's router, and what it took."""

	result: BatchingResult
	solver_objective: float  # the VRP's own objective (metres, summed over due-key groups)
	matrix_seconds: float  # building the arc costs (the "pair" metric routes every pair of orders)
	solve_seconds: float  # the solver itself (wall)
	seconds: float  # everything: matrix, solve, mapping back and re-costing the batches (wall)
	cpu_seconds: float  # the same span in this process's CPU time


def _check_capacity(capacity: Capacity) -> int:
	other = [n for n in ("volume", "weight", "totes") if getattr(capacity, n, None) is not None]
	if capacity.items is None or other:
		raise ValueError(
			f"the VRP adapters model an item capacity only, got {capacity.describe()}; "
			"volume / weight / tote limits are not mapped"
		)
	return int(capacity.items)


def _medoid(layout, order: Order):
	locs = sorted(order.locations)
	return min(locs, key=lambda a: (sum(layout.distance(a, b) for b in locs), a))


def arc_matrix(orders: Sequence[Order], metric: str, *, layout, cost: BatchCost) -> np.ndarray:
	"""``(n + 1) x (n + 1)`` integer arc costs, index 0 = the depot, ``k + 1`` = ``orders[k]``."""
	n = len(orders)
	d = np.zeros((n + 1, n + 1), dtype=np.int64)
	if metric == "centre":
		points = [layout.depot, *(_medoid(layout, o) for o in orders)]
		for a in range(n + 1):
			for b in range(a + 1, n + 1):
				d[a, b] = d[b, a] = round(SCALE * layout.distance(points[a], points[b]))
	elif metric == "pair":
		single = [cost.of((o,)) for o in orders]
		for i in range(n):
			d[0, i + 1] = d[i + 1, 0] = round(SCALE * single[i] / 2)
			for j in range(i + 1, n):
				extra = cost.of((orders[i], orders[j])) - (single[i] + single[j]) / 2
				d[i + 1, j + 1] = d[j + 1, i + 1] = max(0, round(SCALE * extra))
	else:
		raise ValueError(f"metric must be one of {ARC_METRICS}, got {metric!r}")
	return d


def priced_by_arcs(result: BatchingResult, orders: Sequence[Order], d: np.ndarray) -> float:
	"""``result``'s batches priced by the arc costs ``d`` (metres): each batch's orders in their
	cheapest sequence from and back to the depot (Held-Karp over the batch's orders)."""
	index = {o.order_id: k + 1 for k, o in enumerate(orders)}
	total = 0
	for batch in result.batches:
		nodes = [index[o.order_id] for o in batch.orders]
		m = len(nodes)
		best = {(1 << j, j): int(d[0, nodes[j]]) for j in range(m)}
		for mask in range(1, 1 << m):
			for j in range(m):
				here = best.get((mask, j))
				if here is None:
					continue
				for k in range(m):
					if not mask & (1 << k):
						key = (mask | (1 << k), k)
						value = here + int(d[nodes[j], nodes[k]])
						if value < best.get(key, value + 1):
							best[key] = value
		total += min(best[(1 << m) - 1, j] + int(d[nodes[j], 0]) for j in range(m))
	return total / SCALE


def _fleet(demands: Sequence[int], cap: int) -> int:
	return min(len(demands), 2 * math.ceil(sum(demands) / cap))


def _pyvrp_groups(
	d: np.ndarray, demands: list[int], cap: int, *, iterations: int | None, seconds: float | None, seed: int
) -> tuple[list[list[int]], float]:
	from pyvrp import Model, solve
	from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria

	m = Model()
	depot = m.add_depot(m.add_location(0, 0, name="depot"))
	m.add_vehicle_type(num_available=_fleet(demands, cap), capacity=cap, start_depot=depot, end_depot=depot)
	for k, q in enumerate(demands):
		m.add_client(m.add_location(0, 0, name=str(k)), delivery=q, name=str(k))
	# locations in the order added: the depot, then the clients, as in d; the whole matrix at
	# once (no Model.add_edge per arc) and no durations
	data = m.data().replace(distance_matrices=[d], duration_matrices=[np.zeros_like(d)])
	stops = []
	if iterations is not None:
		stops.append(MaxIterations(iterations))
	if seconds is not None:
		stops.append(MaxRuntime(seconds))
	if not stops:
		raise ValueError("give PyVRP an iteration budget, a time limit or both")
	res = solve(
		data, stops[0] if len(stops) == 1 else MultipleCriteria(stops), seed=seed, collect_stats=False
	)
	if not res.is_feasible():
		raise RuntimeError(f"PyVRP found no feasible solution within its budget: {res.summary()}")
	groups = [[act.idx for act in route if act.is_client()] for route in res.best.routes()]
	return groups, res.cost() / SCALE


def _ortools_groups(
	d: np.ndarray, demands: list[int], cap: int, *, seconds: float
) -> tuple[list[list[int]], float]:
	from ortools.constraint_solver import pywrapcp, routing_enums_pb2

	n_vehicles = _fleet(demands, cap)
	manager = pywrapcp.RoutingIndexManager(len(demands) + 1, n_vehicles, 0)
	routing = pywrapcp.RoutingModel(manager)
	# matrix and vector transits are evaluated in C++ (a Python callback per arc is much slower)
	routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(d.tolist()))
	demand_cb = routing.RegisterUnaryTransitVector([0, *demands])
	routing.AddDimensionWithVehicleCapacity(demand_cb, 0, [cap] * n_vehicles, True, "items")
	params = pywrapcp.DefaultRoutingSearchParameters()
	params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
	params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
	params.time_limit.FromMilliseconds(max(1, round(1000 * seconds)))
	sol = routing.SolveWithParameters(params)
	if sol is None:
		raise RuntimeError(f"OR-Tools found no solution within {seconds} s (status {routing.status()})")
	groups = []
	for v in range(n_vehicles):
		i = sol.Value(routing.NextVar(routing.Start(v)))
		tour = []
		while not routing.IsEnd(i):
			tour.append(manager.IndexToNode(i) - 1)
			i = sol.Value(routing.NextVar(i))
		if tour:
			groups.append(tour)
	return groups, sol.ObjectiveValue() / SCALE


def solve_peer(
	orders: Sequence[Order],
	capacity: Capacity,
	*,
	layout,
	cost: BatchCost,
	solver: str = "pyvrp",
	metric: str = "pair",
	iterations: int | None = None,
	seconds: float | None = None,
	seed: int = 1,
	matrix_cache: dict | None = None,
) -> PeerRun:
	"""Batch ``orders`` with an outside VRP solver and cost the batches with ``cost``.

	``solver``: ``"pyvrp"`` (stops after ``iterations`` and/or ``seconds``, seeded) or
	``"ortools"`` (guided local search for ``seconds``; OR-Tools has no seed, and a time limit
	makes its result depend on the machine). Orders with different due keys are never mixed:
	each due-key group is one VRP.

	``matrix_cache`` (a dict) lets several runs on the same orders share the arc costs; a run
	that reuses them still reports (and adds to its ``seconds`` / ``cpu_seconds``) the time it
	took to build them, so every run's time is what it would cost alone.
	"""
	if solver not in ("pyvrp", "ortools"):
		raise ValueError(f"solver must be 'pyvrp' or 'ortools', got {solver!r}")
	if solver == "ortools" and seconds is None:
		raise ValueError("OR-Tools' guided local search needs a time limit (seconds)")
	orders = list(orders)
	validate_orders(orders, capacity)
	cap = _check_capacity(capacity)
	t0, c0 = time.perf_counter(), time.process_time()
	matrix_s = solve_s = objective = 0.0
	reused_s = reused_cpu = 0.0  # build time of matrices taken from matrix_cache
	groups: list[list[Order]] = []
	for group in group_by_due_key(orders):
		key = (metric, tuple(o.order_id for o in group))
		if matrix_cache is not None and key in matrix_cache:
			d, built_s, built_cpu = matrix_cache[key]
			matrix_s += built_s
			reused_s += built_s
			reused_cpu += built_cpu
		else:
			t1, c1 = time.perf_counter(), time.process_time()
			d = arc_matrix(group, metric, layout=layout, cost=cost)
			built_s, built_cpu = time.perf_counter() - t1, time.process_time() - c1
			matrix_s += built_s
			if matrix_cache is not None:
				matrix_cache[key] = (d, built_s, built_cpu)
		t2 = time.perf_counter()
		demands = [load_of((o,)).items for o in group]
		if solver == "pyvrp":
			tours, obj = _pyvrp_groups(d, demands, cap, iterations=iterations, seconds=seconds, seed=seed)
		else:
			tours, obj = _ortools_groups(d, demands, cap, seconds=seconds)
		solve_s += time.perf_counter() - t2
		objective += obj
		groups += [[group[k] for k in tour] for tour in tours]
	groups.sort(key=lambda g: orders.index(g[0]))
	result = make_result(f"{solver}/{metric}", groups, cost)
	return PeerRun(
		result=result,
		solver_objective=objective,
		matrix_seconds=matrix_s,
		solve_seconds=solve_s,
		seconds=time.perf_counter() - t0 + reused_s,
		cpu_seconds=time.process_time() - c0 + reused_cpu,
	)


# -- the benchmark suite ---------------------------------------------------------------------

# (label, solve_peer keywords); PyVRP stops after a number of iterations (reproducible on any
# machine), OR-Tools after a time limit (it has no other natural stop for guided local search)
SMALL_PEERS: list[tuple[str, dict]] = [
	("PyVRP, centre metric, 1000 it.", {"solver": "pyvrp", "metric": "centre", "iterations": 1000}),
	("PyVRP, pair metric, 200 it.", {"solver": "pyvrp", "metric": "pair", "iterations": 200}),
	("PyVRP, pair metric, 1000 it.", {"solver": "pyvrp", "metric": "pair", "iterations": 1000}),
	("OR-Tools GLS, centre metric, 0.2 s", {"solver": "ortools", "metric": "centre", "seconds": 0.2}),
	("OR-Tools GLS, pair metric, 0.2 s", {"solver": "ortools", "metric": "pair", "seconds": 0.2}),
]
WMS_SMALL = ("FCFS", "C&W(ii) savings", "ILS from C&W(ii), 30 it.")


def _large_runs(n_orders: int, quick: bool) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]]]:
	"""(wms_module runs, peer runs) for the instance of ``n_orders`` orders."""
	wms = [(name, kw) for name, kw in BATCHING_METHODS if name in WMS_SMALL]
	# what the app plans a wave with (services.tours.plan_tours): restricted savings above 150 orders,
	# ILS bounded by route evaluations
	wms.append((f"app default ({DEFAULT_METHOD}, WAVE_OPTIONS)", {"method": DEFAULT_METHOD, **WAVE_OPTIONS}))
	if n_orders <= 100 and not quick:
		wms.append(("ILS from C&W(ii), 300 it.", {"method": "ils", "iterations": 300}))
	if quick:
		peers = [
			("PyVRP, pair metric, 1000 it.", {"solver": "pyvrp", "metric": "pair", "iterations": 1000}),
			("OR-Tools GLS, pair metric, 1 s", {"solver": "ortools", "metric": "pair", "seconds": 1.0}),
		]
	elif n_orders <= 100:
		peers = [
			("PyVRP, centre metric, 2000 it.", {"solver": "pyvrp", "metric": "centre", "iterations": 2000}),
			("PyVRP, pair metric, 2000 it.", {"solver": "pyvrp", "metric": "pair", "iterations": 2000}),
			("PyVRP, pair metric, 20000 it.", {"solver": "pyvrp", "metric": "pair", "iterations": 20000}),
			("OR-Tools GLS, pair metric, 1 s", {"solver": "ortools", "metric": "pair", "seconds": 1.0}),
			("OR-Tools GLS, pair metric, 10 s", {"solver": "ortools", "metric": "pair", "seconds": 10.0}),
		]
	else:
		peers = [
			("PyVRP, pair metric, 5000 it.", {"solver": "pyvrp", "metric": "pair", "iterations": 5000}),
			("PyVRP, pair metric, 15000 it.", {"solver": "pyvrp", "metric": "pair", "iterations": 15000}),
			("OR-Tools GLS, pair metric, 20 s", {"solver": "ortools", "metric": "pair", "seconds": 20.0}),
		]
	return wms, peers


def peers_suite(quick: bool, log: Callable[[str], None]) -> Section:
	import importlib.util
	import os
	import statistics

	missing = [p for p in ("pyvrp", "ortools") if importlib.util.find_spec(p) is None]
	if missing:
		sec = Section("Batching: outside peers (PyVRP, OR-Tools)")
		sec.text(f"Not run: {', '.join(missing)} not installed (`pip install -r requirements-bench.txt`).")
		log(f"peers: skipped, {', '.join(missing)} not installed")
		return sec
	layout = make_layout()
	PickLocation = pick_location()
	cap = Capacity(items=45)
	n_inst = 5 if quick else 20
	wms_small = [(name, kw) for name, kw in BATCHING_METHODS if name in WMS_SMALL]
	small = [(name, {"wms": kw}) for name, kw in wms_small] + [
		(name, {"peer": kw}) for name, kw in SMALL_PEERS
	]
	gaps: dict[str, list[float]] = {name: [] for name, _ in small}
	hits = dict.fromkeys(gaps, 0)
	times: dict[str, list[float]] = {name: [] for name, _ in small}
	totals: dict[str, list[float]] = {name: [] for name, _ in small}
	for s in range(n_inst):
		inst = generate_instance(12, seed=s, demand="uniform", location=PickLocation)
		opt = optimal_batching(inst.orders, cap, BatchCost(make_route_length(layout, "optimal"))).total_length
		for name, how in small:
			fresh = BatchCost(make_route_length(layout, "optimal"))
			t0 = time.perf_counter()
			if "wms" in how:
				total = batch_orders(inst.orders, cap, cost=fresh, **how["wms"]).total_length
				times[name].append(time.perf_counter() - t0)
			else:
				run = solve_peer(inst.orders, cap, layout=layout, cost=fresh, **how["peer"])
				total = run.result.total_length
				times[name].append(run.seconds)
			if total < opt - 1e-6:
				raise AssertionError(f"{name} beat the MILP optimum on instance {s}: the MILP is wrong")
			gap = 100.0 * (total - opt) / opt
			totals[name].append(total)
			gaps[name].append(gap)
			hits[name] += gap < 1e-6
		log(f"peers: 12-order instance {s + 1}/{n_inst} done")

	sec = Section("Batching: outside peers (PyVRP, OR-Tools)")
	sec.text(
		f"The same batching instances solved by two vehicle routing solvers, PyVRP {_version('pyvrp')} "
		"(`pyvrp` on PyPI; its solver is an iterated local search with late-acceptance hill climbing, "
		f"earlier releases were hybrid genetic search) and OR-Tools {_version('ortools')} routing "
		"(guided local search from a path-cheapest-arc start), through the usual "
		"order-as-client reduction (`benchmarks/peers.py`): depot = the layout's depot, one client per "
		"order with demand = its items, vehicle capacity = 45 items, enough vehicles, no fixed cost, "
		"integer arc costs (metres x 100). A VRP solver prices a tour by its arcs, but a batch costs "
		"the optimal picker route through the union of its orders' locations, so the arc cost is a "
		"stand-in; two are tried. **centre**: the shortest walk (along aisles, via a cross aisle) "
		"between the orders' medoids (the pick location nearest, in total walk, to the order's other "
		"locations). **pair**: `d(depot, i) = c(i)/2`, `d(i, j) = c(i+j) - (c(i) + c(j))/2` with `c` the "
		"optimal route length of the orders' locations; a tour of one or two orders then costs exactly "
		"its optimal route, longer tours add up pairwise extra walks (an approximation; building it "
		"routes every pair of orders, which is counted in the peer's time). The solver's tour of "
		"orders is not the picker's route: each tour is taken as a batch and re-costed by the project's "
		"exact router (`BatchCost`), so every row below is the same objective, total optimal route "
		"length. PyVRP stops after a number of iterations (seed 1; reproducible), OR-Tools after a time "
		"limit (its lengths can differ on another machine). All single-threaded."
	)
	sec.text()
	sec.text(
		f"{n_inst} instances of 12 orders, the set of *Batching: gap to the exact optimum* (gap to the "
		"set-partitioning optimum; mean time per instance, a peer's including its arc costs):"
	)
	sec.text()
	rows = [
		[
			("wms_module " if "wms" in how else "") + name,
			_fmt(statistics.mean(gaps[name])),
			_fmt(max(gaps[name])),
			f"{hits[name]}/{n_inst}",
			_versus(totals[name], totals[WMS_SMALL[-1]]) if name != WMS_SMALL[-1] else "-",
			f"{1000 * statistics.mean(times[name]):.1f}",
		]
		for name, how in small
	]
	sec.table(
		["method", "mean gap %", "max gap %", "optimal", "shorter / longer than wms ILS", "mean time ms"],
		rows,
	)

	sizes = [100] if quick else [100, 500]
	rows = []
	ils = WMS_SMALL[-1]
	peer_best = min((name for name, how in small if "peer" in how), key=lambda m: statistics.mean(gaps[m]))
	won = [statistics.mean(gaps[ils]) <= statistics.mean(gaps[peer_best])]
	priced_lower = []
	summary = [
		f"- 12 orders: wms_module ILS {_fmt(statistics.mean(gaps[ils]))} % mean gap "
		f"({1000 * statistics.mean(times[ils]):.0f} ms), the best peer ({peer_best}) "
		f"{_fmt(statistics.mean(gaps[peer_best]))} % ({1000 * statistics.mean(times[peer_best]):.0f} ms); "
		f"shorter / longer than ILS on {_versus(totals[peer_best], totals[ils])} instances."
	]
	for n in sizes:
		inst = generate_instance(n, seed=n, demand="uniform", location=PickLocation)
		wms, peers = _large_runs(n, quick)
		per_iteration: dict[str, list[float]] = {"ils": [], "pyvrp": []}
		savings_s = 0.0
		block = []  # (label, result, solver objective, arc-cost seconds, wall, cpu)
		for name, kw in wms:
			t0, c0 = time.perf_counter(), time.process_time()
			res = batch_orders(inst.orders, cap, cost=BatchCost(make_route_length(layout, "optimal")), **kw)
			block.append(
				(f"wms_module {name}", res, None, None, time.perf_counter() - t0, time.process_time() - c0)
			)
			if kw.get("method") == "savings":
				savings_s = block[-1][4]
			elif kw.get("method") == "ils" and "iterations" in kw:  # ILS starts from C&W(ii), run just before
				per_iteration["ils"].append((block[-1][4] - savings_s) / kw["iterations"])
			log(f"peers: {n} orders, {name}: {res.total_length:.0f}")
		cache: dict = {}
		for name, kw in peers:
			run = solve_peer(
				inst.orders,
				cap,
				layout=layout,
				cost=BatchCost(make_route_length(layout, "optimal")),
				matrix_cache=cache,
				**kw,
			)
			block.append(
				(name, run.result, run.solver_objective, run.matrix_seconds, run.seconds, run.cpu_seconds)
			)
			if kw["solver"] == "pyvrp":
				per_iteration["pyvrp"].append(run.solve_seconds / kw["iterations"])
			log(f"peers: {n} orders, {name}: {run.result.total_length:.0f} in {run.seconds:.1f} s")
		key = ("pair", tuple(o.order_id for o in inst.orders))
		if key not in cache:
			cost = BatchCost(make_route_length(layout, "optimal"))
			cache[key] = (arc_matrix(inst.orders, "pair", layout=layout, cost=cost), 0.0, 0.0)
		pair = cache[key][0]
		best = min(r[1].total_length for r in block)
		priced = [priced_by_arcs(r[1], inst.orders, pair) for r in block]
		ours = [k for k, r in enumerate(block) if r[0].startswith("wms_module")]
		theirs = [k for k in range(len(block)) if k not in ours]
		w = min(ours, key=lambda k: block[k][1].total_length)
		cw = next(k for k in ours if "C&W" in block[k][0] and "ILS" not in block[k][0])
		p = min(theirs, key=lambda k: block[k][1].total_length)
		won.append(block[w][1].total_length <= block[p][1].total_length)
		priced_lower.append(min(priced[k] for k in theirs) < min(priced[k] for k in ours))
		summary.append(
			f"- {n} orders: the shortest wms_module batching ({block[w][0][len('wms_module ') :]}, "
			f"{block[w][4]:.2f} s) is {_rel(block[w][1].total_length, block[p][1].total_length)} the "
			f"shortest peer's ({block[p][0]}, {block[p][4]:.2f} s). Priced by the pair arc costs, the "
			f"objective the peer minimised, the best peer batching is "
			f"{_rel(min(priced[k] for k in theirs), min(priced[k] for k in ours))} the best wms_module one. "
			f"wms_module C&W(ii) alone ({block[cw][4]:.2f} s) is beaten on length by "
			f"{sum(block[k][1].total_length < block[cw][1].total_length for k in theirs)} of the "
			f"{len(theirs)} peer runs. Time per iteration: wms_module ILS "
			f"{1000 * statistics.mean(per_iteration['ils']):.1f} ms, PyVRP "
			f"{1000 * statistics.mean(per_iteration['pyvrp']):.2f} ms."
		)
		for k, (label, res, objective, arc_s, wall, cpu) in enumerate(block):
			rows.append(
				[
					n,
					label,
					res.n_batches,
					f"{res.total_length:.0f}",
					f"{100 * (res.total_length - best) / best:+.2f}",
					f"{priced[k]:.0f}",
					"-" if objective is None else f"{objective:.0f}",
					"-" if arc_s is None else f"{arc_s:.3f}",
					f"{wall:.3f}",
					f"{cpu:.3f}",
				]
			)
	load = f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "n/a"
	sec.text(
		"Larger instances, one run each (same generator, seed = the number of orders; the 100-order "
		"instance is the timing instance of *Batching: gap to the exact optimum*). No optimum is known; `vs best` is "
		"the gap to the shortest total in its block. `pair-metric price` is what the batching costs "
		"under the pair arc costs (each batch's orders in their cheapest sequence), i.e. the "
		"objective the pair-metric VRPs minimise; `VRP objective` is what the solver reported "
		"(its own arc costs, metres). Times include building the arc costs, the solve and "
		"re-costing the batches (wms_module rows: `batch_orders` with a fresh route cache); no route "
		"sequences are built. "
		f"1-minute load average at the end: {load} on {os.cpu_count()} CPUs."
	)
	sec.text()
	sec.table(
		[
			"orders",
			"method",
			"batches",
			"total length",
			"vs best %",
			"pair-metric price",
			"VRP objective",
			"arc costs s",
			"wall s",
			"CPU s",
		],
		rows,
	)
	sec.text("In this run:")
	sec.text()
	for line in summary:
		sec.text(line)
	sec.text()
	shortest = "is" if all(won) else "is **not**"
	search = (
		"the peers find batchings that the pair arc costs price below wms_module's (the bullets' "
		"second sentence)"
		if all(priced_lower)
		else "at some sizes the peers do not even beat wms_module on the pair arc costs they minimise"
	)
	converged = (
		"200 and 1000 PyVRP iterations give the same 12-order results, so more search does not close the gap. "
		if gaps["PyVRP, pair metric, 200 it."] == gaps["PyVRP, pair metric, 1000 it."]
		else ""
	)
	sec.text(
		f"Where wms_module loses, and where not. On route length: in this run its shortest batching "
		f"{shortest} shorter than every peer's at every size. As a *search* it loses: {search}. "
		"Both are iterated local searches, but one PyVRP iteration (a perturbation and a local search "
		"in C++ on arc costs) takes about a millisecond or less, one ILS iteration of wms_module "
		"(which prices every candidate batch with the exact router) far longer, growing with the "
		"number of orders (bullets above); its fast construction, "
		"C&W(ii), is beaten by the peers where the bullets say so. The peers lose on the model, not "
		"the search: their arc costs are not the objective. The pair metric is exact for batches of one or two orders and over-counts "
		"the walk shared by three or more (compare `VRP objective` with `total length`), so the "
		f"solver mis-prices exactly the batches that matter at this capacity; {converged}The centre "
		"metric ignores how many aisles an order spans and is far worse. Building the pair metric "
		"routes every pair of orders (quadratic: seconds at 500 orders, before any search). Caveats in "
		"wms_module's favour: its methods were developed on this generator and capacity (batches of "
		"2-5 orders), the peers get an item capacity only (no volume, weight or totes), and OR-Tools' "
		"time limits and one run per large instance make those rows noisy."
	)
	return sec


def _versus(mine: list[float], theirs: list[float]) -> str:
	shorter = sum(a < b - 1e-6 for a, b in zip(mine, theirs, strict=True))
	longer = sum(a > b + 1e-6 for a, b in zip(mine, theirs, strict=True))
	return f"{shorter} / {longer}"


def _rel(a: float, b: float) -> str:
	"""``a`` relative to ``b`` in words: '1.23 % shorter than' / '0.50 % longer than' / 'as long as'."""
	if abs(a - b) < 1e-6:
		return "as long as"
	return f"{100 * abs(a - b) / b:.2f} % {'shorter' if a < b else 'longer'} than"


def _version(package: str) -> str:
	from importlib.metadata import PackageNotFoundError, version

	try:
		return version(package)
	except PackageNotFoundError:
		return "(not installed)"


def _fmt(x: float) -> str:
	return f"{x:.2f}"
