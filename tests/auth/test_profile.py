"""Changing one's own password ends every other session."""

import pytest

from tests import factories
from tests.conftest import login, post
from tests.factories import PASSWORD

EMAIL = "ekonom.sigtuna@test.invalid"
NEW_PASSWORD = "ett nytt långt lösenord 🙂"


@pytest.fixture(autouse=True)
def _account(_isolated):
    factories.user("finance", "sigtuna", email=EMAIL)


@pytest.mark.checklist("U4")
def test_password_change_ends_other_sessions(app):
    first, second = app.test_client(), app.test_client()
    login(first, EMAIL)
    login(second, EMAIL)
    response = post(first, "/profil", {"current_password": PASSWORD,
                                       "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                    token_from="/profil")
    assert response.status_code == 302
    assert first.get("/profil").status_code == 200
    assert second.get("/profil").status_code == 302
    fresh = app.test_client()
    assert login(fresh, EMAIL, NEW_PASSWORD).status_code == 302


def test_short_or_mismatched_password_is_explained(app):
    client = app.test_client()
    login(client, EMAIL)
    response = post(client, "/profil", {"current_password": PASSWORD,
                                        "new_password": "kort", "confirm": "annat"},
                    token_from="/profil")
    html = response.get_data(as_text=True)
    assert "Lösenorden stämmer inte överens." in html
    response = post(client, "/profil", {"current_password": PASSWORD,
                                        "new_password": "kort", "confirm": "kort"},
                    token_from="/profil")
    assert "Lösenordet måste ha minst 12 tecken." in response.get_data(as_text=True)
