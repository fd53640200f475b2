"""Public press pages: the list (/press/), a release (/press/<slug>/) and its files
outside the language prefix: the PDF (/press/<slug>/pdf/), the image
(/press/<slug>/image/) and the attachments (/press/<slug>/files/<pk>/); the
journalist's page that leaves the press list (/press/unsubscribe/<token>/).

Every lookup goes through press.selectors, which start from the public()/listed()
querysets: before its publish time a release is a 404 everywhere.
"""

import functools
import mimetypes
import os

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import Truncator
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from common.caching import cached_page
from common.files import private_file_response
from common.markdown import render_markdown
from events import cache as event_cache
from events.zones import organisation_zone
from press import cache, selectors
from press.models import PressListEntry, PressRelease, url_in_own_language
from press.pdf import pdf_for
from press.selectors import Facets, PressFilters

RELEASES_PER_PAGE = 20
DESCRIPTION_LENGTH = 300
# Open Graph wants language_TERRITORY; the project's languages in their home countries.
OPEN_GRAPH_LOCALES = {"en": "en_GB", "sl": "sl_SI", "el": "el_GR", "ro": "ro_RO"}


def _filter(label, invalid_choice, field=forms.ChoiceField, **kwargs) -> forms.Field:
    return field(label=label, required=False, error_messages={"invalid_choice": invalid_choice}, **kwargs)


class PressFilterForm(forms.Form):
    """Validates ?language=&organisation=<slug>&project=<slug>&year= . The choices are
    what listed releases have; a value outside them is an error, never a 500."""

    language = _filter(gettext_lazy("Language"), gettext_lazy("Choose a language from the list."))
    organisation = _filter(
        gettext_lazy("Organisation"), gettext_lazy("Choose an organisation from the list.")
    )
    project = _filter(gettext_lazy("Project"), gettext_lazy("Choose a project from the list."))
    year = _filter(
        gettext_lazy("Year"),
        gettext_lazy("Choose a year from the list."),
        forms.TypedChoiceField,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, facets: Facets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", gettext_lazy("All languages")),
            *((code, get_language_info(code)["name_translated"]) for code, _name in settings.LANGUAGES),
        ]
        self.fields["organisation"].choices = [("", gettext_lazy("All organisations")), *facets.organisations]
        self.fields["project"].choices = [("", gettext_lazy("All projects")), *facets.projects]
        self.fields["year"].choices = [
            ("", gettext_lazy("Any year")),
            *((str(y), str(y)) for y in facets.years),
        ]

    def filters(self) -> PressFilters:
        """The valid filters; an invalid value is dropped (the form shows its error)."""
        self.is_valid()
        return PressFilters(
            **{name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        )


@require_safe
@cached_page(cache.SCOPE, event_cache.SCOPE, fresh_until=cache.next_publication)
def release_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    form = PressFilterForm(request.GET, facets=selectors.listed_facets(now=now))
    filters = form.filters()
    releases = selectors.listed_releases(filters, now=now)
    page = Paginator(releases, RELEASES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "press/release_list.html",
        {"form": form, "page": page, "filters": filters, "query": query.urlencode()},
    )


@require_safe
@cached_page(cache.SCOPE, event_cache.SCOPE, fresh_until=cache.next_publication)
def release_detail(request: HttpRequest, slug: str) -> HttpResponse:
    now = timezone.now()
    release = selectors.public_release(slug, now=now)
    if release is None:
        raise Http404
    withdrawn = release.status == PressRelease.Status.WITHDRAWN
    translations = selectors.public_translations(release, now=now)
    for version in (release, *translations):
        version.page_path = url_in_own_language(version)
        version.page_url = request.build_absolute_uri(version.page_path)
        version.language_info = get_language_info(version.language)
    if withdrawn:
        description = _("This press release was withdrawn.")
    else:
        description = Truncator(release.lead).chars(DESCRIPTION_LENGTH)
    return render(
        request,
        "press/release_detail.html",
        {
            "release": release,
            "withdrawn": withdrawn,
            "translations": translations,
            "versions": sorted((release, *translations), key=lambda version: version.language),
            "canonical_url": release.page_url,
            "description": description,
            "open_graph_locale": OPEN_GRAPH_LOCALES.get(release.language, release.language),
            "body": "" if withdrawn else render_markdown(release.body),
            "image_url": (
                request.build_absolute_uri(reverse("press_image", kwargs={"slug": release.slug}))
                if release.image
                else ""
            ),
            "attachments": release.attachments.all(),
            "seminars": release.seminars.all(),
            # Asked (one query) only by a withdrawn or corrected release's date.
            "zone": functools.cache(functools.partial(organisation_zone, release.organisation)),
        },
    )


@require_safe
def release_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The PDF, under the same visibility rule as the page; rendered once per revision."""
    release = (
        PressRelease.objects.public()
        .select_related("organisation", "project", "contact")
        .filter(slug=slug)
        .order_by("publish_at", "pk")  # the page's release (selectors.public_release)
        .first()
    )
    if release is None:
        raise Http404
    response = HttpResponse(pdf_for(release), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{release.slug}.pdf")
    return response


@require_safe
def release_image(request: HttpRequest, slug: str) -> HttpResponse:
    """The release's image. Files of a release are private files: served to anyone
    while the release is listed (published, past its embargo, not withdrawn), else
    only to the people who may open it in the press area; a 404 for others
    (press.selectors.release_with_files, asked on every request)."""
    release, public = selectors.release_with_files(request.user, slug)
    if release is None or not release.image:
        raise Http404
    extension = os.path.splitext(release.image.name)[1].lower()
    return private_file_response(
        release.image,
        filename=f"{release.slug}{extension}",
        content_type=mimetypes.guess_type(release.image.name)[0] or "application/octet-stream",
        as_attachment=False,
        public=public,
    )


@require_safe
def release_attachment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An attachment (PDF, PNG or JPEG, checked by content on upload), under the
    same rule as the image."""
    release, public = selectors.release_with_files(request.user, slug)
    attachment = release.attachments.filter(pk=pk).first() if release is not None else None
    if attachment is None:
        raise Http404
    return private_file_response(
        attachment.file,
        filename=attachment.download_name,
        content_type=attachment.content_type,
        as_attachment=False,
        public=public,
    )


# The journalist's own page, linked from every advance copy: no login.


@csrf_exempt  # Mail clients' one-click unsubscribe (RFC 8058) posts without a CSRF token;
# the secret token in the address is the credential, and leaving the list is all it allows.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token) -> HttpResponse:
    """Confirm, then take the journalist off the press list. Doing it again changes nothing."""
    entry = get_object_or_404(PressListEntry.objects.select_related("organisation"), unsubscribe_token=token)
    if request.method == "POST":
        PressListEntry.objects.filter(pk=entry.pk, unsubscribed_at__isnull=True).update(
            unsubscribed_at=timezone.now()
        )
        done = True
    else:
        done = entry.unsubscribed_at is not None
    with translation.override(entry.language):
        response = render(request, "press/press_list/unsubscribe.html", {"entry": entry, "done": done})
    # The address holds the token: no Referer to anything the page links to.
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
