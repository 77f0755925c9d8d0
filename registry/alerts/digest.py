"""The daily e-mail digest: per user, the number of open alerts per rule and one link.

The message never names a case reference, a provider comment or an amount: only rule names,
counts and the inbox address. It is sent at most once per user and day; DigestDelivery
(unique per user and day) carries the promise in three commits:

1. `claim`: the row is created as "sending" (or a "failed" one taken again) and committed
   before the message goes to SMTP;
2. the message is sent;
3. the row becomes "sent", or "failed" when the server certainly did not take the message
   (no connection, a refusal), in a commit of its own.

A "sending" row is never retried that day: the process may have died after the server
accepted the message. Such a row shows on the job log (Bevakningar → Körningar).
"""

import smtplib
from contextlib import suppress
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import exists, select, update

from registry.alerts import queries
from registry.alerts.models import AUDIENCE_ROLES, DeliveryStatus, DigestDelivery
from registry.alerts.rules import rule_label
from registry.alerts.sql import dialect_insert
from registry.auth.models import User, UserRole
from registry.core.dates import utcnow
from registry.core.settings import current_settings
from registry.core.transactions import unit_of_work
from registry.extensions import db

ALERT_ROLES = sorted({role.value for roles in AUDIENCE_ROLES.values() for role in roles})
# Answers that prove the server did not take the message; anything else after the
# connection is open leaves it unknown.
REFUSED = (smtplib.SMTPSenderRefused, smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


class DigestIncomplete(RuntimeError):
    """Some digests could not be sent; they wait for the next run. `counts` tells how many."""

    def __init__(self, message, counts):
        super().__init__(message)
        self.counts = counts


class NotSent(Exception):
    """The server certainly did not take the message: the delivery may be retried."""


class MaybeSent(Exception):
    """The message may have reached the server: the delivery is not retried that day."""


def recipients(on):
    """Return the active users who receive alerts and whose digest for day `on` is not taken."""
    taken = exists().where(DigestDelivery.user_id == User.id, DigestDelivery.digest_date == on,
                           DigestDelivery.status != DeliveryStatus.FAILED.value)
    has_role = exists().where(UserRole.user_id == User.id, UserRole.role.in_(ALERT_ROLES))
    query = select(User).where(User.active, has_role, ~taken).order_by(User.id)
    return db.session.scalars(query).all()


def inbox_url():
    """Return the inbox's absolute address under the BASE_URL setting (no request needed)."""
    base = urlsplit(current_settings().base_url)
    adapter = current_app.url_map.bind(base.hostname + (f":{base.port}" if base.port else ""),
                                       script_name=base.path.rstrip("/") or "/",
                                       url_scheme=base.scheme)
    return adapter.build("alerts.index", force_external=True)


def compose(user, counts, on, link, sender):
    """Return the digest message: counts per rule and a link, nothing about any case."""
    total = sum(counts.values())
    message = EmailMessage()
    message["Subject"] = f"Utförarregistret Nordväst: {total} öppna bevakningar {on:%Y-%m-%d}"
    message["From"] = sender
    message["To"] = user.email
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    # An automatic message (RFC 3834): no vacation or out-of-office replies to it.
    message["Auto-Submitted"] = "auto-generated"
    message["Precedence"] = "bulk"
    message["X-Auto-Response-Suppress"] = "All"
    lines = [f"  {rule_label(rule)}: {number}" for rule, number in counts.items()]
    message.set_content("\n".join([
        "Hej!", "", f"Du har {total} öppna bevakningar i Utförarregistret Nordväst:", "",
        *lines, "", f"Se dem och kvittera här: {link}", "",
        "Meddelandet innehåller med avsikt inga ärendeuppgifter. Logga in för att se vad",
        "bevakningarna gäller.", "", "Utförarregistret Nordväst (skickat automatiskt)"]))
    return message


def _this(user, on):
    return (DigestDelivery.user_id == user.id, DigestDelivery.digest_date == on)


def claim(user, on):
    """Mark `user`'s digest for day `on` as sending; return True when this run took it.

    A new row, or a failed one taken again; a row another run is sending or has sent is
    left alone. Each statement is atomic and says (RETURNING) whether it took the row, so two
    runs never take the same one.
    """
    created = db.session.scalar(dialect_insert(DigestDelivery).values(
        user_id=user.id, digest_date=on, status=DeliveryStatus.SENDING.value,
        claimed_at=utcnow(), attempts=1).on_conflict_do_nothing(
        index_elements=["user_id", "digest_date"]).returning(DigestDelivery.id))
    if created is not None:
        return True
    retried = db.session.scalar(
        update(DigestDelivery).where(*_this(user, on),
                                     DigestDelivery.status == DeliveryStatus.FAILED.value)
        .values(status=DeliveryStatus.SENDING.value, claimed_at=utcnow(),
                attempts=DigestDelivery.attempts + 1)
        .returning(DigestDelivery.id).execution_options(synchronize_session=False))
    return retried is not None


def record_outcome(user, on, error=None):
    """Record how sending went: sent; failed (retried) on NotSent; still sending otherwise."""
    if error is None:
        values = {"status": DeliveryStatus.SENT.value, "sent_at": utcnow(), "last_error": None}
    else:
        status = DeliveryStatus.FAILED if isinstance(error, NotSent) else DeliveryStatus.SENDING
        cause = error.__cause__ or error
        values = {"status": status.value,
                  "last_error": f"{type(cause).__name__}: {cause}"[:200]}
    db.session.execute(update(DigestDelivery).where(*_this(user, on)).values(**values)
                       .execution_options(synchronize_session=False))


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
        """Send `message`; raise NotSent or MaybeSent when it fails."""
        try:
            if self.smtp is None:
                self.smtp = self._connect()
        except (OSError, smtplib.SMTPException) as error:
            raise NotSent(str(error)) from error
        try:
            self.smtp.send_message(message)
        except REFUSED as error:
            raise NotSent(str(error)) from error
        except (OSError, smtplib.SMTPException) as error:
            self.close()  # the connection is in an unknown state
            raise MaybeSent(str(error)) from error

    def close(self):
        if self.smtp is not None:
            with suppress(OSError, smtplib.SMTPException):
                self.smtp.quit()  # the server may already have dropped the connection
            self.smtp = None


def _deliver(mailer, user, counts, on, link, sender):
    """Send one user's digest unless another run took it; return 'sent', 'skipped' or the error.

    Each step commits on its own (module docstring), so a message that may have gone out is
    never sent again and a failed one keeps its error.
    """
    with unit_of_work():
        if not claim(user, on):
            return "skipped"
    try:
        mailer.send(compose(user, counts, on, link, sender))
    except (NotSent, MaybeSent) as error:
        with unit_of_work():
            record_outcome(user, on, error)
        return error
    with unit_of_work():
        record_outcome(user, on)
    return "sent"


def send_due(on, settings):
    """Send every digest for day `on` not yet taken; raise DigestIncomplete if SMTP failed."""
    counts = {"sent": 0, "skipped": 0, "failed": 0}
    link, sender, mailer = inbox_url(), settings.mail_from, Mailer(settings)
    try:
        for user in recipients(on):
            by_rule = queries.open_counts_by_rule(user, on)
            if not by_rule:
                continue
            outcome = _deliver(mailer, user, by_rule, on, link, sender)
            if isinstance(outcome, Exception):
                counts["failed"] += 1
                cause = outcome.__cause__ or outcome
                raise DigestIncomplete(f"SMTP: {type(cause).__name__}: {cause}",
                                       counts) from outcome
            counts[outcome] += 1
    finally:
        mailer.close()
    return counts
