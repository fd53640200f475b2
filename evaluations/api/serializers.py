"""Evaluations in the REST API: the questionnaire a participant answers, their
answers, and the results organisers read. Input serializers check only the
shape; the rules are evaluations.services'."""

from rest_framework import serializers

from evaluations.models import Phase, Question


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Question.Kind.choices)
    label = serializers.CharField(source="display_label")
    required = serializers.BooleanField()
    options = serializers.ListField(
        child=serializers.CharField(),
        source="option_list",
        help_text="Choice answers give the option's number, from 1.",
    )


class QuestionnaireSerializer(serializers.Serializer):
    seminar = serializers.CharField(source="seminar.slug")
    phase = serializers.ChoiceField(choices=Phase.choices)
    anonymous = serializers.BooleanField()
    state = serializers.ChoiceField(
        choices=["open", "answered", "closed", "not_attended"],
        help_text="Whether you can answer now, and if not why.",
    )
    closes_at = serializers.DateTimeField(allow_null=True)
    questions = QuestionSerializer(many=True)


class ResponseInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text="By question id: a rating 1-5, an option number, a list of option numbers, or a text.",
    )

    def validate_answers(self, value):
        if len(value) > 100:
            raise serializers.ValidationError("Too many answers.")
        return value


class BarSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.IntegerField()


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk")
    label = serializers.CharField()
    kind = serializers.CharField()
    answers = serializers.IntegerField()
    average = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    distribution = BarSerializer(many=True, source="bars")
    texts = serializers.ListField(child=serializers.CharField())


class GainSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk")
    label = serializers.CharField()
    correct_before = serializers.DecimalField(max_digits=4, decimal_places=3, allow_null=True, source="pre")
    correct_after = serializers.DecimalField(max_digits=4, decimal_places=3, allow_null=True, source="post")
    gain = serializers.DecimalField(max_digits=4, decimal_places=3, allow_null=True)


class ResultsSerializer(serializers.Serializer):
    seminar = serializers.CharField(source="seminar.slug")
    attendees = serializers.IntegerField()
    responses = serializers.IntegerField(
        help_text="Published responses: answers are published in groups of 5, in a shuffled order."
    )
    waiting = serializers.IntegerField(help_text="Answers waiting, sealed, for their group of 5 to be full.")
    response_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, source="rate")
    shown = serializers.BooleanField(help_text="False under 5 responses: then no breakdown is given.")
    questions = QuestionResultSerializer(many=True)
    learning_gain = GainSerializer(many=True, source="gains")
