from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('accounts', '0001_initial'), ('reflections', '0001_initial')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Reflection',
            index=Index(fields=['user_id', 'occurred_on', 'created_at']),
        ),
    ]
