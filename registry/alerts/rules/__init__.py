"""Every alert rule of DESIGN.md §3, in the order the runner applies them."""

from registry.alerts.rules import finance, placements, shared

RULES = (*shared.RULES, *placements.RULES, *finance.RULES)
RULES_BY_NAME = {rule.name: rule for rule in RULES}
RULE_LABELS = {rule.name: rule.label for rule in RULES}
