"""Texts of the demo data set (see `manage.py seed_demo`).

The VICTOR facts come from the project's press release of 30 January 2014,
retold in our own words.
"""

ORGANISATIONS = [
    {
        "slug": "smile-of-the-child",
        "name": "The Smile of the Child",
        "short_name": "Smile of the Child",
        "country": "GR",
        "website": "https://www.hamogelo.gr",
    },
    {
        "slug": "drustvo-kljuc",
        "name": "Društvo Ključ",
        "short_name": "Ključ",
        "country": "SI",
        "website": "",
    },
    {
        "slug": "demo-child-protection-ro",
        "name": "Asociația Demo pentru Protecția Copilului",
        "short_name": "ADPC (demo)",
        "country": "RO",
        "website": "",
    },
]

PROJECT = {
    "acronym": "VICTOR",
    "slug": "victor",
    "name": "VICTOR: Victims of Child Trafficking, Our Responsibility",
    "funder": "European Union",
    "coordinator": "The Smile of the Child",
    "partners": ["Društvo Ključ", "Asociația Demo pentru Protecția Copilului"],
    "description": (
        "An EU-funded project that strengthens the ability of professionals to recognise and "
        "protect children who are, or may become, victims of trafficking. Coordinated by the "
        "Greek organisation The Smile of the Child, it brings together NGOs, public authorities "
        "and international organisations from eight countries of Southeastern Europe.\n\n"
        "Its first training seminar took place in Ljubljana on 30 January 2014, hosted by the "
        "Slovenian partner Društvo Ključ, for national experts, social workers and NGO staff. "
        "It covered the national and international legal framework on trafficking in human "
        "beings, child marriage and the labour and sexual exploitation of children, with "
        "particular attention to early marriage in Roma communities and discrimination against "
        "Roma children. Case studies worked through by mixed groups of professionals helped "
        "participants compare how they identify possible victims at home and across borders. "
        "Similar seminars follow in Greece and Romania."
    ),
    "translations": {
        "description_sl": (
            "Projekt, ki ga financira EU, krepi zmožnost strokovnjakov, da prepoznajo in zaščitijo "
            "otroke, ki so ali bi lahko postali žrtve trgovine z ljudmi. Koordinira ga grška "
            "organizacija The Smile of the Child, povezuje pa nevladne organizacije, javne organe "
            "in mednarodne organizacije iz osmih držav jugovzhodne Evrope.\n\n"
            "Prvi izobraževalni seminar je potekal 30. januarja 2014 v Ljubljani, gostil ga je "
            "slovenski partner Društvo Ključ. Podobni seminarji sledijo v Grčiji in Romuniji."
        ),
        "description_el": (
            "Ένα έργο χρηματοδοτούμενο από την ΕΕ που ενισχύει την ικανότητα των επαγγελματιών να "
            "αναγνωρίζουν και να προστατεύουν παιδιά που είναι ή μπορεί να γίνουν θύματα "
            "εμπορίας ανθρώπων. Συντονίζεται από τον οργανισμό «Το Χαμόγελο του Παιδιού» και "
            "ενώνει ΜΚΟ, δημόσιες αρχές και διεθνείς οργανισμούς από οκτώ χώρες της "
            "Νοτιοανατολικής Ευρώπης.\n\n"
            "Το πρώτο εκπαιδευτικό σεμινάριο έγινε στη Λιουμπλιάνα στις 30 Ιανουαρίου 2014, με "
            "οικοδεσπότη τον σλοβενικό εταίρο Društvo Ključ. Ανάλογα σεμινάρια ακολουθούν στην "
            "Ελλάδα και στη Ρουμανία."
        ),
        "description_ro": (
            "Un proiect finanțat de UE care întărește capacitatea profesioniștilor de a recunoaște "
            "și de a proteja copiii care sunt sau ar putea deveni victime ale traficului de "
            "persoane. Este coordonat de organizația greacă The Smile of the Child și reunește "
            "ONG-uri, autorități publice și organizații internaționale din opt țări din sud-estul "
            "Europei.\n\n"
            "Primul seminar de formare a avut loc la Ljubljana, pe 30 ianuarie 2014, găzduit de "
            "partenerul sloven Društvo Ključ. Seminarii similare urmează în Grecia și România."
        ),
    },
}

