"""A response code (for data-subject requests) and the time consent was withdrawn.

The code is added in three steps (nullable, filled, unique), as Django's guide to adding a unique
field to existing rows describes.
"""

import uuid

from django.db import migrations, models


def fill_codes(apps, schema_editor):  # type: ignore[no-untyped-def]
    Response = apps.get_model("surveys", "Response")
    batch = []
    for pk in Response.objects.filter(code__isnull=True).values_list("pk", flat=True).iterator():
        batch.append(Response(pk=pk, code=uuid.uuid4()))
        if len(batch) == 1000:
            Response.objects.bulk_update(batch, ["code"])
            batch = []
    if batch:
        Response.objects.bulk_update(batch, ["code"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0003_question_ranked_survey_paper_return"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="consent_withdrawn_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="response",
            name="code",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop, elidable=True),
    ]
