"""Demo reference content: the organisation, the three programmes, their sites, cohorts and staff.

Taken from the real programmes in shared/seeds/: the Ključ diaspora programme (D4D) with
S.E.C., KOFIX and ČAJA DRVOSTIL; İzmir Büyükşehir Belediyesi Meslek Fabrikası with UNDP; Jobb
Centrum Nord on the North Calotte. Static data only; cli/demo_data.py loads it.
"""
from datetime import date

ORGANISATION = "Field Mentor Demo Network"
#: one unbroken 47-letter family name: every phone screen must wrap it at 360 px (issue 15)
LONG_FAMILY_NAME = "Hadžiosmanbegovićkarabegovićčengićmehmedbašagić"

#: session kinds of a cohort's past sessions, oldest first (one entry per session)
WORKSHOP_KINDS = ["training", "training", "on_the_job", "training", "assessment", "mentoring",
                  "on_the_job", "training", "remote_mentoring", "on_the_job", "training", "assessment"]
COURSE_KINDS = ["training", "training", "training", "on_the_job", "assessment", "training",
                "training", "mentoring", "training", "on_the_job", "training", "assessment"]
#: Jobb Centrum Nord leans on mentoring, much of it by video across long distances
MENTORING_KINDS = ["mentoring", "training", "remote_mentoring", "mentoring", "assessment", "remote_mentoring",
                   "on_the_job", "mentoring", "remote_mentoring", "training", "mentoring", "assessment"]

DURATIONS = {"training": 240, "on_the_job": 420, "assessment": 180, "mentoring": 90,
             "remote_mentoring": 45, "other": 60}


def _site(key, name, city, kind, lat, lon):
    return {"key": key, "name": name, "city": city, "kind": kind, "lat": lat, "lon": lon}


def _cohort(code, name, site, occupation, size, profile, weekdays, start_time, kinds, trainers,
            mentors=(), mentees=(), outcomes=(), exits=0, long_name=None):
    """``mentees``: (username, how many participants get goals from them);
    ``outcomes``: (kind, site key or employer name, contract, verified);
    ``exits``: how many participants left early;
    ``long_name``: (position, given name, family name, gender) of one participant whose name is set, not drawn."""
    return {"code": code, "name": name, "site": site, "occupation": occupation, "size": size,
            "profile": profile, "weekdays": weekdays, "start_time": start_time, "kinds": kinds,
            "trainers": list(trainers), "mentors": list(mentors), "mentees": list(mentees),
            "outcomes": list(outcomes), "exits": exits, "long_name": long_name}


