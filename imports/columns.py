"""The roster's fields: their labels, the headers that name them in the app's languages, and cell conversion.

A cell becomes a wire value (what a phone would send) or a ``CellError`` with a
translated message; the schema and the cross-record rules then check the
values as for any write.
"""
import re
import unicodedata
from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from openpyxl.utils.datetime import from_excel

from models.participant import GENDERS, TARGET_GROUPS

#: field → label, in the order the mapping form shows them; ``cohort`` is the cohort's code
FIELDS = {
    "code": _l("Participant code"), "given_name": _l("Given name"), "family_name": _l("Family name"),
    "gender": _l("Gender"), "birth_year": _l("Birth year"), "target_groups": _l("Target groups"),
    "consent_on": _l("Consent date"), "enrolled_on": _l("Enrolment date"), "cohort": _l("Cohort"),
}
REQUIRED = ("given_name", "family_name", "gender", "birth_year", "consent_on")

#: headers naming each field, in the app's languages (compared without case, accents, spaces or punctuation)
HEADERS = {
    "code": ["code", "participant code", "id", "participant id", "šifra", "kod", "šifra polaznika",
             "katılımcı kodu", "kód", "azonosító", "deltagarkod", "teilnehmercode", "kennung", "الرمز", "رمز",
             "koodi", "tunnus", "kode", "deltakerkode"],
    "given_name": ["given name", "first name", "firstname", "forename", "ime", "ad", "adı", "utónév",
                   "keresztnév", "förnamn", "vorname", "الاسم الأول", "الاسم", "etunimi", "fornavn"],
    "family_name": ["family name", "last name", "lastname", "surname", "prezime", "soyad", "soyadı",
                    "vezetéknév", "családnév", "efternamn", "nachname", "familienname", "اسم العائلة", "الكنية",
                    "sukunimi", "etternavn"],
    "gender": ["gender", "sex", "spol", "cinsiyet", "nem", "kön", "geschlecht", "الجنس", "sukupuoli", "kjønn"],
    "birth_year": ["birth year", "year of birth", "date of birth", "birth date", "birthdate", "dob",
                   "godina rođenja", "godište", "datum rođenja", "doğum yılı", "doğum tarihi", "születési év",
                   "születési dátum", "születési idő", "födelseår", "födelsedatum", "geburtsjahr", "geburtsdatum",
                   "سنة الميلاد", "تاريخ الميلاد", "syntymävuosi", "syntymäaika", "fødselsår", "fødselsdato"],
    "target_groups": ["target group", "target groups", "group of", "ciljna grupa", "ciljne grupe", "hedef grup",
                      "hedef gruplar", "célcsoport", "målgrupp", "zielgruppe", "zielgruppen", "الفئة المستهدفة",
                      "kohderyhmä", "målgruppe"],
    "consent_on": ["consent", "consent date", "consent on", "consented", "saglasnost", "datum saglasnosti",
                   "pristanak", "onay", "onay tarihi", "hozzájárulás", "samtycke", "einwilligung",
                   "einverständnis", "الموافقة", "suostumus", "samtykke"],
    "enrolled_on": ["enrolled", "enrolled on", "enrolment", "enrolment date", "enrollment date", "enrolled date",
                    "upis", "datum upisa", "upisan", "kayıt", "kayıt tarihi", "beiratkozás", "inskrivning",
                    "inskriven", "einschreibung", "eintritt", "تاريخ التسجيل", "ilmoittautuminen", "aloitus",
                    "innskrivning", "innskrevet"],
    "cohort": ["cohort", "cohort code", "group", "kohorta", "grupa", "kohort", "grup", "csoport", "kohorte",
               "gruppe", "الدفعة", "ryhmä", "kull"],
}

