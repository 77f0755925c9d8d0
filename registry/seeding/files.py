"""Reading the seed files: where they are, YAML and CSV loading, field checks."""

import csv
from pathlib import Path

import yaml

SEED_DIR = Path(__file__).resolve().parents[2] / "seed"


class SeedDataError(ValueError):
    """A seed file is malformed or refers to something that does not exist."""


def seed_path(*parts):
    return SEED_DIR.joinpath(*parts)


def load_yaml(*parts):
    """Return the parsed YAML file under seed/, or raise SeedDataError."""
    path = seed_path(*parts)
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SeedDataError(f"Kan inte läsa {path}: {exc}") from exc


def load_csv(*parts):
    """Return the rows of a CSV file under seed/ as dicts (empty cells become None)."""
    path = seed_path(*parts)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [{key: (value if value != "" else None) for key, value in row.items()}
                    for row in csv.DictReader(handle)]
    except OSError as exc:
        raise SeedDataError(f"Kan inte läsa {path}: {exc}") from exc


def all_seed_files():
    """Every file under seed/, for checks that must cover all of them."""
    return sorted(path for path in SEED_DIR.rglob("*") if path.is_file())


def check_keys(row, allowed, where):
    """Refuse a record with a field the loader does not know (a typo would be lost)."""
    unknown = set(row) - set(allowed)
    if unknown:
        raise SeedDataError(f"{where}: okända fält {sorted(unknown)}")
    return row


def require(row, names, where):
    """Refuse a record that lacks one of the required fields."""
    missing = [name for name in names if row.get(name) in (None, "")]
    if missing:
        raise SeedDataError(f"{where}: saknar {missing}")
    return row
