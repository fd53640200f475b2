"""Registrations for seminars: seats by professional group, waitlist, approval,
custom questions and their answers, and the check-in code and time of each."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.models import PrivacyNotice, ProfessionalGroup
from common.translations import in_answer_language
from events.models import Seminar


def new_check_in_code() -> str:
    """The code in a participant's check-in QR: 128 bits of randomness, no personal data."""
    return secrets.token_urlsafe(16)


class SeatQuota(models.Model):
    """The most seats one professional group may take in a seminar."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="quotas")
    group = models.ForeignKey(ProfessionalGroup, on_delete=models.PROTECT, related_name="quotas")
    seats = models.PositiveIntegerField(_("seats"))

    class Meta:
        ordering = ["group__position", "group__slug"]
        verbose_name = _("seat quota")
        verbose_name_plural = _("seat quotas")
        constraints = [
            models.UniqueConstraint(fields=["seminar", "group"], name="registrations_quota_once_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.seats}"


class Question(models.Model):
    """A custom question organisers ask when people register."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        YES_NO = "yes_no", _("Yes or no")

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("question"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=False)
    options = models.TextField(
        _("options"), blank=True, help_text=_("For choice questions: one option per line.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=["short_text", "long_text", "single_choice", "multiple_choice", "yes_no"]
                ),
                name="registrations_question_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        return in_answer_language(self, "label", self.seminar.language)

    @property
    def option_list(self) -> list[str]:
        """Options in the visitor's language; answers store their 1-based numbers."""
        return [
            line.strip()
            for line in in_answer_language(self, "options", self.seminar.language).splitlines()
            if line.strip()
        ]

    @property
    def has_options(self) -> bool:
        return self.kind in (self.Kind.SINGLE_CHOICE, self.Kind.MULTIPLE_CHOICE)


class RegistrationQuerySet(models.QuerySet):
    def holding_seats(self):
        """Confirmed registrations and open offers: the seats that are taken."""
        return self.filter(status__in=Registration.SEAT_HOLDING)

    def active(self):
        return self.exclude(status__in=Registration.ENDED)


class Registration(models.Model):
    """One person's place (or wish for a place) at one seminar.

    The professional details are copied from the profile at registration time,
    as the person stated them for this seminar. Walk-ins (people registered at
    the door by an organiser) have no account: their name and email are kept here.
    Erasure and the retention purge anonymise a registration (user, name, email,
    organisation, job title and answers go; group, country, status and attendance
    stay so that counts remain correct).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        OFFERED = "offered", _("Seat offered")
        REJECTED = "rejected", _("Not accepted")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Offer expired")

    SEAT_HOLDING = (Status.CONFIRMED, Status.OFFERED)
    ENDED = (Status.REJECTED, Status.CANCELLED, Status.EXPIRED)

    seminar = models.ForeignKey(Seminar, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    is_walk_in = models.BooleanField(_("registered at the door"), default=False)
    full_name = models.CharField(
        _("full name"),
        max_length=150,
        blank=True,
        help_text=_("Walk-ins only: people with an account use its name."),
    )
    email = models.EmailField(_("email address"), blank=True, help_text=_("Walk-ins only, optional."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    professional_group = models.ForeignKey(
        ProfessionalGroup,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("professional group"),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    country = CountryField(_("country"))
    privacy_notice = models.ForeignKey(
        PrivacyNotice, on_delete=models.PROTECT, null=True, related_name="registrations"
    )
    consented_at = models.DateTimeField(null=True)
    photo_consent = models.BooleanField(_("may appear in photos and press material"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_message = models.TextField(_("message to the participant"), max_length=2000, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    check_in_code = models.CharField(max_length=32, unique=True, default=new_check_in_code, editable=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["seminar", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["seminar", "user"],
                condition=~Q(status__in=["rejected", "cancelled", "expired"]),
                name="registrations_one_active_per_person",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "pending",
                        "confirmed",
                        "waitlisted",
                        "offered",
                        "rejected",
                        "cancelled",
                        "expired",
                    ]
                ),
                name="registrations_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="registrations_offer_has_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.seminar.slug}"

    @property
    def is_active(self) -> bool:
        return self.status not in self.ENDED

    @property
    def display_name(self) -> str:
        """The participant's name: the account's, a walk-in's, or a neutral label once anonymised."""
        if self.user_id is not None:
            return self.user.full_name
        return self.full_name or str(_("Anonymised participant"))

    @property
    def contact_email(self) -> str:
        """Where emails about this registration go ("" when nobody can be reached)."""
        if self.user_id is not None:
            return self.user.email
        return self.email


class Answer(models.Model):
    """A registrant's answer to a custom question: text, yes/no, or chosen option numbers."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True, max_length=4000)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["question__position", "question__pk"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "question"], name="registrations_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.display_value}"

    @property
    def display_value(self) -> str:
        if self.question.has_options:
            options = self.question.option_list
            return ", ".join(options[number - 1] for number in self.choices if 0 < number <= len(options))
        return self.text
