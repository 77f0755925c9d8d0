"""The `registry` command group: flask --app wsgi registry <command>.

A command that writes is @transactional: one commit when it returns, a rollback if it fails.
The job commands (run-alerts, send-digest) call the scheduler's job bodies, which commit
through core/transactions.py themselves (alerts/jobs.py: the run's start, then its work).
"""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from registry.auth import services as auth_services
from registry.core.refusal import Refused
from registry.core.settings import current_settings
from registry.core.transactions import transactional
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.synthetic.command import generate_command

registry_cli = AppGroup("registry", help="Utförarregistret Nordväst: drift och data.")
registry_cli.add_command(generate_command)


@registry_cli.command("create-user")
@click.argument("email")
@click.option("--municipality", "slug", help="Kommunens kortnamn, t.ex. solna.")
@click.option("--role", "roles", multiple=True, required=True,
              help="purchaser, case_officer, finance, coordinator eller admin.")
@click.option("--name", "display_name", default="", help="Visningsnamn.")
@click.password_option("--password", help="Lösenord (frågas efter om det saknas).")
@transactional
def create_user(email, slug, roles, display_name, password):
    """Create a user with one or more roles."""
    municipality = None
    if slug:
        municipality = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
        if municipality is None:
            raise click.BadParameter(f"okänd kommun: {slug}", param_hint="--municipality")
    try:
        user = auth_services.create_user(email, display_name or email, password, roles,
                                         municipality)
    except (Refused, ValueError) as refused:
        raise click.ClickException(getattr(refused, "message", str(refused))) from refused
    click.echo(f"Skapade {user.email} ({', '.join(sorted(r.value for r in user.roles))}).")


@registry_cli.command("create-token")
@click.argument("email")
@click.option("--label", default="Kommandoraden", help="Namn på nyckeln.")
@transactional
def create_token_command(email, label):
    """Create a personal API token for a user and print it (alone on the last line)."""
    from registry.auth import tokens
    from registry.auth.models import User

    user = db.session.scalar(select(User).where(
        User.email == auth_services.normalise_email(email)))
    if user is None or not user.active:
        raise click.ClickException(f"ingen aktiv användare med e-postadressen {email}")
    try:
        token, plain = tokens.create_token(user, label)
    except Refused as refused:
        raise click.ClickException(refused.message) from refused
    click.echo(f"API-nyckel för {user.email}, gäller till {token.expires_at:%Y-%m-%d} (UTC). "
               "Den visas bara nu:")
    click.echo(plain)


@registry_cli.command("seed")
@click.option("--demo", is_flag=True, help="Lägg även in demodata (aldrig i produktion).")
@transactional
def seed_command(demo):
    """Load reference data (and with --demo the demo data set); safe to run again."""

    from registry.seeding import SeedCount, SeedDataError, SeedRefused, demo_logins, seed

    try:
        counts = seed(demo=demo)
    except (SeedRefused, SeedDataError) as refused:
        raise click.ClickException(str(refused)) from refused
    created = {kind: number for kind, number in counts.items() if number}
    if not created:
        click.echo("Inget nytt att lägga in: allt fanns redan.")
    else:
        click.echo("Skapat:")
    for kind, number in created.items():
        click.echo(f"  {SeedCount.label_of(kind)}: {number}")
    if demo:
        click.echo("\nDemoinloggningar, alla med lösenordet "
                   f"{current_settings().demo_password}:")
        for email in demo_logins():
            click.echo(f"  {email}")


@registry_cli.command("run-alerts")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Kör reglerna för den här dagen (ÅÅÅÅ-MM-DD), annars i dag.")
@transactional
def run_alerts_command(as_of):
    """Apply every alert rule once, as the scheduler does each morning."""
    from registry.alerts.jobs import describe_counts, run_alerts

    run = run_alerts(as_of.date() if as_of else None)
    if run.status != "succeeded":
        raise click.ClickException(f"Bevakningsreglerna misslyckades: {run.error}")
    click.echo(f"Bevakningar för {run.as_of:%Y-%m-%d}: {describe_counts(run.counts)}.")


@registry_cli.command("send-digest")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Skicka sammanfattningen för den här dagen (ÅÅÅÅ-MM-DD), annars i dag.")
def send_digest_command(as_of):
    """Send the day's e-mail digest to everyone who has not got it, as the scheduler does."""
    from registry.alerts.jobs import describe_counts, send_digests
    from registry.core.dates import today

    on = as_of.date() if as_of else today()
    if not current_settings().mail.digest_enabled:
        raise click.ClickException("E-postsammanfattningen är avstängd "
                                   "(REGISTRY_DIGEST_ENABLED=false).")
    run = send_digests(on)
    if run is None:
        click.echo(f"Ingen e-postsammanfattning att skicka för {on:%Y-%m-%d}.")
        return
    if run.status != "succeeded":
        raise click.ClickException(f"E-postsammanfattningen blev inte klar: {run.error} "
                                   f"({describe_counts(run.counts)}).")
    click.echo(f"E-postsammanfattning för {on:%Y-%m-%d}: {describe_counts(run.counts)}.")


@registry_cli.command("scheduler")
def scheduler_command():
    """Run the scheduler (one leader per database; a second one waits for the lock).

    It runs until stopped: a database outage stops its jobs, never the process.
    """
    from flask import current_app

    from registry.alerts.scheduler import run_scheduler

    run_scheduler(current_app._get_current_object(), say=click.echo)


@registry_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup_command(path):
    """Back up the database to PATH (PostgreSQL: pg_dump -Fc; SQLite: a copy of the file)."""
    from registry.core.backup import BackupError, backup

    try:
        size = backup(db.engine.url, path)
    except BackupError as refused:
        raise click.ClickException(str(refused)) from refused
    click.echo(f"Säkerhetskopian är sparad i {path} ({size / 1_000_000:.1f} MB).")
