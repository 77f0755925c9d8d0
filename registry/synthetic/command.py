"""flask --app wsgi registry generate: synthetic data for load and performance tests."""

import time

import click
from flask.cli import with_appcontext

from registry.core.transactions import transactional
from registry.synthetic import NATIONAL, GenerateRefused, Scale, generate


@click.command("generate")
@click.option("--placements", type=click.IntRange(1), default=1000, show_default=True,
              help=f"Antal placeringar (nationell skala: {NATIONAL['placements']}).")
@click.option("--municipalities", type=click.IntRange(1, 9999), default=None,
              help="Antal kommuner (standard: skalat från placeringarna, högst 290).")
@click.option("--providers", type=click.IntRange(1), default=None,
              help="Antal utförare (standard: en per 50 placeringar).")
@click.option("--audit-events", type=click.IntRange(0), default=None,
              help="Antal rader i granskningsloggen (standard: 50 per placering).")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Slumpfrö: samma frö och skala ger samma data.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
              default="2026-11-01", show_default=True,
              help="Dagen datan slutar (ÅÅÅÅ-MM-DD); historiken går sex år bakåt.")
@click.option("--national", is_flag=True, help="Nationell skala: 290 kommuner, 2 000 "
              "utförare, 100 000 placeringar, 5 miljoner loggrader.")
@with_appcontext
@transactional
def generate_command(placements, municipalities, providers, audit_events, seed, as_of,
                     national):
    """Fill an empty database with deterministic, fictional data at the given scale."""
    if national:
        placements, municipalities = NATIONAL["placements"], NATIONAL["municipalities"]
        providers, audit_events = NATIONAL["providers"], NATIONAL["audit_events"]
    scale = Scale(placements, municipalities, providers, audit_events, seed, as_of.date())
    started = time.monotonic()
    try:
        counts = generate(scale, progress=click.echo)
    except GenerateRefused as refused:
        raise click.ClickException(str(refused)) from refused
    for table, number in counts.items():
        click.echo(f"  {table}: {number}")
    click.echo(f"Klart på {time.monotonic() - started:.0f} s.")
