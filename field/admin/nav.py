"""The sections of a programme's set-up, in the order the sub-navigation shows them.

Each set-up module registers its section when it is imported, so the pages
and their navigation cannot drift apart.
"""
from flask_babel import lazy_gettext as _l

#: (endpoint taking ``programme_id``, label)
PROGRAMME_SECTIONS: list[tuple[str, object]] = []
#: (endpoint, label) of the organisation's pages (admins)
ORGANISATION_SECTIONS: list[tuple[str, object]] = []


def programme_section(endpoint: str, label) -> None:
    if endpoint not in [e for e, _ in PROGRAMME_SECTIONS]:
        PROGRAMME_SECTIONS.append((endpoint, label))


def organisation_section(endpoint: str, label) -> None:
    if endpoint not in [e for e, _ in ORGANISATION_SECTIONS]:
        ORGANISATION_SECTIONS.append((endpoint, label))


SET_UP = _l("Set-up")
