from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('accounts', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Reflection',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='reflections', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('occurred_on', fields.DateField(db_index=True)),
                ('submit_key_hash', fields.CharField(unique=True, max_length=64)),
                ('relationship_kind', fields.TextField(default='', unique=False)),
                ('person_name', fields.TextField(default='', unique=False)),
                ('what_happened', fields.TextField(default='', unique=False)),
                ('sensations', fields.TextField(default='', unique=False)),
                ('body_location', fields.TextField(default='', unique=False)),
                ('body_notes', fields.TextField(default='', unique=False)),
                ('intensity', fields.TextField(default='', unique=False)),
                ('loudest_part', fields.TextField(default='', unique=False)),
                ('protective_wanted', fields.TextField(default='', unique=False)),
                ('vulnerable_wanted', fields.TextField(default='', unique=False)),
                ('compassionate_wanted', fields.TextField(default='', unique=False)),
                ('repair_tried', fields.TextField(default='', unique=False)),
                ('repair_text', fields.TextField(default='', unique=False)),
                ('connection', fields.TextField(default='', unique=False)),
                ('lesson_learned', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'reflections', 'app': 'reflections', 'pk_attr': 'id'},
            bases=['Sealed', 'Model'],
        ),
        ops.CreateModel(
            name='ReflectionDraft',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.OneToOneField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='reflection_draft', on_delete=OnDelete.CASCADE)),
                ('values', fields.TextField(default='', unique=False)),
                ('submit_key', fields.CharField(max_length=64)),
                ('step', fields.SmallIntField(default=1)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'reflection_drafts', 'app': 'reflections', 'pk_attr': 'id', 'table_description': 'The step-by-step entry in progress: one per person, kept between visits.'},
            bases=['Sealed', 'Model'],
        ),
    ]
