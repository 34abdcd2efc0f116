"""Sending an export as a download (shared by the cookie pages and the bearer-token API)."""
from datetime import datetime, timezone

from flask import Response, send_file, stream_with_context

from models import db
from reports import exports
from reports.period import Period
from security.audit import audit

MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def send_export(programme, dataset: str, fmt: str, period: Period, user, via: str):
    """Audit the export, then answer with the file; raises exports.UnknownExport for a bad name/format."""
    if fmt not in exports.FORMATS or dataset not in exports.DATASETS:
        raise exports.UnknownExport(dataset)
    now = datetime.now(timezone.utc)
    audit("export", user=user, entity=dataset, programme_id=programme.id, detail={
        "format": fmt, "via": via, "personal": exports.is_personal(dataset),
        "from": period.start.isoformat() if period.start else None,
        "to": period.end.isoformat() if period.end else None,
    })
    db.session.commit()
    tables = exports.tables_for(db.session, programme, dataset, period, now)
    name = exports.filename(programme, dataset, fmt, period)
    if fmt == "xlsx":
        handle = exports.write_xlsx(tables, f"{programme.name}: {dataset}")
        response = send_file(handle, mimetype=MIMETYPES["xlsx"], as_attachment=True, download_name=name)
    else:
        body = stream_with_context(("\ufeff" if i == 0 else "") + chunk
                                   for i, chunk in enumerate(exports.csv_chunks(tables)))
        response = Response(body, mimetype=MIMETYPES["csv"])
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
