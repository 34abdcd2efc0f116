"""Demo reference content: name pools and who joins each kind of cohort.

Participants are pseudonymous demo people: names are drawn (with a fixed seed) from common
given and family names of the places the programmes work in, never real trainees.
"""

NAMES = {
    # Bosniak names, Ključ (Una-Sana Canton)
    "bs": {
        "female": ["Amra", "Lejla", "Emina", "Merima", "Dženana", "Aida", "Selma", "Belma", "Elma", "Amila",
                   "Ajla", "Adna", "Sanela", "Edina", "Mirela", "Azra"],
        "male": ["Amar", "Adnan", "Haris", "Kenan", "Almir", "Mirsad", "Nermin", "Jasmin", "Tarik", "Adis",
                 "Samir", "Emir", "Dino", "Harun", "Armin", "Elvir", "Enes", "Ermin", "Muhamed", "Salko"],
        "family": ["Hodžić", "Mujić", "Begić", "Alić", "Salihović", "Hadžić", "Delić", "Husić", "Omerović",
                   "Ramić", "Mehić", "Čaušević", "Duraković", "Kadić", "Sejdić", "Zukić", "Mahmutović",
                   "Hasanović", "Kurtović", "Muratović", "Ćehajić", "Džafić", "Bajrić", "Avdić"],
    },
    # Serb returnees to Ključ
    "sr": {
        "female": ["Milica", "Jelena", "Dragana", "Snježana", "Marija", "Gordana"],
        "male": ["Dragan", "Nenad", "Goran", "Milan", "Saša", "Dejan", "Zoran", "Boris"],
        "family": ["Kovačević", "Savić", "Marić", "Jovanović", "Đurić", "Vujić", "Stojanović", "Kecman", "Vukić"],
    },
    "tr": {
        "female": ["Ayşe", "Fatma", "Zeynep", "Elif", "Merve", "Büşra", "Esra", "Derya", "Kübra", "Gizem",
                   "Seda", "Özge", "Ceren", "Tuğba", "Hatice", "Emine", "Sibel", "Melike", "Şeyma", "Songül",
                   "Dilan", "Gamze", "İrem", "Yağmur"],
        "male": ["Mehmet", "Mustafa", "Emre", "Burak", "Serkan", "Hasan", "Hüseyin", "Ali", "Onur", "Cem",
                 "Murat", "Barış", "Eren", "Yusuf", "Berk", "Oğuz", "Kadir", "Volkan"],
        "family": ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
                   "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan",
                   "Şimşek", "Polat", "Korkmaz", "Güneş", "Tekin", "Acar"],
    },
    # Syrian Arabic names (refugees in İzmir and Norrbotten)
    "ar": {
        "female": ["Layla", "Rana", "Nour", "Huda", "Amal", "Fatima", "Maryam", "Rasha", "Aya", "Hiba",
                   "Dima", "Lina"],
        "male": ["Ahmad", "Mohammad", "Omar", "Khaled", "Yousef", "Hasan", "Ali", "Mahmoud", "Bilal", "Tarek",
                 "Samer", "Firas", "Ibrahim", "Anas"],
        "family": ["Al-Hassan", "Haddad", "Khalil", "Darwish", "Al-Ahmad", "Mansour", "Nasser", "Hamdan",
                   "Saleh", "Ibrahim", "Al-Khatib", "Sabbagh", "Othman", "Hamoud", "Kassem"],
    },
    # Somali and Eritrean names (refugees in Norrbotten)
    "so": {
        "female": ["Hodan", "Fadumo", "Sahra", "Ayaan", "Ifrah", "Hibaaq"],
        "male": ["Abdi", "Mohamed", "Abdirahman", "Liban", "Abdullahi", "Mahad"],
        "family": ["Farah", "Warsame", "Yusuf", "Hersi", "Jama", "Osman", "Abdi"],
    },
    "ti": {
        "female": ["Selam", "Helen", "Senait", "Luwam", "Saba"],
        "male": ["Tesfay", "Yonas", "Dawit", "Filmon", "Robel", "Mussie"],
        "family": ["Tesfamariam", "Gebremedhin", "Haile", "Kidane", "Tekle", "Ghebreyesus"],
    },
    "sv": {
        "female": ["Emma", "Linnea", "Elin", "Moa", "Ida", "Wilma", "Julia", "Ebba", "Hanna", "Matilda",
                   "Sara", "Lisa"],
        "male": ["Oskar", "Elias", "Lucas", "Hugo", "William", "Axel", "Viktor", "Filip", "Anton", "Erik",
                 "Mattias", "Niklas"],
        "family": ["Lindberg", "Johansson", "Nilsson", "Berg", "Lundström", "Eriksson", "Persson", "Lantto",
                   "Alatalo", "Wikström", "Öberg", "Holmgren", "Sundqvist", "Strömbäck", "Forsberg"],
    },
    "fi": {
        "female": ["Aino", "Emilia", "Venla", "Sanna", "Laura", "Johanna", "Henna"],
        "male": ["Juha", "Mikko", "Janne", "Teemu", "Ville", "Antti", "Eetu", "Joonas"],
        "family": ["Korhonen", "Virtanen", "Mäkinen", "Niemi", "Heikkinen", "Koskela", "Keskitalo", "Rantala",
                   "Hietala"],
    },
    "nb": {
        "female": ["Ingrid", "Nora", "Sofie", "Kari", "Silje", "Marte"],
        "male": ["Sander", "Jonas", "Magnus", "Henrik", "Eirik", "Sindre", "Håkon"],
        "family": ["Hansen", "Olsen", "Johansen", "Pedersen", "Nilsen", "Solberg", "Karlsen", "Eriksen"],
    },
}


