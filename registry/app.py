"""The application factory: a readable list of register_* calls."""

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from registry import all_models  # noqa: F401 - every model known before first use
from registry.config import flask_config, load_settings
from registry.core.errors import register_error_handlers
from registry.core.logs import configure_logging
from registry.core.security import (
    enforce_session_timeouts,
    refuse_nul_in_query,
    require_login_by_default,
    set_security_headers,
)
from registry.core.settings import settings_of
from registry.core.templating import register_template_helpers
from registry.core.transactions import register_transactions
from registry.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT_TEMPLATES = "../templates"
ROOT_STATIC = "../static"


def create_app(config=None):
    """Build the app; `config` overrides settings (keys without the REGISTRY_ prefix)."""
    settings = load_settings(config)
    app = Flask(__name__, template_folder=ROOT_TEMPLATES, static_folder=ROOT_STATIC,
                instance_relative_config=False)
    app.config.update(flask_config(settings))
    register_logging(app)
    register_proxy(app)
    register_extensions(app)
    register_login(app)
    register_request_guards(app)
    register_transactions(app)
    register_blueprints(app)
    register_signals(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_cli(app)
    return app


def register_logging(app):
    if not app.testing:  # tests read the log through pytest's caplog instead
        configure_logging(logging.INFO)


def register_proxy(app):
    hops = settings_of(app).proxy_hops
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app):
    from registry.core.database import register_database_events

    db.init_app(app)
    register_database_events(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: "sv")
    limiter.init_app(app)


def register_login(app):
    from registry.auth.services import load_user

    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Logga in för att fortsätta."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


def register_request_guards(app):
    app.before_request(refuse_nul_in_query)
    app.before_request(enforce_session_timeouts)
    app.before_request(require_login_by_default)
    app.after_request(set_security_headers)


def register_blueprints(app):
    from registry.admin.views import bp as admin_bp
    from registry.agreements.views import bp as agreements_bp
    from registry.alerts.views import bp as alerts_bp
    from registry.api.blueprint import register_api
    from registry.auth.views import bp as auth_bp
    from registry.dashboard.views import bp as dashboard_bp
    from registry.finance.views import bp as finance_bp
    from registry.health import bp as health_bp
    from registry.pages.views import bp as pages_bp
    from registry.placements.views import bp as placements_bp
    from registry.providers.views import bp as providers_bp
    from registry.providers.views import service_types_bp
    from registry.quality.views import bp as quality_bp
    from registry.reports.views import bp as reports_bp

    for blueprint in (health_bp, auth_bp, dashboard_bp, providers_bp, service_types_bp,
                      agreements_bp, quality_bp, placements_bp, finance_bp, alerts_bp, admin_bp,
                      pages_bp):
        app.register_blueprint(blueprint)
    register_api(app)
    app.register_blueprint(reports_bp)


def register_signals(app):
    """Connect every signal receiver here, so none depends on which module was imported."""
    from registry.finance.services.invoices import reconcile_after_report
    from registry.placements.signals import addons_changed, report_saved

    report_saved.connect(reconcile_after_report)  # idempotent: one receiver however many apps
    addons_changed.connect(reconcile_after_report)


def register_cli(app):
    from registry.cli import registry_cli

    app.cli.add_command(registry_cli)
