"""Every alert rule of DESIGN.md §3, in the order the runner applies them."""

from registry.alerts.rules import finance, placements, shared

RULES = (*shared.RULES, *placements.RULES, *finance.RULES)
RULES_BY_NAME = {rule.name: rule for rule in RULES}


def rule_label(name):
    """Return the Swedish label of a rule by its stored name (the name when unknown)."""
    rule = RULES_BY_NAME.get(name)
    return rule.label if rule else name
