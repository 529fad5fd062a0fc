from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0004_observation_search_tsv"),
    ]

    operations = [
        migrations.AddField(
            model_name="observation",
            name="consent_withdrawn_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="consent withdrawn"),
        ),
    ]
