"""The former translations page: names per language are now edited on each trade's set-up page.

Users and links know ``/review/<programme_id>/translations``: it leads to the
programme's trades (field/admin/trades.py), where each trade's page edits the
names of the trade, its skills and rubric levels. A form posted to the old
address is passed on, method and body kept (307), to the trade's labels form.
"""
from flask import redirect, url_for

from . import bp


@bp.get("/review/<programme_id>/translations")
def review_translations(programme):
    return redirect(url_for("admin.trades_of_programme", programme_id=programme.id))


@bp.post("/review/<programme_id>/translations/<occupation_id>")
def review_save_translations(programme, occupation_id):
    return redirect(url_for("admin.save_programme_trade_labels", programme_id=programme.id,
                            occupation_id=occupation_id), code=307)
