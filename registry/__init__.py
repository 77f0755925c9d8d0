"""Utförarregistret Nordväst (DESIGN.md §4 gives the layout and the import layers)."""
