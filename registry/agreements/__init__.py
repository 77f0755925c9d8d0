"""Agreements, extension options and price lists: shared, edited by the party municipalities."""