PRIVACY_NOTICE = {
    "version": 1,
    "title": "Privacy notice",
    "title_en": "Privacy notice",
    "title_sl": "Obvestilo o zasebnosti",
    "title_el": "Ενημέρωση για την προστασία προσωπικών δεδομένων",
    "title_ro": "Notă de informare privind confidențialitatea",
    "body_en": """\
VICTOR Seminars is used by the host organisations of training seminars to register participants and issue attendance certificates.

## What we keep
- your name, email address, organisation, job title, country, professional group and preferred language;
- your registrations, attendance and the certificates issued to you.

## Why
To run the seminars you register for, to send you the confirmations and materials, to issue and verify your certificates, and to report anonymous totals to the funders.

## Who sees it
Only the organisers of the seminars you register for, and the project coordinators. We never publish participant lists.

## Your rights
You can see and correct your data on your account page, and ask the project coordinators at any time for a copy of it or for its erasure. Issued certificates keep your name and the seminar facts so that they can still be verified, for the retention period stated on them.
""",
    "body_sl": """\
VICTOR Seminars uporabljajo organizacije gostiteljice izobraževalnih seminarjev za prijavo udeležencev in izdajo potrdil o udeležbi.

## Katere podatke hranimo
- vaše ime, e-poštni naslov, organizacijo, delovno mesto, državo, poklicno skupino in želeni jezik;
- vaše prijave, udeležbo in izdana potrdila.

## Zakaj
Da izvedemo seminarje, na katere se prijavite, vam pošljemo potrditve in gradiva, izdamo in preverimo vaša potrdila ter financerjem poročamo anonimne skupne podatke.

## Kdo jih vidi
Samo organizatorji seminarjev, na katere se prijavite, in koordinatorji projekta. Seznamov udeležencev nikoli ne objavimo.

## Vaše pravice
Svoje podatke lahko vidite in popravite na strani svojega računa, koordinatorje projekta pa lahko kadar koli zaprosite za njihovo kopijo ali izbris. Izdana potrdila ohranijo vaše ime in podatke o seminarju, da jih je mogoče preveriti, za obdobje hrambe, navedeno na njih.
""",
    "body_el": """\
Το VICTOR Seminars χρησιμοποιείται από τους φορείς που διοργανώνουν εκπαιδευτικά σεμινάρια για την εγγραφή συμμετεχόντων και την έκδοση βεβαιώσεων παρακολούθησης.

## Τι κρατάμε
- το ονοματεπώνυμό σας, τη διεύθυνση email, τον φορέα, τη θέση εργασίας, τη χώρα, την επαγγελματική ομάδα και τη γλώσσα προτίμησης·
- τις εγγραφές σας, την παρουσία σας και τις βεβαιώσεις που σας εκδόθηκαν.

## Γιατί
Για τη διεξαγωγή των σεμιναρίων στα οποία εγγράφεστε, την αποστολή επιβεβαιώσεων και υλικού, την έκδοση και επαλήθευση των βεβαιώσεών σας και την αναφορά ανώνυμων συνόλων στους χρηματοδότες.

## Ποιος τα βλέπει
Μόνο οι διοργανωτές των σεμιναρίων στα οποία εγγράφεστε και οι συντονιστές του έργου. Δεν δημοσιεύουμε ποτέ λίστες συμμετεχόντων.

## Τα δικαιώματά σας
Μπορείτε να δείτε και να διορθώσετε τα δεδομένα σας στη σελίδα του λογαριασμού σας και να ζητήσετε οποιαδήποτε στιγμή από τους συντονιστές του έργου αντίγραφο ή διαγραφή τους. Οι βεβαιώσεις που έχουν εκδοθεί διατηρούν το όνομά σας και τα στοιχεία του σεμιναρίου, ώστε να μπορούν να επαληθευτούν, για το διάστημα διατήρησης που αναγράφεται σε αυτές.
""",
    "body_ro": """\
VICTOR Seminars este folosit de organizațiile gazdă ale seminarelor de formare pentru înscrierea participanților și eliberarea certificatelor de participare.

## Ce păstrăm
- numele, adresa de e-mail, organizația, funcția, țara, grupul profesional și limba preferată;
- înscrierile, prezența și certificatele eliberate pentru dumneavoastră.

## De ce
Pentru a organiza seminarele la care vă înscrieți, a vă trimite confirmări și materiale, a elibera și verifica certificatele și a raporta finanțatorilor totaluri anonime.

## Cine le vede
Doar organizatorii seminarelor la care vă înscrieți și coordonatorii proiectului. Nu publicăm niciodată liste de participanți.

## Drepturile dumneavoastră
Vă puteți vedea și corecta datele în pagina contului și puteți cere oricând coordonatorilor proiectului o copie a lor sau ștergerea lor. Certificatele eliberate păstrează numele dumneavoastră și datele seminarului, pentru a putea fi verificate, pe durata de păstrare menționată pe ele.
""",
}

