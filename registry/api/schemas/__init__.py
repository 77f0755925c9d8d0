"""Marshmallow schemas: they validate the API's requests and generate its OpenAPI document."""
