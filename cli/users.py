"""flask users create / revoke-devices."""
import click
from flask.cli import AppGroup
from sqlalchemy import select

from models import ROLES, Cohort, CohortStaff, Membership, Programme, User, db
from security.audit import audit
from security.login import end_cookie_sessions
from security.passwords import hash_password
from security.tokens import revoke_user_devices

users_cli = AppGroup("users", help="Create users and revoke their devices.")


@users_cli.command("create")
@click.argument("username")
@click.option("--password", required=True, help="Initial password.")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--programme", "programme_code", required=True, help="Programme code, e.g. kljuc-d4d.")
@click.option("--cohort", "cohort_codes", multiple=True, help="Cohort code (trainer or mentor); repeatable.")
@click.option("--display-name", default=None)
@click.option("--locale", default="en")
@click.option("--diaspora", is_flag=True, help="A mentor from the diaspora (their hours are counted apart).")
def create_user(username, password, role, programme_code, cohort_codes, display_name, locale, diaspora):
    """Create USERNAME (or add a role to an existing user) in a programme."""
    programme = db.session.scalar(select(Programme).where(Programme.code == programme_code))
    if programme is None:
        raise click.ClickException(f"No programme with code {programme_code!r}.")
    if len(password) < 8:
        raise click.ClickException("The password must have at least 8 characters.")
    cohorts = []
    for code in cohort_codes:
        cohort = db.session.scalar(select(Cohort).where(Cohort.programme_id == programme.id, Cohort.code == code))
        if cohort is None:
            raise click.ClickException(f"No cohort {code!r} in programme {programme_code!r}.")
        cohorts.append(cohort)
    if cohorts and role not in ("trainer", "mentor"):
        raise click.ClickException("--cohort applies to trainers and mentors only.")
    user = db.session.scalar(select(User).where(User.username == username))
    created = user is None
    if created:
        user = User(username=username, display_name=display_name or username, locale=locale,
                    password_hash=hash_password(password), diaspora=diaspora)
        db.session.add(user)
        db.session.flush()
    else:
        user.password_hash = hash_password(password)
        end_cookie_sessions(user.id)  # a new password ends the sessions signed in with the old one
        user.diaspora = user.diaspora or diaspora
    if not any(m.programme_id == programme.id and m.role == role for m in user.memberships):
        user.memberships.append(Membership(programme_id=programme.id, role=role))
    for cohort in cohorts:
        if not any(s.user_id == user.id and s.role == role for s in cohort.staff):
            cohort.staff.append(CohortStaff(user_id=user.id, role=role))
    from api.sync.changes import record_change

    record_change(db.session, user)
    for cohort in cohorts:
        record_change(db.session, cohort)
    audit("user_created" if created else "user_updated", user=None, entity="user", record_id=user.id,
          programme_id=programme.id, detail={"role": role})
    db.session.commit()
    click.echo(f"{'Created' if created else 'Updated'} {username}: {role} in {programme_code}"
               + (f", cohorts {', '.join(cohort_codes)}" if cohort_codes else ""))


@users_cli.command("revoke-devices")
@click.argument("username")
def revoke_devices(username):
    """Revoke every device token and end every cookie session of USERNAME (lost phone, person left)."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"No user {username!r}.")
    count = revoke_user_devices(user.id)
    end_cookie_sessions(user.id)
    audit("devices_revoked", user=None, entity="user", record_id=user.id, detail={"count": count})
    db.session.commit()
    click.echo(f"Revoked {count} device token(s) of {username}.")