#: gender words in the app's languages → the model's codes
GENDER_WORDS = {
    "female": ["female", "f", "woman", "women", "w", "ž", "z", "žensko", "ženski", "žena", "zensko", "zenski",
               "zena", "kadın", "kadin", "k", "kız", "nő", "no", "n", "kvinna", "kvinnlig", "weiblich", "frau",
               "nainen", "kvinne", "kvinnelig", "أنثى", "انثى", "امرأة"],
    "male": ["male", "m", "man", "men", "muško", "muški", "musko", "muski", "muškarac", "erkek", "e", "férfi",
             "ffi", "manlig", "männlich", "maennlich", "mann", "mies", "mannlig", "ذكر", "رجل"],
    "other": ["other", "diverse", "divers", "x", "drugo", "ostalo", "diğer", "egyéb", "annat", "annan", "andere",
              "muu", "annet", "آخر", "اخر"],
    "undisclosed": ["undisclosed", "not disclosed", "prefer not to say", "unknown", "nije navedeno", "nepoznato",
                    "belirtilmemiş", "bilinmiyor", "nem közölt", "ismeretlen", "vill ej uppge", "okänt",
                    "keine angabe", "unbekannt", "ei halua kertoa", "ei tiedossa", "ikke oppgitt", "ukjent",
                    "غير مفصح", "غير معروف"],
}

#: target-group names besides the codes and the app's translated labels
GROUP_WORDS = {
    "neet": ["neet", "youth neet"],
    "refugee": ["refugee", "refugees", "izbjeglica", "izbjeglice", "mülteci", "menekült", "flykting", "flüchtling",
                "pakolainen", "flyktning", "لاجئ", "لاجئون"],
    "returnee": ["returnee", "returnees", "povratnik", "povratnici", "geri dönen", "hazatérő", "återvändare",
                 "rückkehrer", "paluumuuttaja", "tilbakevendt", "عائد"],
    "idp": ["idp", "internally displaced", "raseljeno lice", "raseljena lica", "interno raseljeni",
            "ülke içinde yerinden edilmiş", "belső menekült", "internflykting", "binnenvertriebene",
            "maan sisäinen pakolainen", "internt fordrevet", "نازح"],
    "long_term_unemployed": ["long term unemployed", "long-term unemployed", "ltu", "dugoročno nezaposleni",
                             "dugotrajno nezaposleni", "uzun süreli işsiz", "tartósan munkanélküli",
                             "långtidsarbetslös", "langzeitarbeitslos", "pitkäaikaistyötön", "langtidsledig",
                             "عاطل لفترة طويلة"],
    "roma": ["roma", "rom", "romi", "romkinja", "roman", "cigány", "romani", "romer", "romit", "غجر"],
    "disability": ["disability", "disabled", "people with disability", "invaliditet", "osoba s invaliditetom",
                   "engelli", "fogyatékos", "funktionsnedsättning", "behinderung", "vammainen",
                   "nedsatt funksjonsevne", "إعاقة"],
    "minority": ["minority", "minorities", "manjina", "nacionalna manjina", "azınlık", "kisebbség", "minoritet",
                 "minderheit", "vähemmistö", "أقلية"],
}


