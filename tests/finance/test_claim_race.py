"""Two requests claiming the same days at the same moment: exactly one claim is saved (PG)."""

import os
import threading
from datetime import timedelta

import pytest
from flask_login import login_user
from sqlalchemy import delete, func, select

from registry.auth.models import User
from registry.core.dates import today
from registry.core.refusal import Refused
from registry.core.settings import MoneySettings
from registry.extensions import db
from registry.finance.models import ReimbursementClaim
from registry.finance.services.claims import create_claim
from registry.placements.models import Placement
from registry.providers.models import Provider, ServiceType
from tests.conftest import csrf_token, login
from tests.finance import factories as money

THREADS = 5

pytestmark = [
    pytest.mark.no_db, pytest.mark.postgres, pytest.mark.checklist("C2"),
    pytest.mark.skipif(not (os.environ.get("REGISTRY_TEST_DATABASE_URL") or "").startswith(
        "postgresql"), reason="needs PostgreSQL: SQLite serialises every write anyway"),
]


@pytest.fixture
def committed_placement(app):
    """A Solna placement committed for real (threads see it), removed afterwards."""
    with app.app_context():
        placement = money.placement(days_ago=60, outside_agreement_reason="Test av kapplöpning")
        db.session.commit()
        ids = (placement.id, placement.provider_id, placement.service_type_id)
    yield ids[0]
    with app.app_context():
        db.session.execute(delete(ReimbursementClaim).where(
            ReimbursementClaim.placement_id == ids[0]))
        db.session.execute(delete(Placement).where(Placement.id == ids[0]))
        db.session.execute(delete(Provider).where(Provider.id == ids[1]))
        db.session.execute(delete(ServiceType).where(ServiceType.id == ids[2]))
        db.session.commit()


def _attempt(app, placement_id, barrier, outcomes):
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == "finance.solna@demo.invalid"))
        login_user(user)
        placement = db.session.get(Placement, placement_id)
        first = placement.start_date
        values = {"period_start": first, "period_end": first + timedelta(days=9),
                  "amount_ore": 100}
        barrier.wait()
        try:
            create_claim(placement, values, user, MoneySettings(), today())
            db.session.commit()
            outcomes.append("saved")
        except Refused:
            db.session.rollback()
            outcomes.append("refused")
        finally:
            db.session.remove()


def test_simultaneous_overlapping_claims_save_exactly_one(app, committed_placement):
    barrier, outcomes = threading.Barrier(THREADS), []
    threads = [threading.Thread(target=_attempt, args=(app, committed_placement, barrier,
                                                       outcomes)) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused"] * (THREADS - 1) + ["saved"]
    with app.app_context():
        saved = db.session.scalar(select(func.count(ReimbursementClaim.id)).where(
            ReimbursementClaim.placement_id == committed_placement))
    assert saved == 1


def test_five_simultaneous_claim_forms_save_one_and_refuse_the_rest_kindly(app,
                                                                          committed_placement):
    """The checklist's double submit through the pages: one 302, the others the form again
    with the overlap explained (422), never a 500."""
    path = f"/finance/placements/{committed_placement}/claims/new"
    clients = [app.test_client() for _ in range(THREADS)]
    with app.app_context():
        first = db.session.get(Placement, committed_placement).start_date
    forms = []
    for client in clients:
        assert login(client, "finance.solna@demo.invalid").status_code == 302
        forms.append({"period_start": first.isoformat(),
                      "period_end": (first + timedelta(days=9)).isoformat(),
                      "amount": "1", "csrf_token": csrf_token(client, path)})
    barrier, answers = threading.Barrier(THREADS), []

    def submit(client, form):
        barrier.wait()
        response = client.post(path, data=form)
        answers.append((response.status_code, response.get_data(as_text=True)))

    threads = [threading.Thread(target=submit, args=pair)
               for pair in zip(clients, forms, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(status for status, _ in answers) == [302] + [422] * (THREADS - 1)
    assert all("Perioden överlappar en annan återsökning" in html
               for status, html in answers if status == 422)
    with app.app_context():
        assert db.session.scalar(select(func.count(ReimbursementClaim.id)).where(
            ReimbursementClaim.placement_id == committed_placement)) == 1
