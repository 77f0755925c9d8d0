"""Argon2id password hashing with rehash on login when the parameters change."""

from contextlib import suppress

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from registry.core.settings import current_settings

MIN_LENGTH = 12
MAX_LENGTH = 128


def _hasher():
    settings = current_settings().auth
    return PasswordHasher(time_cost=settings.password_hash_time_cost,
                          memory_cost=settings.password_hash_memory_kib, parallelism=1)


def password_problem(password):
    """Return a Swedish message when the password is unacceptable, else None."""
    if len(password) < MIN_LENGTH:
        return f"Lösenordet måste ha minst {MIN_LENGTH} tecken."
    if len(password) > MAX_LENGTH:
        return f"Lösenordet får ha högst {MAX_LENGTH} tecken."
    return None


def hash_password(password):
    return _hasher().hash(password)


def verify_password(stored_hash, password):
    """Return (ok, new_hash_or_None): a new hash when the stored one needs an upgrade."""
    hasher = _hasher()
    try:
        hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, None
    if hasher.check_needs_rehash(stored_hash):
        return True, hasher.hash(password)
    return True, None


_DUMMY = {}


def burn_time(password):
    """Spend the time of one verification so unknown accounts answer as slowly as known."""
    hasher = _hasher()
    key = (hasher.time_cost, hasher.memory_cost)
    if key not in _DUMMY:
        _DUMMY[key] = hasher.hash("dummy-password-for-timing")
    with suppress(VerificationError):
        hasher.verify(_DUMMY[key], password)
