"""marshmallow schemas: every request body is validated here, never in views."""
