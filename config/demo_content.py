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
