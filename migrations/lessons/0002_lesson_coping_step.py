from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('accounts', '0002_user_indexes'), ('lessons', '0001_initial')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Lesson',
            name='coping_step',
            field=fields.TextField(default='', unique=False),
        ),
    ]
