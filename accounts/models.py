"""People who use VICTOR Seminars, the professional groups they belong to, and
the versioned privacy notice they agree to."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class ProfessionalGroup(models.Model):
    """A profession that seminars target and that quotas count (social workers,
    police, ...). Data, not code: coordinators add groups in the admin."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("professional group")
        verbose_name_plural = _("professional groups")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    """Users are found and created by email, compared without regard to case."""

    use_in_migrations = True

    def normalize_email(self, email: str | None) -> str:
        return (email or "").strip().lower()

    def get_by_natural_key(self, email: str):
        return self.get(email__iexact=email)

    def _create(self, email: str, password: str | None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Email is the login; coordinators are superusers."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    country = CountryField(_("country"), blank=True)
    professional_group = models.ForeignKey(
        ProfessionalGroup,
        verbose_name=_("professional group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("Coordinators only: lets the person use the Django admin."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")), name="accounts_user_email_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, *, now=None):
        return self.filter(expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """A person's key for programs that use the API (`Authorization: Token <key>`).

    One per person. Only a SHA-256 digest of the key is stored, so a copy of the
    database opens nothing; the key itself is shown once, when it is made. It
    expires after API_TOKEN_VALID_DAYS and is deleted when the password changes."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("beginning of the key"), max_length=8)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}…"

    @staticmethod
    def digest_of(key: str) -> str:
        # The key is 160 random bits: a fast hash is enough, nothing to guess.
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def build(cls, *, user: "User", key: str | None = None, now=None) -> tuple["ApiToken", str]:
        """An unsaved token for `user` and its key (a new random one unless given)."""
        key = key or secrets.token_hex(20)
        now = now or timezone.now()
        token = cls(
            user=user,
            digest=cls.digest_of(key),
            prefix=key[:6],
            created_at=now,
            expires_at=now + timedelta(days=settings.API_TOKEN_VALID_DAYS),
        )
        return token, key

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class PrivacyNoticeQuerySet(models.QuerySet):
    def in_force(self, *, now=None):
        return self.filter(published_at__lte=now or timezone.now())


class PrivacyNotice(models.Model):
    """One version of the privacy notice, with its text in every UI language.

    Coordinators edit it in the admin; a consent records the version agreed to,
    so a published version is never edited: publish a new one instead.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    published_at = models.DateTimeField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_("Leave empty while drafting. The newest version in force is shown."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PrivacyNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        get_latest_by = "version"
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notice versions")

    def __str__(self) -> str:
        return _("Privacy notice, version %(version)s") % {"version": self.version}

    def get_absolute_url(self) -> str:
        return reverse("privacy_notice")

    @classmethod
    def current(cls) -> "PrivacyNotice | None":
        return cls.objects.in_force().order_by("-version").first()


class PrivacyConsent(models.Model):
    """A person's agreement to one version of the privacy notice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_consents"
    )
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="consents")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    agreed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-agreed_at"]
        verbose_name = _("privacy consent")
        verbose_name_plural = _("privacy consents")
        constraints = [
            models.UniqueConstraint(fields=["user", "notice"], name="accounts_consent_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.user} / v{self.notice.version}"


class AuditEntry(models.Model):
    """Who did what to which object, and when: sensitive actions only
    (publication, approvals, check-ins, exports, erasures, certificates)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="audit_entries"
    )
    action = models.CharField(max_length=60)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=200)
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"
