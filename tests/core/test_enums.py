"""Labelled enums: every coded value carries a Swedish label, and the pages show it."""

import importlib
import pkgutil

import pytest

import registry
from registry.core.enums import LabelledEnum, LabelledIntEnum, labelled_enums
from registry.providers.models import OrgForm, TargetGroup
from tests import factories


def _import_every_module():
    for module in pkgutil.walk_packages(registry.__path__, "registry."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)


_import_every_module()
ENUMS = labelled_enums()


def test_the_walk_finds_the_labelled_enums():
    assert len(ENUMS) >= 30
    assert OrgForm in ENUMS


@pytest.mark.no_db
@pytest.mark.parametrize("kind", ENUMS, ids=lambda kind: f"{kind.__module__}.{kind.__name__}")
def test_every_member_has_a_swedish_label(kind):
    assert list(kind), f"{kind.__name__} has no members"
    for member in kind:
        assert isinstance(member.label, str) and member.label.strip(), member
        assert member.label != member.value, f"{member!r} is labelled with its own code"


@pytest.mark.no_db
def test_the_stored_value_is_unchanged_and_labels_are_looked_up_from_it():
    assert OrgForm.COMPANY == "ab" and OrgForm("ab") is OrgForm.COMPANY
    assert OrgForm.label_of("ab") == "Aktiebolag"
    assert OrgForm.label_of(None) == "–" and OrgForm.label_of("unknown") == "unknown"
    assert OrgForm.has("ab") and not OrgForm.has("AB") and not OrgForm.has(None)
    assert OrgForm.choices()[0] == ("ab", "Aktiebolag")
    assert OrgForm.choices("Alla", exclude=(OrgForm.COMPANY,))[:2] == [
        ("", "Alla"), ("stiftelse", "Stiftelse")]


@pytest.mark.no_db
def test_a_number_coded_enum_offers_text_choices():
    class Grade(LabelledIntEnum):
        LOW = 0, "Låg"

    assert Grade(0).label == "Låg" and Grade.choices() == [("0", "Låg")]
    assert issubclass(Grade, int) and not issubclass(Grade, LabelledEnum)


def test_a_page_shows_the_label_of_a_stored_value(login_as):
    provider = factories.provider(org_form=OrgForm.FOUNDATION.value,
                                  target_groups=[TargetGroup.YOUNG_ADULT.value])
    html = login_as("purchaser.sigtuna@demo.invalid").get(
        f"/providers/{provider.id}").get_data(as_text=True)
    assert "Stiftelse" in html and "18–20 år" in html
    assert ">stiftelse<" not in html
