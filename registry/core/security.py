"""Request guards: login by default, session timeouts, security headers."""

from flask import abort, redirect, request, session, url_for
from flask_login import current_user, logout_user

from registry.core.audit import request_id
from registry.core.dates import utcnow
from registry.core.settings import current_settings

# Endpoints anyone may reach without logging in.
PUBLIC_ENDPOINTS = {"auth.login", "health.healthz", "static", "pages.accessibility"}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'self'; object-src 'none'")


def require_login_by_default():
    """Send anonymous users to the login page unless the endpoint is public."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in PUBLIC_ENDPOINTS or endpoint.startswith("api."):
        return None
    if current_user.is_authenticated:
        return None
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def refuse_nul_in_query():
    """Answer 400 to a query string holding a NUL character: no page takes one, and
    PostgreSQL cannot compare text with it (forms refuse it at the field instead)."""
    if any("\x00" in value for value in request.args.values()):
        abort(400)


def enforce_session_timeouts():
    """End a session idle past the idle limit or older than the absolute limit."""
    if (request.endpoint or "").startswith("api."):
        return None  # API requests carry a bearer token, never a session (registry/api/guard.py)
    if not current_user.is_authenticated:
        return None
    settings = current_settings().auth
    now = utcnow().timestamp()
    seen = session.get("seen_at", 0)
    started = session.get("login_at", 0)
    idle = now - seen > settings.idle_timeout_minutes * 60
    too_old = now - started > settings.absolute_timeout_hours * 3600
    if idle or too_old:
        logout_user()
        session.clear()
        session["expired"] = True
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    session["seen_at"] = now
    return None


def set_security_headers(response):
    """Add the security headers to every response; never cache pages for a logged-in user."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if current_settings().production:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
    headers["X-Request-ID"] = request_id() or ""
    return response
