"""Reports and statistics: a catalogue of builders, disclosure control, exports."""
