"""Allocation timing: ``python -m benchmarks.allocation [n_lines] [n_slots] [n_items]``.

Builds a seeded warehouse (pick and reserve zones, some blocked bins, batches
with expiries, a few expired) and times ``wms_module.core.allocation.allocate``
for every removal strategy, with and without batch mixing.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

from wms_module.core.allocation import AllocationConfig, OrderLine, RemovalStrategy, StockSlot, allocate

AS_OF = date(2026, 6, 1)


def build(
	n_lines=25_000, n_slots=50_000, n_items=5_000, seed=7, strategy=RemovalStrategy.FEFO, allow_batch_mix=True
):
	rng = random.Random(seed)
	slots = []
	expiries = {}  # a batch's expiry belongs to the batch, as in ERPNext
	for i in range(n_slots):
		item = f"SKU{rng.randrange(n_items):05d}"
		batch = f"B{rng.randrange(6)}"
		slots.append(
			StockSlot(
				bin=f"{'PR'[i % 2]}-{i:06d}",
				warehouse="Stores - W",
				zone_type="pick" if i % 2 == 0 else ("reserve" if i % 10 else "quarantine"),
				item=item,
				batch=batch,
				on_hand=rng.randint(0, 40),
				allocated=rng.randint(0, 3),
				received_on=AS_OF - timedelta(days=rng.randint(0, 400)),
				expiry=expiries.setdefault((item, batch), AS_OF + timedelta(days=rng.randint(-20, 700))),
				distance=rng.uniform(0, 300),
				status="active" if rng.random() > 0.03 else "blocked",
				pick_sequence=i,
			)
		)
	lines = [
		OrderLine(
			f"SO-{n // 5:05d}/{n % 5}",
			f"SKU{rng.randrange(n_items):05d}",
			rng.randint(1, 30),
			whole_number=rng.random() < 0.8,
			min_remaining_shelf_life_days=rng.choice([None, None, None, 30, 90]),
		)
		for n in range(n_lines)
	]
	return lines, slots, AllocationConfig(as_of=AS_OF, strategy=strategy, allow_batch_mix=allow_batch_mix)


def main(argv):
	n_lines, n_slots, n_items = (int(a) for a in (argv + ["25000", "50000", "5000"][len(argv) :]))
	for strategy in RemovalStrategy:
		for mix in (True, False):
			lines, slots, config = build(n_lines, n_slots, n_items, strategy=strategy, allow_batch_mix=mix)
			start = time.perf_counter()
			result = allocate(lines, slots, config)
			elapsed = time.perf_counter() - start
			print(
				f"{strategy.value:12} batch_mix={mix!s:5} lines={n_lines} slots={n_slots}: {elapsed:6.3f}s "
				f"allocations={len(result.allocations)} shortages={len(result.shortages)}"
			)


if __name__ == "__main__":
	main(sys.argv[1:])
