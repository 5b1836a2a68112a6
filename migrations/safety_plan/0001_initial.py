from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('accounts', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Plan',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.OneToOneField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='safety_plan', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('viewed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('review_dismissed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'safety_plans', 'app': 'safety_plan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PlanItem',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='plan_items', on_delete=OnDelete.CASCADE)),
                ('card', fields.CharField(max_length=32)),
                ('position', fields.IntField(default=0)),
                ('text', fields.TextField(unique=False)),
                ('phone', fields.TextField(default='', unique=False)),
                ('note', fields.TextField(default='', unique=False)),
                ('source', fields.CharField(default='', max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'safety_plan_items', 'app': 'safety_plan', 'indexes': [Index(fields=['user_id', 'card', 'position'])], 'pk_attr': 'id'},
            bases=['Sealed', 'Model'],
        ),
        ops.CreateModel(
            name='ShareLink',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='plan_links', on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('wrapped_key', fields.CharField(max_length=200)),
                ('label', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'safety_plan_links', 'app': 'safety_plan', 'pk_attr': 'id'},
            bases=['Sealed', 'Model'],
        ),
    ]