VENUES = [
    {
        "organisation": "Društvo Ključ",
        "name": "Ljubljana training centre",
        "address": "Trubarjeva cesta 10",
        "city": "Ljubljana",
        "country": "SI",
        "time_zone": "Europe/Ljubljana",
    },
    {
        "organisation": "The Smile of the Child",
        "name": "Athens conference hall",
        "address": "Syngrou Avenue 50",
        "city": "Athens",
        "country": "GR",
        "time_zone": "Europe/Athens",
    },
    {
        "organisation": "Asociația Demo pentru Protecția Copilului",
        "name": "Bucharest training rooms",
        "address": "Strada Academiei 14",
        "city": "Bucharest",
        "country": "RO",
        "time_zone": "Europe/Bucharest",
    },
]

TRAINERS = [
    {
        "organisation": "Društvo Ključ",
        "name": "Katja Zupan",
        "affiliation": "Društvo Ključ",
        "bio_en": "Coordinates assistance to victims of trafficking in Slovenia.",
    },
    {
        "organisation": "Društvo Ključ",
        "name": "Marko Horvat",
        "affiliation": "Faculty of Law, University of Ljubljana",
        "bio_en": "Teaches criminal law and the law on trafficking in human beings.",
    },
    {
        "organisation": "The Smile of the Child",
        "name": "Nikos Andreou",
        "affiliation": "The Smile of the Child",
        "bio_en": "Child-protection psychologist; leads the national helpline team.",
    },
    {
        "organisation": "The Smile of the Child",
        "name": "Sofia Dimitriou",
        "affiliation": "Hellenic Police",
        "bio_en": "Investigator in the anti-trafficking unit.",
    },
    {
        "organisation": "Asociația Demo pentru Protecția Copilului",
        "name": "Andrei Ionescu",
        "affiliation": "Asociația Demo pentru Protecția Copilului",
        "bio_en": "Social worker and trainer on the identification of child victims.",
    },
]

