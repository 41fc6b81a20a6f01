"""The outside-peer adapters of the batching benchmark (benchmarks/peers.py): PyVRP and OR-Tools.

Each solver's test is skipped when its package (a development dependency, requirements-bench.txt)
is not installed.
"""

from __future__ import annotations

import importlib.util
import itertools

import pytest

from benchmarks.instances import generate_instance
from benchmarks.peers import arc_matrix, priced_by_arcs, solve_peer
from benchmarks.suites import make_layout, pick_location
from wms_module.core.batching import BatchCost, Capacity, Order, OrderLine, make_route_length

SOLVERS = {"pyvrp": "pyvrp", "ortools": "ortools"}


def _needs(solver: str) -> None:
	if importlib.util.find_spec(SOLVERS[solver]) is None:
		pytest.skip(
			f"{SOLVERS[solver]} is not installed: a benchmark-only dependency (requirements-bench.txt), kept out "
			"of the real bench's env, where ortools' protobuf pin clashes with Frappe's"
		)


def _run(solver: str, metric: str, orders, cap, layout, **kw):
	budget = {"iterations": 300} if solver == "pyvrp" else {"seconds": 0.2}
	cost = BatchCost(make_route_length(layout, "optimal"))
	return solve_peer(orders, cap, layout=layout, cost=cost, solver=solver, metric=metric, **budget, **kw)


@pytest.mark.parametrize(("solver", "metric"), list(itertools.product(SOLVERS, ("centre", "pair"))))
def test_a_peer_returns_a_feasible_batching_costed_by_the_projects_router(solver, metric):
	_needs(solver)
	layout = make_layout()
	inst = generate_instance(9, seed=3, lines=(3, 10), location=pick_location())
	cap = Capacity(items=20)
	run = _run(solver, metric, inst.orders, cap, layout)
	res = run.result
	ids = [o.order_id for b in res.batches for o in b.orders]
	assert sorted(ids) == sorted(o.order_id for o in inst.orders)  # every order exactly once
	assert all(cap.fits(b.load) for b in res.batches)
	assert len(res.batches) > 1  # 9 orders of 3-10 items do not fit 20 items
	fresh = BatchCost(make_route_length(layout, "optimal"))
	for b in res.batches:
		assert b.length == pytest.approx(fresh.of(b.orders))
	assert res.total_length == pytest.approx(sum(fresh.of(b.orders) for b in res.batches))
	assert run.seconds >= run.solve_seconds >= 0 and run.matrix_seconds >= 0


@pytest.mark.parametrize("solver", list(SOLVERS))
def test_the_pair_metric_solver_objective_is_the_batching_priced_by_its_arcs(solver):
	_needs(solver)
	layout = make_layout()
	inst = generate_instance(8, seed=5, lines=(3, 10), location=pick_location())
	cap = Capacity(items=20)
	run = _run(solver, "pair", inst.orders, cap, layout)
	d = arc_matrix(inst.orders, "pair", layout=layout, cost=BatchCost(make_route_length(layout, "optimal")))
	assert priced_by_arcs(run.result, inst.orders, d) == pytest.approx(run.solver_objective)


def test_the_pair_metric_prices_tours_of_one_or_two_orders_exactly():
	layout = make_layout()
	inst = generate_instance(6, seed=1, location=pick_location())
	cost = BatchCost(make_route_length(layout, "optimal"))
	d = arc_matrix(inst.orders, "pair", layout=layout, cost=cost)
	for i, j in itertools.combinations(range(len(inst.orders)), 2):
		tour = d[0, i + 1] + d[i + 1, j + 1] + d[j + 1, 0]
		assert tour / 100 == pytest.approx(cost.of((inst.orders[i], inst.orders[j])), abs=0.02)
		assert (d[0, i + 1] + d[i + 1, 0]) / 100 == pytest.approx(cost.of((inst.orders[i],)), abs=0.01)
	assert (d >= 0).all() and (d == d.T).all()


@pytest.mark.parametrize("solver", list(SOLVERS))
def test_a_peer_never_mixes_due_keys(solver):
	_needs(solver)
	layout = make_layout()
	PickLocation = pick_location()
	orders = [
		Order(f"O{i}", (OrderLine(PickLocation(i % 10, (7 * i) % 45), 2),), due_key=f"W{i % 2}")
		for i in range(8)
	]
	run = _run(solver, "pair", orders, Capacity(items=8), layout)
	assert all(len({o.due_key for o in b.orders}) == 1 for b in run.result.batches)
	assert sorted(o.order_id for b in run.result.batches for o in b.orders) == [f"O{i}" for i in range(8)]


def test_only_an_item_capacity_is_mapped():
	layout = make_layout()
	inst = generate_instance(3, seed=0, location=pick_location())
	cost = BatchCost(make_route_length(layout, "optimal"))
	with pytest.raises(ValueError, match="item capacity only"):
		solve_peer(inst.orders, Capacity(items=45, weight=100), layout=layout, cost=cost, iterations=10)
	with pytest.raises(ValueError, match="metric"):
		solve_peer(inst.orders, Capacity(items=45), layout=layout, cost=cost, metric="euclid", iterations=10)


def test_the_peers_suite_is_registered():
	from benchmarks.__main__ import SUITES

	assert "peers" in SUITES
