import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0004_response_code_consent_withdrawn_at"),
    ]

    operations = [
        migrations.AlterField(
            model_name="response",
            name="code",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
