"""Demo users (DESIGN.md §7): {role}.{slug}@demo.invalid plus coordinator and admin."""

from registry.auth.passwords import password_problem
from registry.auth.services import create_user
from registry.core.settings import current_settings
from registry.seeding.files import SeedDataError, check_keys, load_yaml
from registry.seeding.reference import municipality_rows

DEMO_DOMAIN = "demo.invalid"


def demo_email(role, slug):
    return f"{role}.{slug}@{DEMO_DOMAIN}"


def demo_password():
    """The one demo password, refused early when it breaks the password rules."""
    password = current_settings().demo_password
    problem = password_problem(password or "")
    if problem:
        raise SeedDataError(f"REGISTRY_DEMO_PASSWORD duger inte: {problem}")
    return password


def demo_accounts():
    """Yield (email, display_name, roles, municipality slug or None) for every demo user."""
    data = load_yaml("demo", "users.yaml")
    for row in data["global"]:
        check_keys(row, ("email", "display_name", "roles"), f"användare {row.get('email')}")
        yield row["email"], row["display_name"], list(row["roles"]), None
    for municipality in municipality_rows():
        for row in data["per_municipality"]:
            check_keys(row, ("role", "title"), "användarmall")
            yield (demo_email(row["role"], municipality["slug"]),
                   f"{row['title']} {municipality['name']}", [row["role"]], municipality["slug"])


def demo_logins():
    """The demo e-mail addresses, in the order the CLI prints them."""
    return [email for email, _name, _roles, _slug in demo_accounts()]


def seed_users(ctx):
    password = demo_password()
    for email, display_name, roles, slug in demo_accounts():
        if ctx.user(email, required=False) is not None:
            continue
        municipality = ctx.municipality(slug) if slug else None
        create_user(email, display_name, password, roles, municipality)
        ctx.created("users")
