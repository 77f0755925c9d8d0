"""Quarterly invoices, police reimbursement claims and yearly budgets."""

from datetime import timedelta

from registry.core.dates import add_months, month_start
from registry.placements.rules import last_care_day

INVOICE_COLUMNS = ("id", "placement_id", "municipality_id", "provider_id", "invoice_number",
                   "period_start", "period_end", "days", "amount_ore", "received_on", "note",
                   "created_at", "updated_at", "version")
CLAIM_COLUMNS = ("id", "placement_id", "municipality_id", "period_start", "period_end",
                 "amount_ore", "status", "submitted_on", "decided_on", "approved_ore",
                 "paid_on", "paid_ore", "created_by_id", "created_at", "updated_at", "version")
BUDGET_COLUMNS = ("id", "municipality_id", "year", "line", "amount_ore", "note", "created_at",
                  "updated_at", "version")
WINDOW_MONTHS = 6


def declare(sink):
    sink.declare("invoices", INVOICE_COLUMNS)
    sink.declare("reimbursement_claims", CLAIM_COLUMNS)


def add_for(world, sink, case):
    _invoices(world, sink, case)
    if case.category == "police_defector":
        _claim(world, sink, case)


def _last_day(world, case):
    return last_care_day(case.start, case.end) or world.scale.as_of - timedelta(days=1)


def _invoices(world, sink, case):
    """One invoice per calendar quarter in care, received after the quarter (or the end)."""
    rng, last = world.rng, _last_day(world, case)
    quarter = add_months(month_start(case.start), -((case.start.month - 1) % 3))
    while quarter <= last:
        following = add_months(quarter, 3)
        first, final = max(quarter, case.start), min(following - timedelta(days=1), last)
        received = final + timedelta(days=rng.randint(5, 30))
        if received > world.scale.as_of:
            break
        days = (final - first).days + 1
        amount = days * case.rate_on(first)
        if rng.random() < 0.03:
            amount += rng.randint(1_000, 500_000)
        invoice_id = sink.next_id("invoices")
        sink.add("invoices", (
            invoice_id, case.id, case.town.id, case.provider_id, f"SYN-{invoice_id:07d}",
            first, final, days, amount, received, "", world.moment(received),
            world.moment(received), 1))
        quarter = following


def _claim(world, sink, case):
    """One claim for the reimbursement window; older claims are further along."""
    rng, as_of = world.rng, world.scale.as_of
    final = min(add_months(case.start, WINDOW_MONTHS) - timedelta(days=1),
                _last_day(world, case))
    if final <= case.start:
        return
    amount = ((final - case.start).days + 1) * case.rate_ore
    submitted = final + timedelta(days=rng.randint(10, 80))
    status, decided, approved, paid_on = "draft", None, None, None
    if submitted <= as_of:
        status = "submitted"
        decided = submitted + timedelta(days=rng.randint(20, 90))
        if decided <= as_of:
            status = rng.choices(("approved", "partly_approved", "rejected"), (70, 20, 10))[0]
            approved = {"approved": amount, "partly_approved": amount * 3 // 4,
                        "rejected": 0}[status]
            paid_on = decided + timedelta(days=rng.randint(5, 30))
            if status != "rejected" and paid_on <= as_of:
                status = "paid"
            else:
                paid_on = None
    finance = world.users[(case.town.id, "finance")]
    sink.add("reimbursement_claims", (
        sink.next_id("reimbursement_claims"), case.id, case.town.id, case.start, final,
        amount, status, submitted if status != "draft" else None, decided if approved
        is not None else None, approved, paid_on, approved if paid_on else None, finance,
        world.now, world.now, 1))


def add_budgets(world, sink):
    sink.declare("budgets", BUDGET_COLUMNS)
    for town in world.municipalities:
        for year in range(world.scale.as_of.year - 2, world.scale.as_of.year + 1):
            for line, base in (("permanent", 2_000_000_00), ("one_off", 500_000_00)):
                sink.add("budgets", (sink.next_id("budgets"), town.id, year, line,
                                     round(base * world.rng.uniform(0.5, 3.0)), "",
                                     world.now, world.now, 1))
