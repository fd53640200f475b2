"""Forms of the organiser's registrations pages: filters, decisions, seats and
quotas, custom questions. They validate input; the services apply the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import ProfessionalGroup
from common.forms import IdChoiceField, language_name
from common.translations import translated_columns
from events.forms import LANGUAGE_CODES
from events.models import Seminar
from registrations.models import Question, Registration

# A seminar room, not a stadium; also keeps numbers inside the database's integer range.
MOST_SEATS = 10_000


class RegistrationFilterForm(forms.Form):
    """The list's filters (GET): by status and by professional group."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Registration.Status.choices],
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )
    group = forms.ModelChoiceField(
        label=_("Professional group"),
        required=False,
        queryset=ProfessionalGroup.objects.all(),
        to_field_name="slug",
        empty_label=_("All groups"),
        error_messages={"invalid_choice": _("Choose a professional group from the list.")},
    )


class DecisionForm(forms.Form):
    """Approve or reject the registrations ticked in the list, with an optional message."""

    APPROVE, REJECT = "approve", "reject"

    registrations = IdChoiceField(
        label=_("Registrations"),
        queryset=Registration.objects.none(),
        error_messages={
            "required": _("Select at least one registration."),
            "invalid_choice": _(
                "A selected registration is no longer active or belongs to another seminar. "
                "Reload the page and try again."
            ),
            "invalid_pk_value": _("Select registrations from the list."),
        },
    )
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))],
        error_messages={
            "required": _("Choose “Approve” or “Reject”."),
            "invalid_choice": _("Choose “Approve” or “Reject”."),
        },
    )
    message = forms.CharField(
        label=_("Message to the participants (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Added to the email each selected person receives about your decision."),
    )

    def __init__(self, *args, seminar: Seminar, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = Registration.objects.filter(seminar=seminar).active()


class SeatsForm(forms.Form):
    """The seminar's capacity and the most seats each professional group may take.
    An empty group field means the group has no quota of its own."""

    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=MOST_SEATS,
        help_text=_("All seats of the seminar. It cannot be lower than the seats already taken."),
    )

    def __init__(
        self, *args, seminar: Seminar, groups: list[ProfessionalGroup], quotas: dict[int, int], **kwargs
    ):
        """`quotas`: the current seats by group id."""
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.current = quotas
        self.initial.setdefault("capacity", seminar.capacity)
        for group in groups:
            name = self.field_name(group)
            self.fields[name] = forms.IntegerField(
                label=group.name,
                required=False,
                min_value=0,
                max_value=MOST_SEATS,
                widget=forms.NumberInput(attrs={"min": 0}),
            )
            self.initial.setdefault(name, self.current.get(group.pk))
        self.fields["capacity"].widget.attrs["min"] = 1

    @staticmethod
    def field_name(group: ProfessionalGroup) -> str:
        return f"group_{group.pk}"

    def quota_fields(self):
        return [self[self.field_name(group)] for group in self.groups]

    def clean(self):
        cleaned = super().clean()
        capacity = cleaned.get("capacity")
        for group in self.groups:
            seats = cleaned.get(self.field_name(group))
            if capacity is not None and seats is not None and seats > capacity:
                self.add_error(
                    self.field_name(group), _("A group cannot have more seats than the whole seminar.")
                )
        return cleaned

    def quotas(self) -> dict[int, int]:
        """Seats by group id, for the groups that have a quota."""
        return {
            group.pk: self.cleaned_data[self.field_name(group)]
            for group in self.groups
            if self.cleaned_data.get(self.field_name(group)) is not None
        }

    def removed_quotas(self) -> list[int]:
        """Ids of the groups whose quota was emptied."""
        return [
            group.pk
            for group in self.groups
            if group.pk in self.current and self.cleaned_data.get(self.field_name(group)) is None
        ]


