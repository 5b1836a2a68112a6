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
            name='Delivery',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='push_deliveries', on_delete=OnDelete.CASCADE)),
                ('local_date', fields.DateField()),
                ('claimed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('lease_until', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=1)),
                ('claim_token', fields.CharField(db_index=True, max_length=32)),
                ('outcome', fields.CharField(default='', max_length=16)),
            ],
            options={'table': 'push_deliveries', 'app': 'push', 'unique_together': (('user', 'local_date'),), 'pk_attr': 'id', 'table_description': 'One reminder for one person on one local date: the claim and its outcome.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PushSubscription',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='push_subscriptions', on_delete=OnDelete.CASCADE)),
                ('endpoint', fields.CharField(unique=True, max_length=1024)),
                ('p256dh', fields.CharField(max_length=128)),
                ('auth', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'push_subscriptions', 'app': 'push', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReminderSetting',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.OneToOneField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='reminder', on_delete=OnDelete.CASCADE)),
                ('enabled', fields.BooleanField(default=False)),
                ('remind_at', fields.CharField(default='08:00', max_length=5)),
                ('timezone', fields.CharField(default='UTC', max_length=64)),
                ('enabled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('next_due_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('next_local_date', fields.DateField(null=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'push_reminders', 'app': 'push', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
