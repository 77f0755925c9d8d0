"""Login throttling, counted in the database so every worker and every app instance agree.

Two limits, both on failed credential checks (the login and the password confirmation):
- per account: LOGIN_MAX_FAILURES failures in LOGIN_FAILURE_WINDOW_MINUTES lock the account;
- per client address: LOGIN_IP_MAX_FAILURES failures in LOGIN_IP_WINDOW_MINUTES, whatever
  accounts they tried, block that address (password spraying). An IPv6 client counts by its
  /64, which one household or attacker holds whole. The address is `request.remote_addr`,
  which ProxyFix sets from exactly PROXY_HOPS trusted proxies (app.py), never from a header
  the client chose.

Both windows slide: a failure counts for exactly its window. An attempt refused by a limit is
not a failure and is not counted, so hammering a locked account never extends the lock: it
opens one window after the failure that closed it. Successful logins are never counted,
so a municipality's staff behind one address are not blocked by logging in.

Only failures write, through the request's one commit point (they ask to be kept although
the answer is a refusal, core/transactions.py); each write also prunes the rows that have
left their window (one indexed range delete per table), so the tables stay small.
Flask-Limiter stays on the login POST as a coarse request-rate guard; with its default
memory storage it is per worker, which is why these limits live here.
"""

import ipaddress
import logging
from datetime import timedelta

from sqlalchemy import delete, func, select

from registry.auth.models import AddressFailure, LoginFailure
from registry.core.dates import utcnow
from registry.core.settings import current_settings
from registry.extensions import db

log = logging.getLogger(__name__)

IPV6_PREFIX = 64


def address_key(ip):
    """Return what the per-address limit counts for `ip`: the IPv4 address, the IPv6 /64,
    or None when there is no usable address (then the limit does not apply)."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return None
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))


def _since(minutes):
    return utcnow() - timedelta(minutes=minutes)


def recent_failures(account_key):
    """Count failed logins for this account inside its window (all workers)."""
    window = current_settings().auth.login_failure_window_minutes
    return db.session.scalar(select(func.count()).select_from(LoginFailure).where(
        LoginFailure.account_key == account_key, LoginFailure.occurred_at > _since(window)))


def account_locked(account_key):
    return recent_failures(account_key) >= current_settings().auth.login_max_failures


def address_blocked(ip):
    """Return True when the client address has used up its failures (all accounts)."""
    key = address_key(ip)
    if key is None:
        return False
    settings = current_settings().auth
    count = db.session.scalar(select(func.count()).select_from(AddressFailure).where(
        AddressFailure.address == key,
        AddressFailure.occurred_at > _since(settings.login_ip_window_minutes)))
    if count >= settings.login_ip_max_failures:
        log.warning("login refused: address %s has %d recent failures", key, count)
        return True
    return False


def count_failure(account_key, ip):
    """Count one failed credential check against the account and the client address."""
    db.session.add(LoginFailure(account_key=account_key, ip=ip))
    key = address_key(ip)
    if key is not None:
        db.session.add(AddressFailure(address=key))
    _prune()


def forget_account_failures(account_key):
    """A successful login clears the account's failures (never the address's)."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.account_key == account_key))


def _prune():
    settings = current_settings().auth
    db.session.execute(delete(LoginFailure).where(
        LoginFailure.occurred_at <= _since(settings.login_failure_window_minutes)))
    db.session.execute(delete(AddressFailure).where(
        AddressFailure.occurred_at <= _since(settings.login_ip_window_minutes)))