def key(text) -> str:
    """Text compared loosely: lower case, no accents on Latin letters, no spaces or punctuation."""
    text = unicodedata.normalize("NFKD", str(text).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", text.replace("đ", "d").replace("ı", "i").replace("ø", "o").replace("æ", "ae"))


#: the app's labels of the codes (the same msgids as field/review/choice_labels.py, so the same translations)
GENDER_LABELS = {"female": _l("Women"), "male": _l("Men"), "other": _l("Other"), "undisclosed": _l("Not disclosed")}
GROUP_LABELS = {
    "neet": _l("NEET"), "refugee": _l("Refugees"), "returnee": _l("Returnees"), "idp": _l("Internally displaced"),
    "long_term_unemployed": _l("Long-term unemployed"), "roma": _l("Roma"), "disability": _l("People with disability"),
    "minority": _l("Minorities")}


def _translated(labels) -> dict:
    """The app's own labels of codes in every language of the app: key → code."""
    out = {}
    for lang in current_app.config.get("LANGUAGES", {"en": "English"}):
        with force_locale(lang):
            for code in labels["codes"]:
                out.setdefault(key(labels["label"](code)), code)
    return out


_cache = {}


def _words(kind) -> dict:
    if kind not in _cache:
        if kind == "gender":
            words = _translated({"codes": GENDERS, "label": lambda code: str(GENDER_LABELS[code])})
            table = GENDER_WORDS
        else:
            words = _translated({"codes": TARGET_GROUPS, "label": lambda code: str(GROUP_LABELS[code])})
            table = GROUP_WORDS
        for code, names in table.items():
            for name in [code, *names]:
                words[key(name)] = code
        _cache[kind] = words
    return _cache[kind]


def guess_mapping(headers: list) -> dict:
    """field → column index, from the headers (the first column that names a field takes it)."""
    names = {key(alias): name for name, aliases in HEADERS.items() for alias in [name, *aliases]}
    mapping = {}
    for index, header in enumerate(headers):
        name = names.get(key(header)) if header else None
        if name and name not in mapping:
            mapping[name] = index
    return mapping


class CellError(Exception):
    """A cell that cannot become its field's value; the message is translated."""


def text(value) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return "" if value is None else str(value)


_DATE_FORMATS = (("%Y-%m-%d", r"\d{4}-\d{1,2}-\d{1,2}"), ("%d.%m.%Y", r"\d{1,2}\.\d{1,2}\.\d{4}\.?"),
                 ("%d/%m/%Y", r"\d{1,2}/\d{1,2}/\d{4}"), ("%d-%m-%Y", r"\d{1,2}-\d{1,2}-\d{4}"),
                 ("%Y/%m/%d", r"\d{4}/\d{1,2}/\d{1,2}"), ("%Y.%m.%d", r"\d{4}\.\d{1,2}\.\d{1,2}\.?"))


def to_date(value) -> str:
    """A date cell as ISO: a spreadsheet date, an Excel day number, or d.m.yyyy, yyyy-mm-dd, d/m/yyyy…"""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        try:
            return from_excel(value).date().isoformat()
        except (ValueError, OverflowError, TypeError):
            pass
    raw = text(value).strip()
    if " " in raw and re.fullmatch(r"\S+ \d{1,2}:\d{2}(:\d{2})?", raw):
        raw = raw.split(" ")[0]
    for fmt, pattern in _DATE_FORMATS:
        if re.fullmatch(pattern, raw):
            try:
                return datetime.strptime(raw.rstrip("."), fmt.rstrip(".")).date().isoformat()
            except ValueError:
                raise CellError(_("%(value)s is not a date in the calendar.", value=raw[:40])) from None
    raise CellError(_("%(value)s is not a date: write it as 31.12.2024 or 2024-12-31.", value=raw[:40]))


def to_year(value) -> int:
    if isinstance(value, (date, datetime)):
        return value.year
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raw = text(value).strip()
    if re.fullmatch(r"\d{4}\.?", raw):
        return int(raw.rstrip("."))
    try:
        return int(to_date(value)[:4])
    except CellError:
        raise CellError(_("%(value)s is not a year: write the birth year in digits, such as 1998.",
                          value=raw[:40])) from None


def to_gender(value) -> str:
    code = _words("gender").get(key(text(value)))
    if code is None:
        raise CellError(_("%(value)s is not a gender the app knows: write female, male, other or undisclosed.",
                          value=text(value)[:40]))
    return code


def to_groups(value) -> list:
    codes = []
    for part in re.split(r"[,;/|+\n]", text(value)):
        if not part.strip():
            continue
        code = _words("groups").get(key(part))
        if code is None:
            raise CellError(_("%(value)s is not a target group: use one of %(names)s.", value=part.strip()[:40],
                              names=", ".join(str(GROUP_LABELS[c]) for c in TARGET_GROUPS)))
        if code not in codes:
            codes.append(code)
    return codes


def to_text(value) -> str:
    if isinstance(value, float):
        return repr(value)
    return text(value)


CONVERT = {"code": to_text, "given_name": to_text, "family_name": to_text, "gender": to_gender,
           "birth_year": to_year, "target_groups": to_groups, "consent_on": to_date, "enrolled_on": to_date,
           "cohort": to_text}