# Dates: a fixed date for the seminar that happened, days from today for the
# ones still to come (so the demo always has upcoming seminars).
SEMINARS = [
    {
        "slug": "ljubljana-2014-identification-of-child-victims",
        "organisation": "Društvo Ključ",
        "venue": "Ljubljana training centre",
        "format": "in_person",
        "language": "sl",
        "date": "2014-01-30",
        "start": "09:00",
        "end": "17:00",
        "capacity": 35,
        "groups": ["national-experts", "social-workers", "ngo"],
        "title_en": "Identifying children who are victims of trafficking",
        "title_sl": "Prepoznavanje otrok, žrtev trgovine z ljudmi",
        "summary_en": "A one-day training for national experts, social workers and NGO staff in Slovenia.",
        "summary_sl": "Enodnevno usposabljanje za nacionalne strokovnjake, socialne delavce in nevladne organizacije.",
        "description_en": (
            "The first VICTOR training seminar. Participants looked at the national and international legal "
            "framework on trafficking in human beings, and at child marriage and the labour and sexual "
            "exploitation of children, with a focus on early marriage in Roma communities and discrimination "
            "against Roma children.\n\nIn mixed groups, social workers, experts and NGO staff worked through "
            "case studies and compared how they identify possible victims at home and across borders."
        ),
        "sessions": [
            (
                "09:00",
                "10:30",
                "The legal framework on trafficking in human beings",
                "Pravni okvir trgovine z ljudmi",
                ["Marko Horvat"],
            ),
            (
                "11:00",
                "12:30",
                "Child marriage and the exploitation of children",
                "Otroške poroke in izkoriščanje otrok",
                ["Katja Zupan"],
            ),
            (
                "13:30",
                "17:00",
                "Case studies: identifying possible victims",
                "Študije primerov: prepoznavanje morebitnih žrtev",
                ["Katja Zupan", "Marko Horvat"],
            ),
        ],
    },
    {
        "slug": "athens-identification-and-referral",
        "organisation": "The Smile of the Child",
        "venue": "Athens conference hall",
        "format": "hybrid",
        "join_url": "https://meet.example.org/victor-athens",
        "language": "el",
        "days_from_today": 45,
        "start": "09:30",
        "end": "16:30",
        "capacity": 40,
        "groups": ["police", "social-workers", "child-protection", "legal"],
        "title_en": "Identification and referral of child victims of trafficking",
        "title_el": "Αναγνώριση και παραπομπή παιδιών θυμάτων εμπορίας ανθρώπων",
        "summary_en": "A training in Athens, also followed online, for police, social workers and guardians.",
        "summary_el": "Εκπαίδευση στην Αθήνα, με δυνατότητα διαδικτυακής παρακολούθησης.",
        "description_en": "Indicators of trafficking, interviewing children, and referral to protection services.",
        "description_el": "Ενδείξεις εμπορίας, συνέντευξη με παιδιά και παραπομπή σε υπηρεσίες προστασίας.",
        "sessions": [
            (
                "09:30",
                "11:00",
                "Indicators of child trafficking",
                "Ενδείξεις εμπορίας παιδιών",
                ["Sofia Dimitriou"],
            ),
            (
                "11:30",
                "13:00",
                "Talking with children at risk",
                "Συνομιλία με παιδιά σε κίνδυνο",
                ["Nikos Andreou"],
            ),
            (
                "14:00",
                "16:30",
                "Referral and cross-border cooperation",
                "Παραπομπή και διασυνοριακή συνεργασία",
                ["Sofia Dimitriou", "Nikos Andreou"],
            ),
        ],
    },
    {
        "slug": "bucharest-identification-of-child-victims",
        "organisation": "Asociația Demo pentru Protecția Copilului",
        "venue": "Bucharest training rooms",
        "format": "in_person",
        "language": "ro",
        "days_from_today": 75,
        "start": "10:00",
        "end": "17:00",
        "capacity": 30,
        "requires_approval": True,
        "groups": ["social-workers", "police", "education", "health"],
        "title_en": "Identifying child victims of trafficking in Romania",
        "title_ro": "Identificarea copiilor victime ale traficului de persoane în România",
        "summary_en": "For professionals likely to meet vulnerable children: social workers, police, teachers, doctors.",
        "summary_ro": "Pentru profesioniștii care pot întâlni copii vulnerabili.",
        "description_en": "Legal framework, indicators, and practical referral paths in Romania.",
        "description_ro": "Cadrul legal, indicatori și căi practice de referire în România.",
        "sessions": [
            (
                "10:00",
                "12:00",
                "Legal framework and indicators",
                "Cadrul legal și indicatori",
                ["Andrei Ionescu"],
            ),
            ("13:00", "17:00", "Working through cases together", "Studii de caz în grup", ["Andrei Ionescu"]),
        ],
    },
]

PRESS_CONTACT = {
    "organisation": "The Smile of the Child",
    "office_name": "Press & Communication Office, The Smile of the Child",
    "phone": "+30 210 330 6140",
    "email": "press@smile-of-the-child.example",
    "website": "https://www.hamogelo.gr",
}

