"""Benchmarks for routing, batching, slotting and wave planning.

Run ``python -m benchmarks --help`` (or ``./run.sh bench``). Tables go to
stdout and to ``docs/benchmarks.md``. Nothing here is imported by the app.
"""