PROGRAMMES = [
    {"code": "kljuc-d4d", "prefix": "KLJ", "locale": "bs",
     "name": "Razvoj tržišta rada u partnerstvu sa dijasporom – Ključ (D4D)",
     "donor": "Government of Switzerland, UNDP and IOM in BiH – Diaspora for Development (D4D)",
     "starts_on": date(2026, 2, 1), "ends_on": date(2027, 7, 31),
     "targets": {"participants": 40, "women": 12, "youth": 25, "jobs": 10, "training_hours": 9600,
                 "diaspora_mentoring_hours": 240},
     "sites": [
         _site("sec", "S.E.C. d.o.o.", "Ključ", "employer", 44.5329, 16.7731),
         _site("kofix", "KOFIX d.o.o.", "Ključ", "employer", 44.5374, 16.7815),
         _site("caja", "ČAJA DRVOSTIL d.o.o.", "Ključ", "employer", 44.5268, 16.7702),
     ],
     "cohorts": [
         _cohort("kljuc-cnc-1", "CNC operateri – S.E.C., grupa 1", "sec", "cnc-operator", 9, "kljuc-workshop",
                 (0, 1, 3), "07:00", WORKSHOP_KINDS, ["trainer"], ["mentor"], [("mentor", 5)],
                 [("employed", "sec", "fixed_term", True), ("employed", "sec", "permanent", False)], exits=1,
                 long_name=(0, "Amra", LONG_FAMILY_NAME, "female")),
         _cohort("kljuc-cnc-2", "CNC operateri – ČAJA DRVOSTIL, grupa 1", "caja", "cnc-operator", 8,
                 "kljuc-workshop", (0, 2, 4), "07:00", WORKSHOP_KINDS, ["damir.kadic"], ["alma.begic"],
                 [("alma.begic", 4)], [("employed", "caja", "fixed_term", True)]),
         _cohort("kljuc-pvc-1", "PVC i Al stolarija – KOFIX, grupa 1", "kofix", "pvc-al-joinery", 8,
                 "kljuc-workshop", (1, 2, 4), "07:00", WORKSHOP_KINDS, ["nedzad.cehic"], ["senad.mujkic"],
                 [("senad.mujkic", 4)],
                 [("employed", "kofix", "fixed_term", True), ("employed", "kofix", "apprenticeship", False)],
                 exits=1),
         _cohort("kljuc-dsp-1", "Dispečeri – S.E.C., grupa 1", "sec", "dispatcher", 7, "kljuc-office",
                 (1, 3), "08:00", COURSE_KINDS, ["amela.salkic"], ["emir.softic"],
                 [("emir.softic", 3), ("mentor", 2)], [("employed", "sec", "fixed_term", True)]),
     ]},
    {"code": "izmir-mf", "prefix": "IZM", "locale": "tr",
     "name": "İzmir Büyükşehir Belediyesi Meslek Fabrikası – UNDP İş Birliği",
     "donor": "UNDP Türkiye and İzmir Büyükşehir Belediyesi",
     "starts_on": date(2026, 1, 15), "ends_on": date(2027, 12, 31),
     "targets": {"participants": 60, "women": 40, "youth": 55, "roma": 20, "jobs": 24, "training_hours": 14400},
     "sites": [
         _site("mf", "İzmir Büyükşehir Belediyesi Meslek Fabrikası", "İzmir", "training_centre", 38.4617, 27.2155),
         _site("ege", "Ege Hazır Giyim Ltd. Şti.", "Kemalpaşa", "employer", 38.4268, 27.4174),
         _site("gediz", "Gediz Metal İşleme A.Ş.", "Çiğli", "employer", 38.4940, 27.0688),
         _site("bayrakli", "Bayraklı Elektrik Tesisat Ltd. Şti.", "Bayraklı", "employer", 38.4622, 27.1640),
     ],
     "cohorts": [
         _cohort("izmir-cnc-1", "Geleceğini Kuran Genç Kadınlar – CNC operatörlüğü", "mf", "cnc-operator", 10,
                 "izmir-young-women", (0, 1, 2, 3), "09:30", COURSE_KINDS, ["ayse.yildiz"], ["elif.aksoy"],
                 [("elif.aksoy", 4)], [("employed", "gediz", "fixed_term", True)], exits=1),
         _cohort("izmir-sew-1", "Geleceğini Kuran Genç Kadınlar – Endüstriyel dikiş", "mf", "industrial-sewing", 10,
                 "izmir-young-women", (0, 2, 4), "09:30", COURSE_KINDS, ["fatma.celik"], ["elif.aksoy"],
                 [("elif.aksoy", 3)],
                 [("employed", "ege", "permanent", True),
                  ("self_employed", "Kendi dikiş atölyesi (Karşıyaka)", "other", False)]),
         _cohort("izmir-elk-1", "Roman Gençlerin İstihdamı – Elektrik tesisatı", "mf", "electrical-installation", 10,
                 "izmir-roma-youth", (1, 3, 4), "10:00", COURSE_KINDS, ["hasan.kaya"], ["serkan.erdem"],
                 [("serkan.erdem", 5)],
                 [("employed", "bayrakli", "apprenticeship", False),
                  ("further_training", "İzmir Mesleki Eğitim Merkezi (MESEM)", "other", True)], exits=2),
     ]},
    {"code": "jcn-nord", "prefix": "JCN", "locale": "sv",
     "name": "Jobb Centrum Nord",
     "donor": "EU (Interreg Nord) and the North Calotte Council",
     "starts_on": date(2026, 3, 1), "ends_on": date(2028, 2, 29),
     "targets": {"participants": 45, "women": 20, "youth": 20, "refugee": 18, "neet": 12,
                 "long_term_unemployed": 10, "jobs": 12, "mentoring_hours": 300, "training_hours": 3600},
     "sites": [
         _site("haparanda", "Arbetsmarknadsenheten Haparanda", "Haparanda", "training_centre", 65.8355, 24.1364),
         _site("tornio", "Tornion työllisyyspalvelut", "Tornio", "training_centre", 65.8481, 24.1466),
         _site("kiruna", "Kiruna kommun, äldreomsorgen", "Kiruna", "employer", 67.8558, 20.2253),
         _site("narvik", "Narvik kommune, voksenopplæringen", "Narvik", "training_centre", 68.4385, 17.4273),
     ],
     "cohorts": [
         _cohort("jcn-lager-1", "Lager och logistik – Haparanda", "haparanda", "warehouse-operative", 9,
                 "jcn-refugees", (0, 2, 3), "09:00", MENTORING_KINDS, ["johan.lantto"], ["rami.haddad"],
                 [("rami.haddad", 6)],
                 [("employed", "Haparanda Åkeri & Lager AB", "fixed_term", True),
                  ("further_training", "Komvux Haparanda – truckkort och lagerlogistik", "other", False)], exits=1),
         _cohort("jcn-care-1", "Vårdbiträde – Kiruna", "kiruna", "care-assistant", 9, "jcn-care",
                 (0, 1, 3), "08:30", MENTORING_KINDS, ["sara.lindqvist"], ["rami.haddad"], [("rami.haddad", 5)],
                 [("employed", "kiruna", "fixed_term", True), ("employed", "kiruna", "fixed_term", False)]),
         _cohort("jcn-neet-1", "Unga vuxna (NEET) – mobilitetsprogram Tornio–Haparanda–Narvik", "tornio",
                 "warehouse-operative", 9, "jcn-neet", (1, 2, 4), "10:00", MENTORING_KINDS, ["aino.korhonen"],
                 ["ingrid.solberg"], [("ingrid.solberg", 6)],
                 [("further_training", "Lapin ammattiopisto Lappia, Tornio", "other", True)], exits=1),
     ]},
]

