"""Reports that a crisis line did not work: what a person told us about a line, and
nothing about the person (no account, no address, no cookie)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class LineReport(Model):
    id = fields.IntField(primary_key=True)
    country = fields.CharField(max_length=2)
    line = fields.CharField(max_length=64)  # CrisisLine.id within its country
    reason = fields.CharField(max_length=16)
    # At most 200 characters about the line; the form asks for nothing personal.
    note = fields.CharField(max_length=200, default="")
    day = fields.DateField()  # a day, not a time: nothing to match with a log
    language = fields.CharField(max_length=8)

    class Meta:
        table = "line_reports"
        indexes = (("country", "line", "day"),)
