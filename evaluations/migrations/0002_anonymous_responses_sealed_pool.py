"""Answers wait sealed in a pool and are published five at a time in a shuffled
order (evaluations.pool). Existing responses, which lie in the order people
answered, are sealed and published again that way: new random keys, a random
order, whole groups only (the rest stays sealed).

On PostgreSQL the old row versions stay in the table files until VACUUM: run
VACUUM FULL on evaluations_response and evaluations_answer after this migration
(on SQLite, VACUUM) so that no old copy keeps the former order.
"""

import django.db.models.deletion
import uuid
from django.db import migrations, models

from evaluations import pool


def reshuffle(apps, schema_editor):
    names = ["Response", "Answer", "SealedResponse", "Receipt", "Question", "Questionnaire"]
    pool.reshuffle_existing(models={name: apps.get_model("evaluations", name) for name in names})


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='SealedResponse',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('phase', models.CharField(choices=[('pre', 'Before the seminar'), ('post', 'After the seminar')], max_length=4)),
                ('sealed', models.TextField()),
                ('questionnaire', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sealed', to='evaluations.questionnaire')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('phase__in', ['pre', 'post'])), name='evaluations_sealedresponse_phase_valid')],
            },
        ),
        migrations.RunPython(reshuffle, migrations.RunPython.noop),
    ]
