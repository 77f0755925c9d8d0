"""The one commit point: per request, per CLI command and per scheduled job.

Views and services never commit; services flush. A request commits once, after its view
has answered and before the response leaves, when the answer is a success (status < 400,
redirects included); any other answer or an exception rolls back. A failing commit turns
into the app's own error page (409, 503, 500), never a silently lost write.

Two kinds of write outlive a refusal, and only by asking: a failed login calls
`keep_despite_refusal()` (the whole request commits), and the trail of a denied attempt
(record_denied) is handed to `write_apart()`: written in its own transaction when the
request's own has committed or rolled back, so a 404 or 403 keeps it and nothing else.
"""

import functools
import logging
from contextlib import contextmanager

from flask import current_app, g, has_request_context

from registry.extensions import db

log = logging.getLogger(__name__)

KEEP = "_commit_despite_refusal"
APART = "_written_apart"


def keep_despite_refusal():
    """Commit this request's writes even though it answers with an error status."""
    if has_request_context():
        setattr(g, KEEP, True)


def _wanted(response):
    return response.status_code < 400 or g.get(KEEP, False)


def commit_or_rollback(response):
    """After the view: commit a successful request, roll back any other."""
    if not _wanted(response):
        db.session.rollback()
        return response
    try:
        _commit_keeping_loaded()
    except Exception as error:  # noqa: BLE001 - answered by the app's error handlers
        return _answer_failed_commit(error)
    return response


def _answer_failed_commit(error):
    """Answer as if the view had raised `error` (409, 503, 500 with an incident id)."""
    answer = current_app.make_response(current_app.handle_user_exception(error))
    db.session.rollback()  # the page handlers roll back first; the API's do not
    return answer


def _commit_keeping_loaded():
    """Commit without expiring loaded rows: the response is built, nothing reads them."""
    session = db.session()
    expiring = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expiring


def write_apart(row):
    """Insert `row` on its own once the request's transaction has ended, whatever its outcome."""
    if not has_request_context():
        db.session.add(row)
        return
    g.setdefault(APART, []).append(row)


def _write_rows_apart():
    """Commit the rows handed to write_apart in a transaction of their own."""
    rows = g.pop(APART, [])
    if not rows:
        return
    db.session.rollback()  # nothing of the request's own can ride along with these rows
    try:
        db.session.add_all(rows)
        _commit_keeping_loaded()
    except Exception:  # noqa: BLE001 - the answer has left; the loss is logged, never hidden
        db.session.rollback()
        log.exception("could not write %d audit row(s) after the request", len(rows))


def rollback_on_error(error=None):
    """After the request: drop what an exception left uncommitted, then write the rows apart."""
    if error is not None:
        db.session.rollback()
    _write_rows_apart()


def register_transactions(app):
    """Commit or roll back each request once; registered last so it runs first after the view."""
    app.after_request(commit_or_rollback)
    app.teardown_request(rollback_on_error)


@contextmanager
def unit_of_work():
    """Commit the block's writes once when it ends normally, roll back when it raises."""
    try:
        yield db.session
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()


def transactional(command):
    """Wrap a CLI command or job body: one commit when it returns, a rollback if it raises."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        with unit_of_work():
            return command(*args, **kwargs)

    return run
