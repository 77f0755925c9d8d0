"""Personal API tokens: made once and shown once, stored as a SHA-256 hash, expire, revocable."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from registry.auth.models import ApiToken, User
from registry.core import audit
from registry.core.dates import utcnow
from registry.core.refusal import Refused
from registry.core.settings import current_settings
from registry.extensions import db

PREFIX = "urn_"  # makes a leaked token easy to recognise in logs and secret scanners
LABEL_MAX = 80


def hash_token(plain):
    """Return the hex SHA-256 of a token as stored."""
    return hashlib.sha256(plain.encode()).hexdigest()


def create_token(user, label):
    """Make a token for the user; return (row, plain text). The plain text is never stored."""
    label = (label or "").strip()
    if not label:
        raise Refused("Ge nyckeln ett namn, till exempel systemet den ska användas i.", "label")
    if len(label) > LABEL_MAX:
        raise Refused(f"Namnet får vara högst {LABEL_MAX} tecken.", "label")
    plain = PREFIX + secrets.token_urlsafe(32)
    days = current_settings().auth.api_token_days
    now = utcnow()
    token = ApiToken(user_id=user.id, label=label, token_hash=hash_token(plain),
                     created_at=now, expires_at=now + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    audit.record("create", entity="api_token", entity_id=token.id, user_id=user.id,
                 municipality_id=user.municipality_id, changes={"label": {"changed": True}})
    return token, plain


def revoke_token(user, token_id):
    """Revoke one of the user's own tokens at once; another user's token is not found."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.id == token_id,
                                                     ApiToken.user_id == user.id))
    if token is None:
        raise Refused("Nyckeln finns inte.", None)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("update", entity="api_token", entity_id=token.id, user_id=user.id,
                     municipality_id=user.municipality_id,
                     changes={"revoked": {"before": False, "after": True}})
    return token


def revoke_all(user):
    """Revoke every usable token of the user for good (a password change, a deactivation):
    a token is a credential of its own and must not outlive the password or the account;
    reactivating the account does not bring them back. The audit rows share the request id
    of the change that caused them. Return how many were revoked."""
    now = utcnow()
    live = list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                          ApiToken.revoked_at.is_(None))))
    for token in live:
        token.revoked_at = now
        audit.record("update", entity="api_token", entity_id=token.id,
                     municipality_id=user.municipality_id,
                     changes={"revoked": {"before": False, "after": True}})
    return len(live)


def tokens_of(user):
    """Return the user's tokens, newest first (revoked and expired ones too)."""
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(
        ApiToken.created_at.desc(), ApiToken.id.desc())
    return list(db.session.scalars(query))


def is_usable(token, now=None):
    """Return True for a token that is neither revoked nor expired."""
    now = now or utcnow()
    return token.revoked_at is None and token.expires_at > now


def user_for_token(plain):
    """Return the active user a usable token belongs to (noting its use), else None."""
    if not plain or not plain.startswith(PREFIX) or len(plain) > 200:
        return None
    row = db.session.execute(
        select(ApiToken, User).join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == hash_token(plain))).first()
    if row is None:
        return None
    token, user = row
    if not is_usable(token) or not user.active:
        return None
    token.last_used_at = utcnow()
    return user