def option_lines(text: str | None) -> list[str]:
    """The options of a choice question: one per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(forms.ModelForm):
    """One custom question, worded in each language. Answers to choice questions
    store option numbers, so every language lists the same options in the same order."""

    class Meta:
        model = Question
        fields = [
            *translated_columns("label"),
            "kind",
            "required",
            *translated_columns("options"),
            "position",
        ]
        widgets = {"position": forms.NumberInput(attrs={"min": 0})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in LANGUAGE_CODES:
            label, options = self.fields[f"label_{code}"], self.fields[f"options_{code}"]
            label.label = format_lazy("{} ({})", _("Question"), language_name(code))
            options.label = format_lazy("{} ({})", _("Options"), language_name(code))
            options.help_text = _("For choice questions: one option per line.")
            label.widget.attrs["lang"] = options.widget.attrs["lang"] = code
            options.widget.attrs["rows"] = 4
        self.fields["kind"].label = _("Kind of answer")
        self.fields["required"].label = _("An answer is required")
        self.fields["position"].label = _("Position")
        self.fields["position"].help_text = _("Questions are asked from the lowest number up.")

    @property
    def answer_count(self) -> int:
        return getattr(self.instance, "answer_count", 0) if self.instance.pk else 0

    def label_fields(self):
        return [self[f"label_{code}"] for code in LANGUAGE_CODES]

    def option_fields(self):
        return [self[f"options_{code}"] for code in LANGUAGE_CODES]

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(f"label_{code}") or "").strip() for code in LANGUAGE_CODES):
            self.add_error(None, _("Write the question in at least one language."))
        kind = cleaned.get("kind")
        if kind is None:
            return cleaned
        has_options = kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE)
        if has_options:
            self._clean_options(cleaned)
        else:
            for code in LANGUAGE_CODES:
                cleaned[f"options_{code}"] = ""  # options mean nothing for other kinds
        if self.answer_count and kind != self.instance.kind:
            self.add_error(
                "kind",
                _(
                    "People have already answered this question, so its kind cannot change. "
                    "Add a new question instead."
                ),
            )
        return cleaned

    def _clean_options(self, cleaned) -> None:
        counts = {}
        for code in LANGUAGE_CODES:
            options = option_lines(cleaned.get(f"options_{code}"))
            cleaned[f"options_{code}"] = "\n".join(options)
            if options:
                counts[code] = len(options)
        if not counts or max(counts.values()) < 2:
            self.add_error(
                f"options_{next(iter(counts), LANGUAGE_CODES[0])}",
                _("A choice question needs at least two options, one per line."),
            )
            return
        if len(set(counts.values())) > 1:
            self.add_error(
                None,
                _(
                    "Every language must list the same options in the same order: the answers "
                    "keep the option's number. Now the languages have %(counts)s options."
                )
                % {"counts": ", ".join(f"{language_name(code)} {count}" for code, count in counts.items())},
            )
            return
        if self.answer_count and self.instance.has_options:
            before = max(
                len(option_lines(getattr(self.instance, f"options_{code}"))) for code in LANGUAGE_CODES
            )
            if before and next(iter(counts.values())) != before:
                self.add_error(
                    None,
                    _(
                        "People have already answered this question: you may reword its %(count)s "
                        "options but not add or remove any."
                    )
                    % {"count": before},
                )


class BaseQuestionFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Delete this question")

    def clean(self):
        super().clean()
        if any(form.instance.pk is None for form in self.initial_forms):
            raise ValidationError(
                _(
                    "Some of these questions no longer exist; someone may have changed them "
                    "meanwhile. Open the page again and redo your changes."
                ),
                code="stale_questions",
            )
        answered = [
            form.instance.display_label
            for form in self.initial_forms
            if self._should_delete_form(form) and form.answer_count
        ]
        if answered:
            raise ValidationError(
                _(
                    "People have already answered “%(questions)s”, so it cannot be deleted: their "
                    "answers would be lost. Leave the question, or make it optional."
                )
                % {"questions": "”, “".join(answered)},
                code="answered",
            )


QuestionFormSet = inlineformset_factory(
    Seminar,
    Question,
    form=QuestionForm,
    formset=BaseQuestionFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=30,
    validate_max=True,
    absolute_max=40,  # a forged TOTAL_FORMS never builds more forms than this
)


def question_formset(data=None, *, seminar: Seminar) -> BaseQuestionFormSet:
    """The seminar's questions, each with its number of answers (one query)."""
    # Passed as the queryset (not by overriding get_queryset) so the formset caches it.
    questions = Question.objects.annotate(answer_count=Count("answers")).order_by("position", "pk")
    return QuestionFormSet(data, instance=seminar, queryset=questions, prefix="questions")
