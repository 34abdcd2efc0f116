"""flask push send-due / public-key."""
from datetime import datetime, timezone

import click
from flask import current_app
from flask.cli import AppGroup

push_cli = AppGroup("push", help="Web Push notifications.")


@push_cli.command("send-due")
@click.option("--now", "now_text", default=None, metavar="ISO-8601",
              help="Act as if it were this moment (UTC unless an offset is given); for tests and replays.")
def send_due_command(now_text):
    """Send every notification that is due, each exactly once (run it from a timer: docs/push.md)."""
    from notifications.dispatch import send_due

    now = None
    if now_text:
        try:
            now = datetime.fromisoformat(now_text)
        except ValueError:
            raise click.BadParameter("not an ISO 8601 date and time", param_hint="--now") from None
        now = now if now.tzinfo else now.replace(tzinfo=timezone.utc)
    summary = send_due(now)
    click.echo(summary.line())
    for error in summary.errors:
        click.echo(f"error: delivery {error}", err=True)


@push_cli.command("public-key")
def public_key_command():
    """Print the VAPID public key (made into instance/ on first use unless VAPID_PRIVATE_KEY is set)."""
    from notifications.vapid import load_keys

    click.echo(load_keys(current_app).public_key)
