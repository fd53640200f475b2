"""Forms: the questionnaire's settings and questions (organisers), the answers
(participants), and material uploads. They validate input; the services apply the rules."""

from datetime import time, timedelta

from django import forms
from django.db.models import Count
from django.forms.models import inlineformset_factory
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from common.forms import language_name
from common.timezones import local_to_utc
from common.translations import translated_columns
from evaluations.models import Question, Questionnaire
from evaluations.services import TEXT_LIMIT
from events.forms import LANGUAGE_CODES
from events.models import AgendaSession, Seminar
from registrations import manage_forms as registration_forms

DATE_ERRORS = {"invalid": _("Enter a date such as 2031-04-30.")}


class SettingsForm(forms.Form):
    """When the evaluation is open (dates in the seminar's time zone), anonymity,
    the pre-training questions and the certificate gate."""

    anonymous = forms.BooleanField(
        label=_("Anonymous answers"),
        required=False,
        help_text=_(
            "Answers are stored without any link to the person. It cannot change once people have answered."
        ),
    )
    opens_on = forms.DateField(
        label=_("Open from"),
        required=False,
        help_text=_("Empty: when the seminar ends."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    closes_on = forms.DateField(
        label=_("Open until (this day included)"),
        required=False,
        help_text=_("Empty: no closing date."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    pre_training = forms.BooleanField(
        label=_("Ask the knowledge questions before the seminar too"),
        required=False,
        help_text=_(
            "Confirmed participants answer them until the seminar starts; the results show the learning gain."
        ),
    )
    certificate_requires_evaluation = forms.BooleanField(
        label=_("Certificate only after the evaluation"),
        required=False,
        help_text=_("Attendees can download their certificate once they have answered the evaluation."),
    )

    def __init__(self, *args, questionnaire: Questionnaire, seminar: Seminar, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire, self.seminar = questionnaire, seminar
        zone = seminar.zone
        self.initial.update(
            anonymous=questionnaire.anonymous,
            opens_on=questionnaire.opens_at.astimezone(zone).date() if questionnaire.opens_at else None,
            closes_on=(questionnaire.closes_at.astimezone(zone) - timedelta(days=1)).date()
            if questionnaire.closes_at
            else None,
            pre_training=questionnaire.pre_training,
            certificate_requires_evaluation=questionnaire.certificate_requires_evaluation,
        )

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        for name in ("opens_on", "closes_on"):
            day = cleaned.get(name)
            if day is not None and not 2000 <= day.year <= 2200:
                self.add_error(name, _("Enter a date between the years 2000 and 2200."))
                cleaned[name] = None
        if cleaned.get("opens_on") and cleaned.get("closes_on") and closes_on < opens_on:
            self.add_error("closes_on", _("The evaluation must close after it opens."))
        if (
            self.questionnaire.pk
            and self.questionnaire.responses.exists()
            and cleaned.get("anonymous") != self.questionnaire.anonymous
        ):
            self.add_error(
                "anonymous", _("People have already answered: whether answers are anonymous cannot change.")
            )
        return cleaned

    def apply(self) -> Questionnaire:
        """Copy the cleaned values onto the questionnaire (not saved)."""
        zone, data, questionnaire = self.seminar.zone, self.cleaned_data, self.questionnaire
        questionnaire.anonymous = data["anonymous"]
        questionnaire.opens_at = local_to_utc(data["opens_on"], time(0), zone) if data["opens_on"] else None
        questionnaire.closes_at = (
            local_to_utc(data["closes_on"] + timedelta(days=1), time(0), zone) if data["closes_on"] else None
        )
        questionnaire.pre_training = data["pre_training"]
        questionnaire.certificate_requires_evaluation = data["certificate_requires_evaluation"]
        return questionnaire


class QuestionForm(registration_forms.QuestionForm):
    """An evaluation question: the registration form's question (worded in each
    language, the same options in every language), which may also be a knowledge
    question, a single-choice question with a correct option, asked before and
    after the seminar to measure what was learnt."""

    class Meta:
        model = Question
        fields = [
            *translated_columns("label"),
            "kind",
            "required",
            *translated_columns("options"),
            "knowledge",
            "correct_option",
            "position",
        ]
        widgets = {
            "position": forms.NumberInput(attrs={"min": 0}),
            "correct_option": forms.NumberInput(attrs={"min": 1}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["knowledge"].label = _("Knowledge question (asked before and after the seminar)")
        self.fields["correct_option"].label = _("Number of the correct option")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind is None:
            return cleaned
        if cleaned.get("knowledge"):
            count = max(
                (
                    len(registration_forms.option_lines(cleaned.get(f"options_{code}")))
                    for code in LANGUAGE_CODES
                ),
                default=0,
            )
            correct = cleaned.get("correct_option")
            if kind != Question.Kind.SINGLE_CHOICE:
                self.add_error("knowledge", _("A knowledge question is a single-choice question."))
            elif correct is None or not 1 <= correct <= count:
                self.add_error(
                    "correct_option", _("Give the number of the correct option (1 for the first).")
                )
        else:
            cleaned["correct_option"] = None
        return cleaned


QuestionFormSet = inlineformset_factory(
    Questionnaire,
    Question,
    form=QuestionForm,
    formset=registration_forms.BaseQuestionFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=40,
    validate_max=True,
    absolute_max=50,
)


def question_formset(data=None, *, questionnaire: Questionnaire) -> registration_forms.BaseQuestionFormSet:
    """The questions, each with its number of answers (one query)."""
    questions = Question.objects.annotate(answer_count=Count("answers")).order_by("position", "pk")
    return QuestionFormSet(data, instance=questionnaire, queryset=questions, prefix="questions")


RATING_CHOICES = [(str(number), str(number)) for number in range(1, 6)]


class AnswersForm(forms.Form):
    """One field per question (named by the question's id); the service checks the rules again."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        messages = {
            "required": _("This question needs an answer."),
            "invalid_choice": _("This answer is not one of the possible answers."),
        }
        for question in questions:
            common = {
                "label": question.display_label,
                "required": question.required,
                "error_messages": messages,
            }
            if question.kind == Question.Kind.RATING:
                field = forms.ChoiceField(
                    choices=RATING_CHOICES,
                    widget=forms.RadioSelect(attrs={"class": "rating"}),
                    help_text=_("1 = poor, 5 = excellent"),
                    **common,
                )
            elif question.kind == Question.Kind.SINGLE_CHOICE:
                field = forms.ChoiceField(choices=self._options(question), widget=forms.RadioSelect, **common)
            elif question.kind == Question.Kind.MULTIPLE_CHOICE:
                field = forms.MultipleChoiceField(
                    choices=self._options(question), widget=forms.CheckboxSelectMultiple, **common
                )
            else:
                field = forms.CharField(
                    max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4}), **common
                )
            self.fields[str(question.pk)] = field

    @staticmethod
    def _options(question: Question) -> list[tuple[str, str]]:
        return [(str(number), label) for number, label in enumerate(question.option_list, start=1)]

    def answers(self) -> dict:
        return dict(self.cleaned_data)


class MaterialForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, PNG, JPEG, PowerPoint, Word, Excel or OpenDocument.")
    )
    session = forms.ModelChoiceField(
        label=_("Agenda session"),
        required=False,
        queryset=AgendaSession.objects.none(),
        empty_label=_("The whole seminar"),
        error_messages={"invalid_choice": _("Choose a session of this seminar.")},
    )

    def __init__(self, *args, seminar: Seminar, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = AgendaSession.objects.filter(seminar=seminar)
        self.fields["session"].label_from_instance = lambda session: (
            session.display_title or str(session.starts_at)
        )
        for code in LANGUAGE_CODES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=format_lazy("{} ({})", _("Title"), language_name(code)),
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"lang": code}),
            )

    def title_fields(self):
        return [self[f"title_{code}"] for code in LANGUAGE_CODES]

    def titles(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"title_{code}"] for code in LANGUAGE_CODES}
