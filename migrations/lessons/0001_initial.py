from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('accounts', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Lesson',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=80)),
                ('day', fields.IntField(unique=True)),
                ('module', fields.SmallIntField()),
                ('module_title', fields.CharField(max_length=100)),
                ('title', fields.CharField(max_length=200)),
                ('key_idea', fields.TextField(unique=False)),
                ('body_html', fields.TextField(unique=False)),
                ('practice', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('prompt', fields.TextField(unique=False)),
                ('minutes', fields.SmallIntField()),
                ('references', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('gentle_note', fields.BooleanField(default=False)),
                ('content_hash', fields.CharField(max_length=64)),
                ('retired', fields.BooleanField(default=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'lessons', 'app': 'lessons', 'pk_attr': 'id', 'table_description': 'One card of the program. Not personal: the same for everyone.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LessonNote',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='lesson_notes', on_delete=OnDelete.CASCADE)),
                ('lesson', fields.ForeignKeyField('lessons.Lesson', source_field='lesson_id', db_constraint=True, to_field='id', related_name='notes', on_delete=OnDelete.RESTRICT)),
                ('lesson_slug', fields.CharField(max_length=80)),
                ('text', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'lesson_notes', 'app': 'lessons', 'unique_together': (('user', 'lesson'),), 'pk_attr': 'id', 'table_description': "A person's private answer to a lesson's reflection prompt (encrypted)."},
            bases=['Sealed', 'Model'],
        ),
        ops.CreateModel(
            name='LessonProgress',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='lesson_progress', on_delete=OnDelete.CASCADE)),
                ('lesson', fields.ForeignKeyField('lessons.Lesson', source_field='lesson_id', db_constraint=True, to_field='id', related_name='progress', on_delete=OnDelete.RESTRICT)),
                ('lesson_slug', fields.CharField(max_length=80)),
                ('done_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('saved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'lesson_progress', 'app': 'lessons', 'unique_together': (('user', 'lesson'),), 'pk_attr': 'id', 'table_description': 'Whether a person has finished or saved a lesson (one row per person and lesson).'},
            bases=['Model'],
        ),
    ]
