"""Error pages in plain Swedish (JSON under /api/), with an incident id for 500s."""

import logging
import uuid

from flask import g, jsonify, render_template, request
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from registry.extensions import db, login_manager

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("Felaktig begäran", "Begäran kunde inte tolkas. Ladda om sidan och försök igen."),
    401: ("Inloggning krävs", "Du behöver logga in för att fortsätta."),
    403: ("Åtkomst nekad", "Din roll ger inte behörighet till den här sidan."),
    404: ("Sidan finns inte", "Sidan eller uppgiften du söker finns inte, "
                             "eller så har du inte behörighet att se den."),
    405: ("Otillåten metod", "Den här adressen kan inte användas på det sättet."),
    409: ("Någon annan har ändrat uppgiften", "Uppgiften ändrades av någon annan medan du "
                                              "arbetade. Ladda om sidan, kontrollera och "
                                              "gör ändringen igen."),
    413: ("Filen är för stor", "Filen är större än vad registret tar emot."),
    422: ("Uppgifterna kunde inte sparas", "Kontrollera uppgifterna och försök igen."),
    429: ("För många försök", "Du har gjort för många försök på kort tid. Vänta en stund."),
    500: ("Ett fel uppstod", "Något gick fel hos oss. Inget av det du sparat tidigare har "
                             "gått förlorat."),
    503: ("Tjänsten är inte tillgänglig", "Registret kan inte nå sin databas just nu. "
                                          "Försök igen om en liten stund."),
}


def _wants_json():
    return request.path.startswith("/api/")


def render_error(status, incident=None):
    title, message = MESSAGES.get(status, MESSAGES[500])
    if _wants_json():
        body = {"error": {"code": status, "message": message}}
        if incident:
            body["error"]["incident"] = incident
        return jsonify(body), status
    try:
        html = render_template("errors/error.html", status=status, title=title,
                               message=message, incident=incident)
    except Exception:  # noqa: BLE001 - e.g. an untrusted Host leaves no URL adapter
        log.warning("error page %s rendered as plain text", status)
        return f"{title}. {message}", status, {"Content-Type": "text/plain; charset=utf-8"}
    return html, status


def handle_http(error):
    return render_error(error.code or 500)


def handle_stale(_error):
    db.session.rollback()
    return render_error(409)


def handle_database_down(error):
    db.session.rollback()
    g._login_user = login_manager.anonymous_user()  # the page must not ask the database again
    log.warning("database unavailable: %s", type(error).__name__)
    return render_error(503)


def handle_unexpected(error):
    incident = uuid.uuid4().hex[:12]
    db.session.rollback()
    log.exception("incident %s: unhandled %s", incident, type(error).__name__)
    return render_error(500, incident)


def register_error_handlers(app):
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(StaleDataError, handle_stale)
    app.register_error_handler(OperationalError, handle_database_down)
    app.register_error_handler(Exception, handle_unexpected)
