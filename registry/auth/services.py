"""Login, logout, throttling and user administration: the rules, once."""

from flask import session
from flask_login import login_user, logout_user
from sqlalchemy import select

from registry.auth import throttle, tokens
from registry.auth.fresh import mark_fresh
from registry.auth.models import User, UserRole
from registry.auth.passwords import burn_time, hash_password, password_problem, verify_password
from registry.core import audit
from registry.core.database import release_write_lock_if_unused
from registry.core.dates import utcnow
from registry.core.forms import personnummer_message
from registry.core.identifiers import contains_personnummer
from registry.core.permissions import Role
from registry.core.refusal import Refused
from registry.core.transactions import keep_despite_refusal
from registry.extensions import db


class LoginRefused(Refused):
    """The login did not succeed (throttled: too many failures); the message is safe to show."""

    def __init__(self, message, throttled=False):
        super().__init__(message)
        self.throttled = throttled


GENERIC_FAILURE = "Fel e-postadress eller lösenord."
WRONG_PASSWORD = "Lösenordet stämmer inte. Försök igen."
THROTTLED = ("För många misslyckade inloggningar. Vänta en stund och försök igen, "
             "eller kontakta systemförvaltaren.")
ADDRESS_THROTTLED = ("För många misslyckade inloggningar från din nätverksadress. Vänta "
                     "några minuter och försök igen, eller kontakta systemförvaltaren.")


def normalise_email(email):
    return (email or "").strip().lower()


def authenticate(email, password, ip=None):
    """Return the user for good credentials, else raise LoginRefused (and record it)."""
    key = normalise_email(email)
    _refuse_blocked_address(ip)
    _refuse_when_throttled(key, password, ip, None)
    user = db.session.scalar(select(User).where(User.email == key))
    if user is None:
        release_write_lock_if_unused()
        burn_time(password)
        _record_failure(key, ip, None)
        raise LoginRefused(GENERIC_FAILURE)
    _check_password(user, password, key, ip, GENERIC_FAILURE, accept=user.active)
    return user


def confirm_password(user, password, ip=None):
    """Re-authenticate a logged-in user (fresh login), throttled and audited like a login."""
    _refuse_blocked_address(ip)
    _refuse_when_throttled(user.email, password, ip, user, reauthentication=True)
    _check_password(user, password, user.email, ip, WRONG_PASSWORD, reauthentication=True)
    mark_fresh()
    throttle.forget_account_failures(user.email)
    audit.record("login", entity="user", entity_id=user.id, changes={"reauthentication": True})


def _refuse_blocked_address(ip):
    """Refuse at once, writing nothing, when the client address has used up its failures."""
    if throttle.address_blocked(ip):
        raise LoginRefused(ADDRESS_THROTTLED, throttled=True)


def _refuse_when_throttled(key, password, ip, user, reauthentication=False):
    """Refuse an attempt on a locked account: audited, but not counted as a failure, so
    attempts while locked never extend the lock (auth/throttle.py)."""
    if throttle.account_locked(key):
        release_write_lock_if_unused()
        burn_time(password)
        _audit_failure(user, {"throttled": True, "reauthentication": reauthentication})
        raise LoginRefused(THROTTLED, throttled=True)


def _check_password(user, password, key, ip, message, accept=True, reauthentication=False):
    """Verify the password (rehashing it when the parameters changed), else refuse with
    `message`; `accept=False` refuses good credentials too (a deactivated account)."""
    stored_hash = user.password_hash
    release_write_lock_if_unused()  # SQLite: others write while the hash is computed
    ok, new_hash = verify_password(stored_hash, password)
    if not ok or not accept:
        _record_failure(key, ip, user, reauthentication)
        raise LoginRefused(message)
    if new_hash:
        user.password_hash = new_hash


def _record_failure(key, ip, user, reauthentication=False):
    throttle.count_failure(key, ip)
    _audit_failure(user, {"reauthentication": reauthentication})


def _audit_failure(user, flags):
    audit.record("failed_login", entity="user", entity_id=user.id if user else None,
                 user_id=user.id if user else None,
                 municipality_id=user.municipality_id if user else None,
                 changes={name: True for name, on in flags.items() if on} or None)
    keep_despite_refusal()  # the trail (and the throttle's count) outlive the refusal


def start_session(user):
    """Clear whatever the browser had, then log the user in with fresh timestamps."""
    session.clear()
    login_user(user, remember=False, fresh=True)
    session.permanent = True
    now = utcnow().timestamp()
    session["login_at"] = now
    session["seen_at"] = now
    mark_fresh()
    user.last_login_at = utcnow()
    throttle.forget_account_failures(user.email)
    audit.record("login", entity="user", entity_id=user.id, user_id=user.id,
                 municipality_id=user.municipality_id)


def end_session(user):
    """End this and every other session of the user by bumping the session version."""
    audit.record("logout", entity="user", entity_id=user.id)
    user.session_version += 1
    logout_user()
    session.clear()


def load_user(user_id_and_version):
    """Return the user for a session id 'id:version' when the version still matches."""
    try:
        user_id, version = (int(part) for part in str(user_id_and_version).split(":"))
    except ValueError:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version or not user.active:
        return None
    return user


def create_user(email, display_name, password, roles, municipality=None):
    """Create a user with roles; the coordinator has no municipality, everyone else one."""
    email = normalise_email(email)
    roles = {Role(r) for r in roles}
    if contains_personnummer(display_name):  # the command line has no form to check it
        raise Refused(personnummer_message("Visningsnamn"), "display_name")
    _check_user(email, roles, municipality)
    problem = password_problem(password)
    if problem:
        raise Refused(problem, "password")
    user = User(email=email, display_name=display_name.strip() or email,
                password_hash=hash_password(password),
                municipality_id=municipality.id if municipality else None)
    user.role_rows = [UserRole(role=r.value) for r in sorted(roles)]
    db.session.add(user)
    db.session.flush()
    audit.record("create", entity="user", entity_id=user.id,
                 changes={"roles": sorted(r.value for r in roles)})
    return user


def _check_user(email, roles, municipality):
    if "@" not in email or len(email) > 254:
        raise Refused("Ange en giltig e-postadress.", "email")
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise Refused("Det finns redan en användare med den e-postadressen.", "email")
    if not roles:
        raise Refused("Välj minst en roll.", "roles")
    needs_municipality = roles & {Role.PURCHASER, Role.CASE_OFFICER, Role.FINANCE}
    if needs_municipality and municipality is None:
        raise Refused("Upphandlare, socialsekreterare och ekonomer måste tillhöra en kommun.",
                        "municipality")
    if Role.COORDINATOR in roles and municipality is not None:
        raise Refused("FoU-samordnaren tillhör ingen enskild kommun.", "municipality")


def set_active(user, active):
    """Activate or deactivate a user; deactivation ends every session and revokes every API
    token at once (reactivation brings neither back)."""
    if user.active == active:
        return
    user.active = active
    user.session_version += 1
    if not active:
        tokens.revoke_all(user)
    audit.record("update", entity="user", entity_id=user.id,
                 changes={"active": {"before": not active, "after": active}})


def change_password(user, new_password):
    """Set a new password (by the user or for them): every other session ends and every API
    token is revoked, so nothing made with the old password keeps working."""
    problem = password_problem(new_password)
    if problem:
        raise Refused(problem, "new_password")
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    user.session_version += 1
    tokens.revoke_all(user)
    audit.record("update", entity="user", entity_id=user.id,
                 changes={"password": {"changed": True}})
