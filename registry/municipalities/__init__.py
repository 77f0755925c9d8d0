"""The eight municipalities and their settings."""
