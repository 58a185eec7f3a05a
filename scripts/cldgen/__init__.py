"""Helpers for the synthetic CLD submission generator (``scripts/generate_cld.py``).

Modules: ``headers`` (column names), ``vocab`` (defined lists from the seed),
``pools`` (Faker-seeded name pools and identifier helpers), ``simulate`` (person
journeys), ``defects`` (defect injection) and ``council`` (writes one council's
submission files).
"""