#: the demo users; ``roles`` are (role, programme code); cohort assignments are in PROGRAMMES
STAFF = [
    {"username": "admin", "display_name": "Field Mentor Admin", "locale": "en",
     "roles": [("admin", "kljuc-d4d"), ("admin", "izmir-mf"), ("admin", "jcn-nord")]},
    {"username": "coordinator", "display_name": "Lejla Mehmedović", "locale": "en",
     "roles": [("coordinator", "kljuc-d4d"), ("coordinator", "izmir-mf")]},
    {"username": "trainer", "display_name": "Edin Alić", "locale": "bs", "roles": [("trainer", "kljuc-d4d")]},
    # diaspora mentor, CNC set-up fitter in Stuttgart
    {"username": "mentor", "diaspora": True, "display_name": "Mirza Hodžić", "locale": "de", "roles": [("mentor", "kljuc-d4d")]},
    {"username": "damir.kadic", "display_name": "Damir Kadić", "locale": "bs", "roles": [("trainer", "kljuc-d4d")]},
    {"username": "nedzad.cehic", "display_name": "Nedžad Ćehić", "locale": "bs", "roles": [("trainer", "kljuc-d4d")]},
    {"username": "amela.salkic", "display_name": "Amela Salkić", "locale": "bs", "roles": [("trainer", "kljuc-d4d")]},
    # diaspora mentors: window maker in Winterthur, CNC programmer in Vienna, logistics planner in Gothenburg
    {"username": "senad.mujkic", "diaspora": True, "display_name": "Senad Mujkić", "locale": "de", "roles": [("mentor", "kljuc-d4d")]},
    {"username": "alma.begic", "diaspora": True, "display_name": "Alma Begić", "locale": "de", "roles": [("mentor", "kljuc-d4d")]},
    {"username": "emir.softic", "diaspora": True, "display_name": "Emir Softić", "locale": "sv", "roles": [("mentor", "kljuc-d4d")]},
    {"username": "ayse.yildiz", "display_name": "Ayşe Yıldız", "locale": "tr", "roles": [("trainer", "izmir-mf")]},
    {"username": "fatma.celik", "display_name": "Fatma Çelik", "locale": "tr", "roles": [("trainer", "izmir-mf")]},
    {"username": "hasan.kaya", "display_name": "Hasan Kaya", "locale": "tr", "roles": [("trainer", "izmir-mf")]},
    {"username": "elif.aksoy", "display_name": "Elif Aksoy", "locale": "tr", "roles": [("mentor", "izmir-mf")]},
    # Roma community mediator
    {"username": "serkan.erdem", "display_name": "Serkan Erdem", "locale": "tr", "roles": [("mentor", "izmir-mf")]},
    {"username": "karin.nordin", "display_name": "Karin Nordin", "locale": "sv",
     "roles": [("coordinator", "jcn-nord")]},
    {"username": "johan.lantto", "display_name": "Johan Lantto", "locale": "sv", "roles": [("trainer", "jcn-nord")]},
    {"username": "sara.lindqvist", "display_name": "Sara Lindqvist", "locale": "sv",
     "roles": [("trainer", "jcn-nord")]},
    {"username": "aino.korhonen", "display_name": "Aino Korhonen", "locale": "fi", "roles": [("trainer", "jcn-nord")]},
    # came from Homs in 2015, now a job coach in Luleå; mentors in Arabic and Swedish
    {"username": "rami.haddad", "display_name": "Rami Haddad", "locale": "sv", "roles": [("mentor", "jcn-nord")]},
    {"username": "ingrid.solberg", "display_name": "Ingrid Solberg", "locale": "nb",
     "roles": [("mentor", "jcn-nord")]},
]
