"""Placements and their follow-up: case data, own municipality only, every read audited."""
