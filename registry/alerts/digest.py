"""The daily e-mail digest: per user, the number of open alerts per rule and one link.

The message never names a case reference, a provider comment or an amount: only rule names,
counts and the inbox address. DigestDelivery (unique per user and day) makes it once-only:
the row is claimed and locked, the message sent, and `sent_at` committed before the next
user. If the SMTP server does not answer, the row stays unsent and a later run retries it.
"""

import smtplib
from contextlib import suppress
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, url_for
from sqlalchemy import exists, select

from registry.alerts import queries
from registry.alerts.models import AUDIENCE_ROLES, DigestDelivery
from registry.alerts.rules import rule_label
from registry.alerts.sql import dialect_insert
from registry.auth.models import User, UserRole
from registry.core.dates import utcnow
from registry.core.settings import current_settings
from registry.core.transactions import unit_of_work
from registry.extensions import db

ALERT_ROLES = sorted({role.value for roles in AUDIENCE_ROLES.values() for role in roles})


class DigestIncomplete(RuntimeError):
    """Some digests could not be sent; they wait for the next run. `counts` tells how many."""

    def __init__(self, message, counts):
        super().__init__(message)
        self.counts = counts


def recipients(on):
    """Return the active users who receive alerts and have no digest sent for day `on`."""
    sent = exists().where(DigestDelivery.user_id == User.id, DigestDelivery.digest_date == on,
                          DigestDelivery.sent_at.is_not(None))
    has_role = exists().where(UserRole.user_id == User.id, UserRole.role.in_(ALERT_ROLES))
    query = select(User).where(User.active, has_role, ~sent).order_by(User.id)
    return db.session.scalars(query).all()


def inbox_url():
    """Return the absolute address of the inbox, from the BASE_URL setting."""
    base = current_settings().base_url.rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for("alerts.index", _external=True)


def compose(user, counts, on, link, sender):
    """Return the digest message: counts per rule and a link, nothing about any case."""
    total = sum(counts.values())
    message = EmailMessage()
    message["Subject"] = f"Utförarregistret Nordväst: {total} öppna bevakningar {on:%Y-%m-%d}"
    message["From"] = sender
    message["To"] = user.email
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    lines = [f"  {rule_label(rule)}: {number}" for rule, number in counts.items()]
    message.set_content("\n".join([
        "Hej!", "", f"Du har {total} öppna bevakningar i Utförarregistret Nordväst:", "",
        *lines, "", f"Se dem och kvittera här: {link}", "",
        "Meddelandet innehåller med avsikt inga ärendeuppgifter. Logga in för att se vad",
        "bevakningarna gäller.", "", "Utförarregistret Nordväst (skickat automatiskt)"]))
    return message


def claim(user, on):
    """Return today's unsent delivery row for `user`, locked; None if sent or taken."""
    db.session.execute(dialect_insert(DigestDelivery).values(
        user_id=user.id, digest_date=on, attempts=0).on_conflict_do_nothing(
        index_elements=["user_id", "digest_date"]))
    query = select(DigestDelivery).where(
        DigestDelivery.user_id == user.id, DigestDelivery.digest_date == on,
        DigestDelivery.sent_at.is_(None)).with_for_update(skip_locked=True)
    return db.session.scalar(query.execution_options(populate_existing=True))


class Mailer:
    """One SMTP connection for a run, opened on the first message."""

    def __init__(self, settings):
        self.settings = settings
        self.smtp = None

    def _connect(self):
        s = self.settings
        kind = smtplib.SMTP_SSL if s.smtp_port == 465 else smtplib.SMTP
        smtp = kind(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds)
        if s.smtp_use_tls and kind is smtplib.SMTP:
            smtp.starttls()
        if s.smtp_username:
            smtp.login(s.smtp_username, s.smtp_password)
        return smtp

    def send(self, message):
        if self.smtp is None:
            self.smtp = self._connect()
        self.smtp.send_message(message)

    def close(self):
        if self.smtp is not None:
            with suppress(OSError, smtplib.SMTPException):
                self.smtp.quit()  # the server may already have dropped the connection
            self.smtp = None


def _deliver(mailer, user, counts, on, link, sender):
    """Send one user's digest if still unsent; return 'sent', 'skipped' or the SMTP error.

    The caller commits each delivery on its own, so a message that went out is never sent
    again and a failed one keeps its error.
    """
    delivery = claim(user, on)
    if delivery is None:
        return "skipped"
    delivery.attempts += 1
    try:
        mailer.send(compose(user, counts, on, link, sender))
    except (OSError, smtplib.SMTPException) as error:
        delivery.last_error = f"{type(error).__name__}: {error}"[:200]
        return error
    delivery.sent_at = utcnow()
    delivery.last_error = None
    return "sent"


def send_due(on, settings):
    """Send every unsent digest for day `on`; raise DigestIncomplete if SMTP failed."""
    counts = {"sent": 0, "skipped": 0, "failed": 0}
    link, sender, mailer = inbox_url(), settings.mail_from, Mailer(settings)
    try:
        for user in recipients(on):
            by_rule = queries.open_counts_by_rule(user, on)
            if not by_rule:
                continue
            with unit_of_work():
                outcome = _deliver(mailer, user, by_rule, on, link, sender)
            if isinstance(outcome, Exception):
                counts["failed"] += 1
                raise DigestIncomplete(f"SMTP: {type(outcome).__name__}: {outcome}",
                                       counts) from outcome
            counts[outcome] += 1
    finally:
        mailer.close()
    return counts
