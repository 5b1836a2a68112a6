from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='LineReport',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('country', fields.CharField(max_length=2)),
                ('line', fields.CharField(max_length=64)),
                ('reason', fields.CharField(max_length=16)),
                ('note', fields.CharField(default='', max_length=200)),
                ('day', fields.DateField()),
                ('language', fields.CharField(max_length=8)),
            ],
            options={'table': 'line_reports', 'app': 'places', 'indexes': [Index(fields=['country', 'line', 'day'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
