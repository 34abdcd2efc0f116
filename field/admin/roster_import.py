"""Importing a participant roster (CSV or XLSX) on a programme's set-up pages.

Upload → preview (columns guessed from the headers, editable; the first rows
decoded; each row's errors by row and column; likely duplicates with a choice)
→ import, all or nothing → a report. The service is ``imports.roster`` (the CLI
``flask participants import`` uses the same); it writes through the one write
path. The uploaded file waits in the instance folder under an unguessable
token bound to the user and the programme (``imports.store``), and is deleted
after the import or after two hours.
"""
from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from imports import store
from imports.columns import FIELDS, REQUIRED
from imports.reading import ENCODINGS, MAX_FILE_BYTES, RosterError, read_table
from imports.roster import CHOICES, PREVIEW_ROWS, read_choice, run_import
from models import Cohort, db

from . import bp
from .nav import programme_section

programme_section("admin.roster_import", _l("Import participants"))
#: rows with errors, and duplicates, the page lists at most (the counts say how many there are)
SHOWN = 300


def _cohorts(programme):
    return db.session.execute(select(Cohort.id, Cohort.code, Cohort.name).where(
        Cohort.programme_id == programme.id, Cohort.deleted.is_(False)).order_by(Cohort.code)).all()


def _upload_page(programme, error=None, status=200):
    return render_template("admin/roster_upload.html", programme=programme, error=error,
                           max_mb=MAX_FILE_BYTES // (1024 * 1024)), status


@bp.get("/programmes/<programme_id>/participants/import")
def roster_import(programme):
    return _upload_page(programme)


@bp.post("/programmes/<programme_id>/participants/import")
def roster_upload(programme):
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        return _upload_page(programme, _("The file is larger than %(size)s MB.",
                                         size=MAX_FILE_BYTES // (1024 * 1024)), 413)
    if upload is None or not upload.filename:
        return _upload_page(programme, _("Choose a CSV or XLSX file."), 400)
    data = upload.read(MAX_FILE_BYTES + 1)
    try:
        read_table(data, upload.filename)
    except RosterError as exc:
        return _upload_page(programme, str(exc), 400)
    token = store.save(current_app.instance_path, current_user.id, programme.id, upload.filename, data)
    return redirect(url_for("admin.roster_preview", programme_id=programme.id, token=token))


def _settings(form):
    """The preview form's choices: encoding, sheet, cohort, column of each field, duplicates' choices."""
    mapping = None
    if "map.given_name" in form:
        mapping = {}
        for name in FIELDS:
            value = form.get(f"map.{name}", "")
            if value.isascii() and value.isdigit():
                mapping[name] = int(value)
    choices = {}
    for key, value in form.items():
        if key.startswith("choice.") and key[7:].isascii() and key[7:].isdigit():
            choices[int(key[7:])] = read_choice(value)
    encoding = form.get("encoding") or None
    return {"encoding": encoding if encoding in ENCODINGS else None, "sheet": form.get("sheet") or None,
            "cohort": form.get("cohort") or None, "mapping": mapping, "choices": choices}


def _preview(programme, token, form, commit=False):
    upload = store.load(current_app.instance_path, token, current_user.id, programme.id)
    if upload is None:
        return _upload_page(programme, _("The uploaded file has expired or was already imported: upload it "
                                         "again."), 404)
    filename, data = upload
    s = _settings(form)
    common = {"programme": programme, "token": token, "filename": filename, "settings": s, "fields": FIELDS,
              "required": REQUIRED, "encodings": ENCODINGS, "cohorts": _cohorts(programme), "choices": CHOICES,
              "shown": SHOWN, "preview_rows": PREVIEW_ROWS}
    try:
        table = read_table(data, filename, encoding=s["encoding"], sheet=s["sheet"])
    except RosterError as exc:
        return render_template("admin/roster_preview.html", table=None, outcome=None, error=str(exc),
                               **common), 400
    outcome = run_import(db.session, current_user, programme, table, s["mapping"], cohort=s["cohort"],
                         choices=s["choices"], commit=commit)
    if outcome.committed:
        store.delete(current_app.instance_path, token)
        return render_template("admin/roster_report.html", outcome=outcome, **common)
    status = 400 if commit else 200
    return render_template("admin/roster_preview.html", table=table, outcome=outcome, error=None,
                           **common), status


@bp.get("/programmes/<programme_id>/participants/import/<token>")
def roster_preview(programme, token):
    return _preview(programme, token, request.args)


@bp.post("/programmes/<programme_id>/participants/import/<token>")
def roster_commit(programme, token):
    return _preview(programme, token, request.form, commit=request.form.get("action") == "commit")
