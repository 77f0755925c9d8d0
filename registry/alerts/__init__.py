"""Deadline alerts (bevakningar): rules, inbox, digest and the scheduler."""
