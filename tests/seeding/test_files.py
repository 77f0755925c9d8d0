"""The seed files themselves: no personnummer, valid org numbers, prices in range."""

import pytest
import yaml

from registry.core.identifiers import contains_personnummer, normalise_org_number
from registry.seeding.context import SeedContext
from registry.seeding.files import SeedDataError, all_seed_files, check_keys, load_csv, load_yaml

SEED_FILES = all_seed_files()


def test_the_detector_is_not_vacuous():
    assert contains_personnummer("19850709-9805")
    assert not contains_personnummer("999003-0000")


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_no_seed_file_holds_a_personnummer(path):
    text = path.read_text(encoding="utf-8")
    assert not contains_personnummer(text)
    assert not [line for line in text.splitlines() if contains_personnummer(line)]


def test_every_yaml_file_parses():
    for path in SEED_FILES:
        if path.suffix == ".yaml":
            assert yaml.safe_load(path.read_text(encoding="utf-8")) is not None


def test_provider_org_numbers_are_luhn_valid_and_fictional_series():
    providers = load_yaml("demo", "providers.yaml")["providers"]
    numbers = [row["org_number"] for row in providers]
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        assert normalise_org_number(number) == number
        assert number.startswith("999")


def test_only_passus_and_vision_24_are_real():
    providers = load_yaml("demo", "providers.yaml")["providers"]
    real = {row["legal_name"] for row in providers if not row.get("fictional", True)}
    assert real == {"Passus", "Vision 24"}
    for row in providers:
        if row["legal_name"] in real:
            assert "R 4676–4678" in row["description"]
            assert not {"services", "capacity", "permit_number", "status"} & set(row)
        else:
            assert "(fiktiv)" in row["legal_name"] or "(demoexempel)" in row["legal_name"]


def test_day_prices_are_in_the_reported_range():
    """4 000–6 000 kr per dygn [R 5675–5677], stored as integer öre."""
    day_services = {row["code"] for row in load_yaml("service_types.yaml")["service_types"]
                    if row["unit"] == "day"}
    rows = load_csv("demo", "price_items.csv")
    base = [row for row in rows if row["service_type"] in day_services and not row["addon"]]
    assert base and all(400_000 <= int(row["price_ore"]) <= 600_000 for row in base)
    assert any(row["addon"] == "Förstärkt bemanning" for row in rows)


def test_demo_references_are_marked_demo():
    for row in load_yaml("demo", "agreements.yaml")["agreements"]:
        assert row["reference"].startswith("DEMO-")


def test_check_keys_refuses_a_typo():
    with pytest.raises(SeedDataError, match="okända fält"):
        check_keys({"case_referense": "X"}, ("case_reference",), "test")


def test_date_field_reads_iso_dates_and_offsets():
    from datetime import date

    ctx = SeedContext(today=date(2026, 1, 31))
    assert ctx.date_field({"start": date(2020, 10, 1)}, "start") == date(2020, 10, 1)
    assert ctx.date_field({"start": "2020-10-01"}, "start") == date(2020, 10, 1)
    assert ctx.date_field({"start_offset_days": -31}, "start") == date(2025, 12, 31)
    assert ctx.date_field({"end_offset_days": None}, "end") is None
