"""The JSON API under /api/v1 (DESIGN.md §7) and its OpenAPI document."""
