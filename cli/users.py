"""flask users create / revoke-devices."""
import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from models import ROLES, Cohort, Programme, User, db, username_key
from api import accounts
from security.audit import audit
from security.login import end_cookie_sessions
from security.tokens import revoke_user_devices

users_cli = AppGroup("users", help="Create users and revoke their devices.")


@users_cli.command("create")
@click.argument("username")
@click.option("--password", default=None,
              help="Initial password (at least 10 characters). Without it, a one-time code is printed "
                   "with which the person sets their own at /welcome.")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--programme", "programme_code", default=None, help="Programme code, e.g. kljuc-d4d.")
@click.option("--organisation", "organisation_name", default=None,
              help="With --role admin and no --programme: an admin of this whole organisation (made if new); "
                   "the first account of a deployment, who sets up everything else in the browser.")
@click.option("--cohort", "cohort_codes", multiple=True, help="Cohort code (trainer or mentor); repeatable.")
@click.option("--display-name", default=None)
@click.option("--locale", default="en")
@click.option("--diaspora", is_flag=True, help="A mentor from the diaspora (their hours are counted apart).")
def create_user(username, password, role, programme_code, organisation_name, cohort_codes, display_name, locale,
                diaspora):
    """Create USERNAME (or add a role to an existing user) in a programme, or an organisation's admin.

    The set-up pages (/admin) do the same through the same service (api/accounts/).
    """
    if programme_code is None:
        if role != "admin" or not organisation_name:
            raise click.ClickException("Give --programme CODE, or --role admin with --organisation NAME.")
        _organisation_admin(username, password, organisation_name, display_name, locale)
        return
    programme = db.session.scalar(select(Programme).where(Programme.code == programme_code))
    if programme is None:
        raise click.ClickException(f"No programme with code {programme_code!r}.")
    cohort_ids = []
    for code in cohort_codes:
        cohort = db.session.scalar(select(Cohort).where(Cohort.programme_id == programme.id, Cohort.code == code))
        if cohort is None:
            raise click.ClickException(f"No cohort {code!r} in programme {programme_code!r}.")
        cohort_ids.append(cohort.id)
    user = db.session.scalar(select(User).where(User.username_key == username_key(username)))
    issued = None
    with force_locale("en"):  # the service's messages, in English on the command line
        try:
            if user is None:
                user, issued = accounts.create_account(
                    None, programme, username=username, display_name=display_name or username, role=role,
                    cohort_ids=cohort_ids, diaspora=diaspora, locale=locale, password=password)
                created = True
            else:
                created = False
                if password is not None:
                    accounts.set_password(None, user, password)
                accounts.add_role(None, programme, user, role, cohort_ids)
                if diaspora:
                    accounts.set_diaspora(None, programme, user, True)
        except accounts.AccountError as exc:
            db.session.rollback()
            raise click.ClickException(" ".join(f"{field}: {message}" for field, messages in exc.errors.items()
                                                for message in messages)) from None
    db.session.commit()
    click.echo(f"{'Created' if created else 'Updated'} {user.username}: {role} in {programme_code}"
               + (f", cohorts {', '.join(cohort_codes)}" if cohort_codes else ""))
    if issued is not None:
        click.echo(f"One-time code (shown once, valid 72 hours): {issued.code}")
        click.echo(f"Or the link: /welcome/{issued.token}")


def _organisation_admin(username, password, organisation_name, display_name, locale):
    with force_locale("en"):
        try:
            organisation = accounts.organisation_for(organisation_name)
            user, issued = accounts.make_organisation_admin(None, organisation, username=username,
                                                            display_name=display_name or username,
                                                            password=password, locale=locale)
        except accounts.AccountError as exc:
            db.session.rollback()
            raise click.ClickException(" ".join(f"{field}: {message}" for field, messages in exc.errors.items()
                                                for message in messages)) from None
    db.session.commit()
    click.echo(f"{user.username}: admin of {organisation.name}. Set up its programmes at /admin/programmes.")
    if issued is not None:
        click.echo(f"One-time code (shown once, valid 72 hours): {issued.code}")
        click.echo(f"Or the link: /welcome/{issued.token}")


@users_cli.command("revoke-devices")
@click.argument("username")
def revoke_devices(username):
    """Revoke every device token and end every cookie session of USERNAME (lost phone, person left)."""
    user = db.session.scalar(select(User).where(User.username_key == username_key(username)))
    if user is None:
        raise click.ClickException(f"No user {username!r}.")
    count = revoke_user_devices(user.id)
    end_cookie_sessions(user.id)
    audit("devices_revoked", user=None, entity="user", record_id=user.id, detail={"count": count})
    db.session.commit()
    click.echo(f"Revoked {count} device token(s) of {username}.")
