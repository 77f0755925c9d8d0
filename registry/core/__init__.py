"""Shared building blocks: base models, permissions, audit, scoping, money and dates."""
