"""Translated names of the data model's codes, for pages and charts (codes stay in exports)."""
from flask_babel import gettext as _
from flask_babel import pgettext


def _lookup(table):
    def label(code):
        return table().get(code, code) if code is not None else "—"

    return label


gender_label = _lookup(lambda: {"female": _("Women"), "male": _("Men"), "other": _("Other"),
                                "undisclosed": _("Not disclosed")})
age_band_label = _lookup(lambda: {"under_15": _("Under 15"), "15_24": _("15–24 (youth)"), "25_29": _("25–29"),
                                  "30_plus": _("30 and over")})
target_group_label = _lookup(lambda: {
    "neet": _("NEET"), "refugee": _("Refugees"), "returnee": _("Returnees"), "idp": _("Internally displaced"),
    "long_term_unemployed": _("Long-term unemployed"), "roma": _("Roma"), "disability": _("People with disability"),
    "minority": _("Minorities")})
_attendance_words = {
    # TRANSLATORS: the attendance of a woman (Bosnian: "izostala", not "izostao"); as the plain word if your
    # language says it the same of anyone
    "female": lambda: {"present": pgettext("of a woman", "present"), "late": pgettext("of a woman", "late"),
                       "absent": pgettext("of a woman", "absent"), "excused": pgettext("of a woman", "excused")},
    # TRANSLATORS: the attendance of a man; as the plain word if your language says it the same of anyone
    "male": lambda: {"present": pgettext("of a man", "present"), "late": pgettext("of a man", "late"),
                     "absent": pgettext("of a man", "absent"), "excused": pgettext("of a man", "excused")},
}
_attendance_plain = _lookup(lambda: {"present": _("present"), "late": _("late"), "absent": _("absent"),
                                     "excused": _("excused")})


def attendance_label(code, gender=None):
    """A status in words; of a woman or a man in the words a gendered language uses for them (a context without a
    translation falls back to the plain word). Other and undisclosed genders get the plain word."""
    words = _attendance_words.get(gender)
    if words is None or code is None:
        return _attendance_plain(code)
    plain, said = _attendance_plain(code), words().get(code, code)
    return plain if said == code else said  # an untranslated context gives its msgid back


#: one letter per status in the register grid (translated: the initial of the word in each language)
attendance_symbol = _lookup(lambda: {"present": _("P"), "late": _("L"), "absent": _("A"), "excused": _("E")})
session_kind_label = _lookup(lambda: {
    "training": _("Training"), "on_the_job": _("On the job"), "mentoring": _("Mentoring"),
    "remote_mentoring": _("Remote mentoring"), "assessment": _("Assessment"), "other": _("Other")})
goal_status_label = _lookup(lambda: {"open": _("open"), "in_progress": _("in progress"), "done": _("done"),
                                     "dropped": _("dropped")})
outcome_label = _lookup(lambda: {"employed": _("Employed"), "self_employed": _("Self-employed"),
                                 "further_training": _("Further training"), "other": _("Other")})
target_label = _lookup(lambda: {
    "participants": _("Participants enrolled"), "women": _("Women enrolled"), "youth": _("Youth (15–24) enrolled"),
    "jobs": _("Jobs"), "verified_jobs": _("Verified jobs"), "people_with_job": _("People with a job"),
    "training_hours": _("Training hours"), "mentoring_hours": _("Mentoring hours"),
    "diaspora_mentoring_hours": _("Diaspora mentoring hours"),
    "neet": _("NEET enrolled"), "refugee": _("Refugees enrolled"), "returnee": _("Returnees enrolled"),
    "idp": _("Internally displaced enrolled"), "long_term_unemployed": _("Long-term unemployed enrolled"),
    "roma": _("Roma enrolled"), "disability": _("People with disability enrolled"),
    "minority": _("Minorities enrolled")})

FILTERS = {name: fn for name, fn in globals().items() if name.endswith(("_label", "_symbol"))}
