"""WSGI entry point: gunicorn 'wsgi:app', flask --app wsgi ..."""

from registry.app import create_app

app = create_app()