def _kind(weight, names, female, ages, groups, extra=()):
    """One kind of participant: ``weight`` in the mix, name pool, share of women, age range,
    target groups every such person has, and ``(group, probability)`` ones some have."""
    return {"weight": weight, "names": names, "female": female, "ages": ages, "groups": list(groups),
            "extra": list(extra)}


#: who joins which cohort: the mixes behind each cohort's participants
PROFILES = {
    # Ključ: unemployed from the Employment Bureau Ključ; the project aims at younger people
    "kljuc-workshop": [
        _kind(6, "bs", 0.12, (18, 29), ["neet"], [("long_term_unemployed", 0.3)]),
        _kind(3, "bs", 0.15, (30, 52), ["long_term_unemployed"], [("returnee", 0.3), ("disability", 0.1)]),
        _kind(1, "sr", 0.15, (22, 48), ["returnee", "minority"], [("long_term_unemployed", 0.5)]),
    ],
    "kljuc-office": [
        _kind(6, "bs", 0.65, (19, 29), ["neet"], [("long_term_unemployed", 0.3)]),
        _kind(2, "bs", 0.5, (30, 45), ["long_term_unemployed"], [("idp", 0.2)]),
        _kind(1, "sr", 0.5, (24, 40), ["returnee", "minority"]),
    ],
    # İzmir, "Geleceğini Kuran Genç Kadınlar": young women, a few of them Syrian
    "izmir-young-women": [
        _kind(8, "tr", 1.0, (18, 29), ["neet"], [("long_term_unemployed", 0.2), ("disability", 0.05)]),
        _kind(1, "ar", 1.0, (19, 29), ["refugee"], [("neet", 0.6)]),
    ],
    # İzmir, "Roman Gençlerin İstihdamına Yönelik Yerel Model": Roma youth
    "izmir-roma-youth": [
        _kind(9, "tr", 0.3, (16, 27), ["roma", "neet"]),
        _kind(1, "tr", 0.3, (24, 29), ["roma", "long_term_unemployed"]),
    ],
    # Jobb Centrum Nord: newly arrived refugees and long-term unemployed
    "jcn-refugees": [
        _kind(5, "ar", 0.35, (20, 45), ["refugee"], [("long_term_unemployed", 0.3)]),
        _kind(1, "so", 0.4, (20, 40), ["refugee"], [("long_term_unemployed", 0.3)]),
        _kind(1, "ti", 0.3, (20, 35), ["refugee"]),
        _kind(2, "sv", 0.4, (35, 55), ["long_term_unemployed"], [("disability", 0.15)]),
    ],
    "jcn-care": [
        _kind(4, "ar", 0.8, (22, 45), ["refugee"]),
        _kind(1, "so", 0.85, (20, 40), ["refugee"], [("long_term_unemployed", 0.4)]),
        _kind(1, "ti", 0.75, (20, 40), ["refugee"]),
        _kind(2, "sv", 0.75, (30, 55), ["long_term_unemployed"]),
    ],
    # NEETs from both sides of the Torne river and Narvik, a few young refugees
    "jcn-neet": [
        _kind(4, "sv", 0.45, (16, 24), ["neet"]),
        _kind(3, "fi", 0.45, (16, 24), ["neet"]),
        _kind(1, "nb", 0.45, (17, 24), ["neet"]),
        _kind(2, "ar", 0.3, (17, 24), ["neet", "refugee"]),
    ],
}

#: share of participants who give neither female nor male
UNDISCLOSED_SHARE = 0.03
