"""Signals other areas listen to, so placements need not import them (no import cycle).

`report_saved` is sent with the placement after a monthly report is registered or changed:
finance reconciles the placement's invoices again, since their flags compare invoiced days
with reported days. Receivers are connected in one place, app.register_signals, never by
importing a module.
"""

from blinker import Namespace

_signals = Namespace()
report_saved = _signals.signal("report-saved")
# Sent with the placement after an add-on is attached or ended: what should be paid changed.
addons_changed = _signals.signal("addons-changed")
