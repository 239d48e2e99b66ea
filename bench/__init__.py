"""Benchmarks: one module per measured claim; ``python -m bench.run`` runs them all."""
