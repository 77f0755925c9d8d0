"""The demo data set: placements, case rows, agreements, providers, money, assessments."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from registry.agreements.models import CONTRACT_TERMS, Agreement, AgreementProvider, PriceListItem
from registry.core.dates import add_months, today
from registry.extensions import db
from registry.finance.models import Budget, Invoice, ReimbursementClaim
from registry.municipalities.models import Municipality
from registry.placements.models import (
    Deviation,
    Extension,
    FollowUp,
    MonthlyReport,
    Placement,
    RateChange,
)
from registry.providers.models import Provider
from registry.quality.models import Assessment

CASE_CHILDREN = [MonthlyReport, FollowUp, Deviation, RateChange, Extension, Invoice,
                 ReimbursementClaim]


def placements():
    return db.session.scalars(select(Placement)).all()


def by_slug(slug):
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug))


@pytest.mark.parametrize("model", CASE_CHILDREN, ids=lambda m: m.__name__)
def test_every_case_row_shares_its_placements_municipality(model):
    rows = db.session.execute(select(model.municipality_id, Placement.municipality_id)
                              .join(Placement, Placement.id == model.placement_id)).all()
    assert rows, f"no demo {model.__name__} rows"
    assert all(child == parent for child, parent in rows)


@pytest.mark.parametrize("slug", ["ekero", "sundbyberg"])
def test_ekero_and_sundbyberg_have_no_placements(slug):
    municipality = by_slug(slug)
    assert not db.session.scalars(select(Placement).filter_by(
        municipality_id=municipality.id)).all()
    assert municipality not in {p for a in db.session.scalars(select(Agreement))
                                for p in a.participants}


@pytest.mark.parametrize("slug,expected", [("jarfalla", 6), ("upplands-bro", 3),
                                           ("upplands-vasby", 2), ("sollentuna", 2),
                                           ("solna", 4)])
def test_cases_where_the_sources_report_them(slug, expected):
    municipality = by_slug(slug)
    assert len(db.session.scalars(select(Placement).filter_by(
        municipality_id=municipality.id)).all()) == expected


def test_case_references_are_pseudonyms_and_officers_local():
    for placement in placements():
        assert re.fullmatch(r"[A-Z]{3}-DEMO-\d{4}", placement.case_reference)
        officer = placement.case_officer
        assert officer.email == f"case_officer.{placement.municipality.slug}@demo.invalid"


def test_rates_come_from_the_price_item_valid_at_start():
    for placement in placements():
        if placement.agreement_id is None:
            assert placement.outside_agreement_reason and placement.price_item_id is None
            continue
        item = db.session.get(PriceListItem, placement.price_item_id)
        assert item.agreement_id == placement.agreement_id
        assert item.provider_id == placement.provider_id
        assert placement.daily_rate_ore == item.price_ore
        assert item.valid_from <= placement.start_date
        assert item.valid_to is None or placement.start_date <= item.valid_to


def test_periods_follow_the_municipality_and_extensions():
    for placement in placements():
        months = placement.municipality.initial_period_months
        assert placement.initial_period_end == add_months(placement.start_date, months)
        if placement.extensions:
            assert placement.planned_end == placement.extensions[-1].new_end
        else:
            assert placement.planned_end == placement.initial_period_end


def test_a_mix_of_case_situations():
    rows = placements()
    ended = [p for p in rows if p.end_date]
    assert ended and all(p.end_reason for p in ended)
    assert any(p.consent_on is None for p in rows if p.end_date is None)
    assert any(p.conditions_agreement_on for p in rows)
    assert any(p.rate_changes for p in rows)
    deviations = db.session.scalars(select(Deviation)).all()
    assert any(d.decision for d in deviations) and any(d.decision is None for d in deviations)
    reports = db.session.scalars(select(MonthlyReport)).all()
    assert {r.source for r in reports} == {"provider", "police"}
    assert all(r.report_text == "" for r in reports if r.source == "police")


def test_no_demo_date_lies_in_the_future():
    day = today() + timedelta(days=1)  # the session may have been seeded just before midnight
    for model, column in [(MonthlyReport, "received_on"), (FollowUp, "held_on"),
                          (Deviation, "occurred_on"), (Invoice, "received_on"),
                          (ReimbursementClaim, "submitted_on"), (ReimbursementClaim, "paid_on")]:
        values = db.session.scalars(select(getattr(model, column))).all()
        assert all(v is None or v <= day for v in values), (model.__name__, column)


def test_agreements_of_each_form_with_all_terms():
    agreements = db.session.scalars(select(Agreement)).all()
    assert {a.form for a in agreements} == {"framework", "direct_award", "single_case",
                                            "inter_municipal"}
    forms = {(a.lead_municipality.slug, a.form) for a in agreements}
    assert {("jarfalla", "framework"), ("upplands-bro", "framework"),
            ("sollentuna", "direct_award"), ("solna", "single_case")} <= forms
    for agreement in agreements:
        assert {t.code for t in agreement.terms} == set(CONTRACT_TERMS)
        assert agreement.fictional and agreement.reference.startswith("DEMO-")


def test_upplands_bro_framework_started_autumn_2020_with_an_option_due_soon():
    agreement = db.session.scalar(select(Agreement).where(
        Agreement.reference == "DEMO-UBR-2020-0001"))
    assert (agreement.start_date.year, agreement.start_date.month) == (2020, 10)
    pending = [o for o in agreement.options if o.decision == "pending"]
    assert any(0 <= (o.exercise_by - today()).days <= 60 for o in pending)


def test_real_providers_have_no_invented_business():
    real = db.session.scalars(select(Provider).where(Provider.fictional.is_(False))).all()
    assert {p.legal_name for p in real} == {"Passus", "Vision 24"}
    ids = {p.id for p in real}
    for model in (AgreementProvider, PriceListItem, Placement, Assessment, Invoice):
        assert not db.session.scalars(select(model).where(model.provider_id.in_(ids))).all()


def test_provider_statuses_and_permits_vary():
    providers = db.session.scalars(select(Provider)).all()
    statuses = {p.status for p in providers}
    assert {"active", "under_review", "suspended"} <= statuses
    suspended = next(p for p in providers if p.status == "suspended")
    assert suspended.suspended_until and suspended.status_reason
    assert any(p.permit_valid_until and (p.permit_valid_until - today()).days <= 60
               for p in providers)
    assert any(p.permit_number is None and any(s.requires_permit for s in p.services)
               for p in providers)
    assert any(p.org_form == "kommun" and p.municipality_id for p in providers)


def test_price_history_keeps_the_old_item():
    items = db.session.scalars(select(PriceListItem)).all()
    closed = [i for i in items if i.valid_to]
    assert any(newer.valid_from > old.valid_to for old in closed for newer in items
               if (newer.agreement_id, newer.provider_id, newer.service_type_id, newer.addon)
               == (old.agreement_id, old.provider_id, old.service_type_id, old.addon))


def test_claims_in_several_statuses_and_budgets_for_this_year():
    statuses = set(db.session.scalars(select(ReimbursementClaim.status)))
    assert {"draft", "submitted", "approved", "partly_approved", "rejected", "paid"} <= statuses
    for claim in db.session.scalars(select(ReimbursementClaim)):
        if claim.status == "paid":
            assert claim.paid_on and claim.paid_ore == claim.approved_ore
    lines = set(db.session.execute(select(Budget.line, Budget.year)).all())
    assert {("permanent", today().year), ("one_off", today().year)} <= lines


def test_completed_assessments_are_whole():
    assessments = db.session.scalars(select(Assessment)).all()
    assert assessments
    for assessment in assessments:
        assert assessment.status == "completed" and 0 <= assessment.score <= 100
        assert assessment.passed is not None and assessment.valid_until
        assert len(assessment.answers) == len(assessment.template.indicators)
        assert assessment.provider.fictional
