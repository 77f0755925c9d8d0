"""Reports and statistics: a catalogue of builders, disclosure control (core/disclosure.py), exports."""
