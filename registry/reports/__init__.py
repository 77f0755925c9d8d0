"""Reports and statistics: a catalogue of pure DataFrame builders, suppression, exports."""
