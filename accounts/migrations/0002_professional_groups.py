"""The professional groups that seminars target, named in the four UI languages."""

from django.db import migrations

GROUPS = [
    ("social-workers", {
        "en": "Social workers", "sl": "Socialni delavci",
        "el": "Κοινωνικοί λειτουργοί", "ro": "Asistenți sociali"}),
    ("police", {
        "en": "Police and law enforcement", "sl": "Policija in organi pregona",
        "el": "Αστυνομία και διωκτικές αρχές", "ro": "Poliție și organe de aplicare a legii"}),
    ("ngo", {
        "en": "NGO representatives", "sl": "Predstavniki nevladnih organizacij",
        "el": "Εκπρόσωποι ΜΚΟ", "ro": "Reprezentanți ai ONG-urilor"}),
    ("national-experts", {
        "en": "National experts and public authorities", "sl": "Nacionalni strokovnjaki in javni organi",
        "el": "Εθνικοί εμπειρογνώμονες και δημόσιες αρχές", "ro": "Experți naționali și autorități publice"}),
    ("legal", {
        "en": "Judges, prosecutors and lawyers", "sl": "Sodniki, tožilci in odvetniki",
        "el": "Δικαστές, εισαγγελείς και δικηγόροι", "ro": "Judecători, procurori și avocați"}),
    ("health", {
        "en": "Health professionals", "sl": "Zdravstveni delavci",
        "el": "Επαγγελματίες υγείας", "ro": "Profesioniști din domeniul sănătății"}),
    ("education", {
        "en": "Education professionals", "sl": "Strokovni delavci v izobraževanju",
        "el": "Επαγγελματίες της εκπαίδευσης", "ro": "Profesioniști din educație"}),
    ("child-protection", {
        "en": "Child-protection and guardianship services", "sl": "Službe za zaščito otrok in skrbništvo",
        "el": "Υπηρεσίες προστασίας παιδιών και επιτροπείας", "ro": "Servicii de protecție a copilului și tutelă"}),
    ("labour-inspectors", {
        "en": "Labour inspectors", "sl": "Inšpektorji za delo",
        "el": "Επιθεωρητές εργασίας", "ro": "Inspectori de muncă"}),
    ("other", {
        "en": "Other", "sl": "Drugo", "el": "Άλλο", "ro": "Altele"}),
]


def create_groups(apps, schema_editor):
    ProfessionalGroup = apps.get_model("accounts", "ProfessionalGroup")
    for position, (slug, names) in enumerate(GROUPS, start=1):
        ProfessionalGroup.objects.update_or_create(
            slug=slug,
            defaults={
                "position": position * 10,
                "name": names["en"],
                **{f"name_{language}": name for language, name in names.items()},
            },
        )


def remove_groups(apps, schema_editor):
    ProfessionalGroup = apps.get_model("accounts", "ProfessionalGroup")
    ProfessionalGroup.objects.filter(slug__in=[slug for slug, _ in GROUPS], users__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_groups, remove_groups)]
