"""Pages about one's own account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.forms import ProfileForm
from accounts.models import PrivacyNotice


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your profile has been saved."))
        with translation.override(user.preferred_language):
            return redirect("dashboard")
    return render(request, "accounts/profile_form.html", {"form": form}, status=400 if form.errors else 200)


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice in force, in the visitor's language (English where not translated)."""
    notice = PrivacyNotice.current()
    return render(request, "accounts/privacy_notice.html", {"notice": notice})
