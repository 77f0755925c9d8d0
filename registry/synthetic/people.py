"""Municipalities beyond the eight real ones, and one login per role and municipality.

The extra municipalities are fictional ("Kommun 0009", SCB-like code 9009: real codes stop
below 2600). Users carry roles and a municipality only, never a person's name.
"""

from sqlalchemy import select

from registry.auth.passwords import hash_password
from registry.core.permissions import Role
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.seeding.users import demo_password
from registry.synthetic.plan import Town

MUNICIPAL_ROLES = (Role.PURCHASER, Role.CASE_OFFICER, Role.FINANCE)
GLOBAL_ROLES = (Role.COORDINATOR, Role.ADMIN)
MUNICIPALITY_COLUMNS = ("id", "slug", "name", "scb_code", "lpo", "initial_period_months",
                        "follow_up_interval_months", "report_due_day", "youth_age_limit",
                        "created_at", "updated_at", "version")
USER_COLUMNS = ("id", "email", "display_name", "password_hash", "municipality_id", "active",
                "session_version", "password_changed_at", "created_at", "updated_at")


def add_municipalities(world, sink):
    """Add fictional municipalities until there are `scale.municipalities`; list them all."""
    sink.declare("municipalities", MUNICIPALITY_COLUMNS)
    existing = db.session.execute(select(Municipality).order_by(Municipality.id)).scalars().all()
    for municipality in existing[:world.scale.municipalities]:
        world.municipalities.append(Town(
            municipality.id, municipality.initial_period_months,
            municipality.follow_up_interval_months, municipality.report_due_day))
    for number in range(len(existing) + 1, world.scale.municipalities + 1):
        town = Town(sink.next_id("municipalities"), world.rng.choice((6, 6, 6, 3, 12)),
                    world.rng.choice((3, 3, 1, 6)), world.rng.choice((10, 10, 5, 15)))
        sink.add("municipalities", (
            town.id, f"kommun-{number:04d}", f"Kommun {number:04d}", f"9{number:03d}",
            f"LPO Fiktiv {1 + number // 12}", town.initial_months, town.follow_up_months,
            town.due_day, 20, world.now, world.now, 1))
        world.municipalities.append(town)
    sink.flush()


def add_users(world, sink):
    """Add {role}.{slug}@demo.invalid for every municipality, plus coordinator and admin."""
    sink.declare("users", USER_COLUMNS)
    sink.declare("user_roles", ("user_id", "role"))
    # One Argon2 hash serves every synthetic user: hashing 900 passwords would take minutes.
    password_hash = hash_password(demo_password())
    slugs = dict(db.session.execute(select(Municipality.id, Municipality.slug)).all())
    for town in world.municipalities:
        for role in MUNICIPAL_ROLES:
            user_id = _user(world, sink, f"{role.value}.{slugs[town.id]}@demo.invalid",
                            f"{role.value} {slugs[town.id]}", password_hash, town.id, role)
            world.users[(town.id, role)] = user_id
    for role in GLOBAL_ROLES:
        world.global_users.append(_user(world, sink, f"{role.value}@demo.invalid",
                                        role.value, password_hash, None, role))
    sink.flush()


def _user(world, sink, email, display_name, password_hash, municipality_id, role):
    user_id = sink.next_id("users")
    sink.add("users", (user_id, email, display_name, password_hash, municipality_id, True, 1,
                       world.now, world.now, world.now))
    sink.add("user_roles", (user_id, role.value))
    return user_id
