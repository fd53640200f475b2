"""Builders shared by the evaluation tests: a seminar that has ended, its attendees, a questionnaire."""

import io
import zipfile
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from evaluations.models import Question, Questionnaire
from tests.factories import RegistrationFactory, SeminarFactory, UserFactory


def past_seminar(**kwargs):
    starts = (timezone.now() - timedelta(days=3)).replace(hour=8, minute=0, second=0, microsecond=0)
    return SeminarFactory(starts_at=starts, ends_at=starts + timedelta(hours=8), **kwargs)


def attendee(seminar, **user_kwargs):
    """A confirmed registration, checked in at the door."""
    user = UserFactory(**user_kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return RegistrationFactory(seminar=seminar, user=user, checked_in_at=seminar.starts_at)


def questionnaire_with_questions(seminar, **kwargs) -> Questionnaire:
    """Rating (required), single choice (a knowledge question, option 2 correct), multiple choice, free text."""
    questionnaire = Questionnaire.objects.create(seminar=seminar, **kwargs)
    Question.objects.create(
        questionnaire=questionnaire, position=1, kind="rating", label_en="How useful was it?", required=True
    )
    Question.objects.create(
        questionnaire=questionnaire,
        position=2,
        kind="single_choice",
        label_en="Who refers a child victim?",
        label_sl="Kdo napoti otroka žrtev?",
        options_en="The police\nThe social worker\nNobody",
        options_sl="Policija\nSocialni delavec\nNihče",
        knowledge=True,
        correct_option=2,
    )
    Question.objects.create(
        questionnaire=questionnaire,
        position=3,
        kind="multiple_choice",
        label_en="Which sessions helped?",
        options_en="Law\nCases\nReferral",
    )
    Question.objects.create(
        questionnaire=questionnaire, position=4, kind="text", label_en="What would you change?"
    )
    return questionnaire


def answers_for(questionnaire, rating=4, single=2, multiple=(1, 3), text="More case studies"):
    by_kind = {question.kind: question.pk for question in questionnaire.questions.all()}
    return {
        str(by_kind["rating"]): str(rating),
        str(by_kind["single_choice"]): str(single),
        str(by_kind["multiple_choice"]): [str(number) for number in multiple],
        str(by_kind["text"]): text,
    }


def answer_sets(phase=None) -> list[dict]:
    """Every stored set of answers, published (Response) or still sealed in the pool,
    as {"phase": ..., question kind: {"rating"|"choices"|"text": value}}."""
    from evaluations import pool
    from evaluations.models import Answer, Question, Response, SealedResponse

    kinds = dict(Question.objects.values_list("pk", "kind"))
    sets = []
    for response in Response.objects.all():
        found = {"phase": response.phase}
        for answer in Answer.objects.filter(response=response):
            found[kinds[answer.question_id]] = {
                name: getattr(answer, name)
                for name in pool.ANSWER_FIELDS
                if getattr(answer, name) not in (None, [], "")
            }
        sets.append(found)
    for sealed in SealedResponse.objects.all():
        content = pool.unseal(
            questionnaire_id=sealed.questionnaire_id, phase=sealed.phase, sealed=sealed.sealed
        )
        sets.append(
            {"phase": sealed.phase, **{kinds[key]: value for key, value in content["answers"].items()}}
        )
    return [found for found in sets if phase is None or found["phase"] == phase]


# Hostile archives (zip bombs) for the upload checks; made in memory, never unpacked.

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def zip_bomb(megabytes: int = 200) -> bytes:
    """An .odt-looking archive whose `mimetype` entry unpacks to `megabytes` MB of
    zeros (about a thousandth of that packed), written in chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("mimetype", "w", force_zip64=False) as entry:
            entry.write(ODT_MIMETYPE)
            chunk = bytes(1024 * 1024)
            for _ in range(megabytes):
                entry.write(chunk)
        archive.writestr("content.xml", b"<office/>")
    return buffer.getvalue()


def zip_with_understated_size(megabytes: int = 20) -> bytes:
    """Like zip_bomb, but the directory says the `mimetype` entry unpacks to 60 bytes."""
    content = bytearray(zip_bomb(megabytes))
    end = content.rindex(b"PK\x05\x06")
    header = int.from_bytes(content[end + 16 : end + 20], "little")  # the directory's first entry
    assert content[header : header + 4] == b"PK\x01\x02"
    content[header + 24 : header + 28] = (60).to_bytes(4, "little")  # uncompressed size
    return bytes(content)


def zip_with_many_entries(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODT_MIMETYPE)
        for number in range(count):
            archive.writestr(f"p/{number}", b"")
    return buffer.getvalue()


DOCX_CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def docx_bomb(megabytes: int = 100) -> bytes:
    """A .docx of about 100 KB whose `word/document.xml` unpacks to `megabytes` MB
    (paragraphs of a megabyte of spaces each pack about 1000:1), written in chunks."""
    start, end = b"<w:p><w:r><w:t>", b"</w:t></w:r></w:p>"
    chunk = start + b" " * (1024 * 1024 - len(start) - len(end)) + end
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=False) as entry:
            for _ in range(megabytes):
                entry.write(chunk)
    return buffer.getvalue()


def docx_understating(megabytes: int = 100) -> bytes:
    """docx_bomb, but the directory says `word/document.xml` unpacks to 60 bytes:
    every declared size passes the checks, only unpacking shows the truth."""
    content = bytearray(docx_bomb(megabytes))
    directory = int.from_bytes(content[content.rindex(b"PK\x05\x06") + 16 :][:4], "little")
    at = content.index(b"PK\x01\x02", directory)
    at = content.index(b"PK\x01\x02", at + 4)  # the second entry: word/document.xml
    name_length = int.from_bytes(content[at + 28 : at + 30], "little")
    assert content[at + 46 : at + 46 + name_length] == b"word/document.xml"
    content[at + 24 : at + 28] = (60).to_bytes(4, "little")  # uncompressed size
    return bytes(content)


def docx_of(xml_megabytes: float, *, gap: int = 0, image_bytes: int = 0) -> bytes:
    """A .docx as Word makes them: deflated XML parts of `xml_megabytes` MB (prose,
    packing about 6:1; or, with `gap`, markup with a number every `gap` bytes, which
    packs tighter the larger the gap) and a stored photo of `image_bytes` (noise,
    which does not pack at all)."""
    import random

    rng = random.Random(18)
    words = b"the of and to in a seminar police training victims support rights court officer".split()
    body = bytearray()
    while len(body) < xml_megabytes * 1024 * 1024:
        if gap:
            body += b"<w:t/>" * (gap // 6) + str(rng.randint(0, 10**6)).encode()
        else:
            body += (
                b"<w:p><w:r><w:t>" + b" ".join(rng.choice(words) for _ in range(30)) + b"</w:t></w:r></w:p>"
            )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        archive.writestr(
            "word/styles.xml", b"<w:styles>" + b'<w:style w:type="paragraph"/>' * 200 + b"</w:styles>"
        )
        archive.writestr("word/document.xml", bytes(body))
        if image_bytes:
            archive.writestr("word/media/image1.png", rng.randbytes(image_bytes), zipfile.ZIP_STORED)
    return buffer.getvalue()
