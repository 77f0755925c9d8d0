"""Providers (utförare), service types and documents: shared by all eight municipalities."""
