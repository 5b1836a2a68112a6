from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('accounts', '0003_user_language'), ('safety_plan', '0002_user_indexes')]

    initial = False

    operations = [
        ops.AddField(
            model_name='ShareLink',
            name='include_phones',
            field=fields.BooleanField(default=False),
        ),
    ]
