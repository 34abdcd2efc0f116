"""flask participants import FILE --programme CODE: a roster imported by the same service as the page.

The writes are made as a user, as every write is: ``--as USERNAME`` (a coordinator
of the programme or an admin of its organisation; the write path checks the
scope), or without it the programme's only coordinator.
"""
import sys

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from imports.reading import ENCODINGS, RosterError, read_table
from imports.roster import run_import
from models import Membership, Programme, User, db, username_key

participants_cli = AppGroup("participants", help="Import participant rosters.")


def _author(programme, username):
    if username:
        user = db.session.scalar(select(User).where(User.username_key == username_key(username)))
        if user is None:
            raise click.ClickException(f"No user {username!r}.")
        return user
    coordinators = db.session.scalars(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.programme_id == programme.id, Membership.role == "coordinator", User.active.is_(True))).all()
    if len(coordinators) != 1:
        raise click.ClickException("The programme has %s active coordinators: say who imports with --as USERNAME."
                                   % len(coordinators))
    return coordinators[0]


@participants_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--programme", "programme_code", required=True, help="Programme code, e.g. kljuc-d4d.")
@click.option("--cohort", "cohort_code", default=None, help="Cohort code for rows without a cohort column value.")
@click.option("--encoding", default=None, type=click.Choice(list(ENCODINGS)),
              help="The CSV's encoding, when it cannot be told from the bytes.")
@click.option("--sheet", default=None, help="The XLSX sheet to read (default: the first visible one).")
@click.option("--duplicates", type=click.Choice(["skip", "import", "update"]), default="skip", show_default=True,
              help="What to do with rows that look like a participant the programme has.")
@click.option("--as", "username", default=None,
              help="The user the writes are made as (default: the programme's only coordinator).")
@click.option("--dry-run", is_flag=True, help="Check the file and print what would be imported; write nothing.")
def import_roster(file, programme_code, cohort_code, encoding, sheet, duplicates, username, dry_run):
    """Import the participants of FILE (CSV or XLSX) into a programme, all or nothing."""
    programme = db.session.scalar(select(Programme).where(Programme.code == programme_code,
                                                          Programme.deleted.is_(False)))
    if programme is None:
        raise click.ClickException(f"No programme with code {programme_code!r}.")
    user = _author(programme, username)
    with open(file, "rb") as f:
        data = f.read()
    with force_locale("en"):
        try:
            table = read_table(data, file, encoding=encoding, sheet=sheet)
        except RosterError as exc:
            click.echo(f"{file}: {exc}", err=True)
            sys.exit(1)
        if not table.encoding_certain:
            click.echo(f"{file}: the encoding cannot be told for certain (it looks like "
                       f"{ENCODINGS[table.encoding]}): give --encoding {table.encoding} or another of "
                       f"{', '.join(ENCODINGS)}.", err=True)
            sys.exit(1)
        outcome = run_import(db.session, user, programme, table, cohort=cohort_code, default_choice=duplicates,
                             commit=not dry_run)
        for problem in outcome.problems:
            click.echo(f"{file}: {problem}", err=True)
        for row in outcome.rows:
            for column, message in row.errors:
                click.echo(f"row {row.number}, {column}: {message}", err=True)
            if row.duplicate:
                kind, person = row.duplicate
                click.echo(f"row {row.number}: like {person.code} ({person.given_name} {person.family_name}, "
                           f"same {kind}): {row.choice}")
        if outcome.blocked:
            click.echo(f"Nothing was imported: {len(outcome.error_rows)} rows have errors.", err=True)
            sys.exit(1)
        for row in outcome.rows:
            if row.outcome in ("created", "updated"):
                click.echo(f"row {row.number}: {row.outcome} {row.code}")
        created, updated, skipped = outcome.count("created"), outcome.count("updated"), outcome.count("skipped")
        verb = "Would import" if dry_run else "Imported"
        click.echo(f"{verb}: {created} created, {updated} updated, {skipped} skipped.")
        if not outcome.committed and not dry_run:
            sys.exit(1)
