"""flask demo load: the demo programmes (filled in cli/demo_data.py)."""
import click
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demo data from the real programmes in the seeds.")


@demo_cli.command("load")
def load():
    """Load (idempotently) the demo organisation, programmes, people and records."""
    from .demo_data import load_demo

    passwords = load_demo()
    for username, (role, password) in passwords.items():
        click.echo(f"  {username:<14} {role:<12} {password}")
