from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('accounts', '0001_initial'), ('accounts', '0002_user_indexes'), ('accounts', '0003_user_language')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Passkey',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='passkeys', on_delete=OnDelete.CASCADE)),
                ('credential_id', fields.CharField(unique=True, max_length=1400)),
                ('public_key', fields.BinaryField()),
                ('sign_count', fields.BigIntField(default=0)),
                ('backup_eligible', fields.BooleanField(default=False)),
                ('backed_up', fields.BooleanField(default=False)),
                ('transports', fields.CharField(default='', max_length=200)),
                ('name', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'passkeys', 'app': 'passkeys', 'indexes': [Index(fields=['user_id'])], 'pk_attr': 'id'},
            bases=['Sealed', 'Model'],
        ),
        ops.CreateModel(
            name='PasskeyChallenge',
            fields=[
                ('challenge', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=128)),
                ('purpose', fields.CharField(max_length=16)),
                ('user_id', fields.UUIDField(null=True)),
                ('username', fields.CharField(default='', max_length=32)),
                ('timezone', fields.CharField(default='', max_length=64)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'passkey_challenges', 'app': 'passkeys', 'pk_attr': 'challenge', 'table_description': "One ceremony's challenge: kept in the database, so every app instance sees"},
            bases=['Model'],
        ),
    ]