# The release the project grew from, retold: English original and Slovenian translation.
PRESS_RELEASES = [
    {
        "slug": "ljubljana-training-seminar-child-trafficking-2014",
        "language": "en",
        "headline": "Training seminar in Ljubljana focuses on child trafficking",
        "subtitle": "VICTOR helps professionals identify and protect children who are victims of trafficking",
        "dateline_city": "Ljubljana",
        "dateline_date": "2014-01-30",
        "publish_at": "2014-01-30T15:00:00+01:00",
        "lead": (
            "Social workers, national experts and NGO representatives from Slovenia met in Ljubljana on "
            "30 January for a training seminar on identifying children who are, or may become, victims of "
            "trafficking."
        ),
        "body": (
            "The seminar set out to improve how children at risk are identified, by training the national "
            "stakeholders and professionals most likely to meet vulnerable groups of children. It paid "
            "particular attention to early marriage in Roma communities, to discrimination against Roma "
            "children, and to the lack of public action for Roma integration.\n\n"
            "Participants studied the national and international legal framework on trafficking in human "
            "beings and looked at specific forms of it, such as child marriage and the labour and sexual "
            "exploitation of children. Working through case studies in mixed groups, they compared practices "
            "and techniques for identifying possible victims at home and across borders.\n\n"
            "The seminar was part of the EU-funded project *VICTOR: Victims of Child Trafficking, Our "
            "Responsibility*, hosted by the Slovenian partner NGO Društvo Ključ. The project is coordinated by "
            "the Greek organisation The Smile of the Child with NGOs, public authorities and international "
            "organisations from eight countries of Southeastern Europe. Similar trainings follow in Greece "
            "and Romania."
        ),
    },
    {
        "slug": "ljubljana-izobrazevalni-seminar-trgovina-z-otroki-2014",
        "language": "sl",
        "headline": "Izobraževalni seminar v Ljubljani o trgovini z otroki",
        "subtitle": "Projekt VICTOR strokovnjakom pomaga prepoznati in zaščititi otroke, žrtve trgovine z ljudmi",
        "dateline_city": "Ljubljana",
        "dateline_date": "2014-01-30",
        "publish_at": "2014-01-30T15:00:00+01:00",
        "lead": (
            "Socialni delavci, nacionalni strokovnjaki in predstavniki nevladnih organizacij iz Slovenije so se "
            "30. januarja v Ljubljani udeležili seminarja o prepoznavanju otrok, ki so ali bi lahko postali "
            "žrtve trgovine z ljudmi."
        ),
        "body": (
            "Namen seminarja je bil izboljšati prepoznavanje ogroženih otrok z usposabljanjem strokovnjakov, "
            "ki se najpogosteje srečujejo z ranljivimi skupinami otrok. Posebna pozornost je bila namenjena "
            "zgodnjim porokam v romskih skupnostih in diskriminaciji romskih otrok.\n\n"
            "Udeleženci so spoznali nacionalni in mednarodni pravni okvir ter ob študijah primerov primerjali "
            "prakse prepoznavanja morebitnih žrtev doma in čez mejo.\n\n"
            "Seminar je del projekta *VICTOR*, ki ga financira EU in ga koordinira grška organizacija The Smile "
            "of the Child; gostil ga je slovenski partner Društvo Ključ. Podobna usposabljanja sledijo v Grčiji "
            "in Romuniji."
        ),
    },
]

# The Ljubljana seminar of 30 January 2014 as it happened: people registered at
# the door (fictional), all present; their evaluation answers (rating, comment).
PAST_SEMINAR = "ljubljana-2014-identification-of-child-victims"
PAST_ATTENDEES = [
    ("Mojca Kranjc", "national-experts", "SI", "Ministry of the Interior"),
    ("Tomaž Zupančič", "national-experts", "SI", "Office for Equal Opportunities"),
    ("Špela Vidmar", "social-workers", "SI", "Centre for Social Work Ljubljana"),
    ("Nina Golob", "social-workers", "SI", "Centre for Social Work Maribor"),
    ("Jure Kos", "social-workers", "SI", "Centre for Social Work Celje"),
    ("Katja Žagar", "ngo", "SI", "Društvo Ključ"),
    ("Luka Mlakar", "ngo", "SI", "Slovene Philanthropy"),
    ("Petra Turk", "ngo", "HR", "Centre for Missing and Exploited Children"),
    ("Andrej Potočnik", "social-workers", "SI", "Centre for Social Work Koper"),
]
PAST_EVALUATION = {
    "rating_en": "How useful was the seminar for your work?",
    "rating_sl": "Kako koristen je bil seminar za vaše delo?",
    "text_en": "What would you like to learn more about?",
    "text_sl": "O čem bi želeli izvedeti več?",
    "answers": [
        (5, "Cross-border referral of child victims"),
        (5, ""),
        (4, "More case studies from Roma communities"),
        (4, ""),
        (5, "How to interview a child safely"),
        (3, ""),
        (4, ""),
        (5, "Cooperation with the police"),
        (4, ""),
        (5, ""),
    ],
}
