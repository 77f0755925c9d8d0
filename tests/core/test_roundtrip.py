"""The one form round trip: a refusal keeps the typing, shows the message on its field and
saves nothing, whether the page is shown again (422) or the user is sent back (302)."""

import pytest
from sqlalchemy import func, select
from wtforms import StringField

from registry.api.forms import api_fields
from registry.core.forms import BaseForm
from registry.core.refusal import Refused
from registry.core.roundtrip import act, round_trip
from registry.core.security import PUBLIC_ENDPOINTS
from registry.extensions import db
from registry.municipalities.models import Municipality
from tests.conftest import make_app

SLUG = "rundresa-test"


class NameForm(BaseForm):
    name = StringField()


def _flush_then(refuse):
    db.session.add(Municipality(slug=SLUG, name="Rundresa", scb_code="9997", lpo="LPO"))
    db.session.flush()
    if refuse:
        raise Refused("Namnet är upptaget.", "name")


def _saved():
    return db.session.scalar(select(func.count()).select_from(Municipality)
                             .where(Municipality.slug == SLUG))


@pytest.fixture
def browser(database_url):
    app = make_app(database_url)

    @app.post("/form/<answer>")
    def form_page(answer):
        form = NameForm()
        return round_trip(form, lambda: _flush_then(answer == "refused"), "/klart",
                          lambda: f"{form.name.data}|{' '.join(form.name.errors)}",
                          "Sparat.")

    @app.post("/button/<answer>")
    def button(answer):
        return act(lambda: _flush_then(answer == "refused"), "Klart.", "/tillbaka")

    PUBLIC_ENDPOINTS.update({"form_page", "button"})
    app.config["WTF_CSRF_ENABLED"] = False
    yield app.test_client()
    PUBLIC_ENDPOINTS.difference_update({"form_page", "button"})


def test_a_refused_form_is_shown_again_with_the_typing_and_nothing_saved(browser):
    response = browser.post("/form/refused", data={"name": "Mitt namn"})
    assert response.status_code == 422
    assert response.get_data(as_text=True) == "Mitt namn|Namnet är upptaget."
    assert _saved() == 0


def test_an_accepted_form_saves_and_goes_on(browser):
    response = browser.post("/form/ok", data={"name": "Mitt namn"})
    assert (response.status_code, response.headers["Location"]) == (302, "/klart")
    assert _saved() == 1


def test_a_refused_button_goes_back_with_the_message_and_saves_nothing(browser):
    response = browser.post("/button/refused")
    assert (response.status_code, response.headers["Location"]) == (302, "/tillbaka")
    with browser.session_transaction() as session:
        assert session["_flashes"] == [("error", "Namnet är upptaget.")]
    assert _saved() == 0


def test_the_api_names_a_refusal_as_it_names_bad_input():
    refusal = Refused.of([("ceiling", "För högt."), (None, "Kontrollera avtalet.")])
    assert api_fields(refusal.problems, {"ceiling": "ceiling_ore"}) == {
        "ceiling_ore": ["För högt."], "_form": ["Kontrollera avtalet."]}
