"""Claim-then-send: one daily reminder per person and local date, across any number
of dispatchers.

Each pass (1) takes over claims whose lease ran out without being finished, then
(2) picks people whose next slot has come (`next_due_at <= now`; on PostgreSQL with
FOR UPDATE SKIP LOCKED so concurrent dispatchers take disjoint rows), inserts a
Delivery per (user, local_date) under a UNIQUE constraint (conflicts ignored) and
moves each person's next slot to the following local day, all in one transaction.
Only rows carrying this pass's random claim token are sent, after the commit, so no
lock is held during HTTP. A dispatcher that dies after claiming leaves rows with
`sent_at` empty: another one re-claims them once the lease is over.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import random
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from server.push.models import (
    Delivery,
    PushSubscription,
    ReminderSetting,
    first_slot_from,
    parse_hhmm,
    slot_after,
)
from server.push.sender import (
    FAILED,
    GONE,
    RETRY_LATER,
    SENT,
    TOO_LARGE,
    PushSender,
    SendResult,
    payload_for,
    topic_for,
)
from server.push.vapid import VapidSigner, load_vapid_keys
from server.settings import Settings
from server.web.clock import utcnow

log = logging.getLogger("attune.push")

LEASE = timedelta(minutes=10)
# A slot older than the message TTL is skipped (the dispatcher was down): a
# reminder for a day that is mostly over helps nobody.
STALE_AFTER = timedelta(hours=6)
# Each batch costs a few queries whatever its size, so larger batches send more
# per second; but reading a batch's people (models, for the row lock) and writing
# its claims are each one stretch without a pause for the event loop. Measured
# per loop step on 30,000 people: at 500 the longest took 43 ms of CPU (median
# 30 ms), at 200 it took 25 ms (median 13 ms).
BATCH = 200
# Sends in flight answer in bursts; each then prepares its next message (about 0.8 ms
# with its answer: encryption, signing, the request). Let only a few start in one
# turn of the event loop, or one turn holds the loop for 100 of them (the embedded
# dispatcher shares it with the pages). 30,000 people (bench/push_dispatch.py): the
# longest stall 113 ms without, 31 ms at 3 a turn, at the same sends per second.
STARTS_PER_TURN = 3
# Passes over one delivery (first claim + re-claims) before giving up on the day.
MAX_CLAIMS = 3
INTERVAL_SECONDS = 30.0

Clock = Callable[[], datetime]


@dataclass
class DispatchReport:
    claimed: int = 0
    reclaimed: int = 0
    sent: int = 0
    gone: int = 0
    failed: int = 0
    pending: int = 0
    no_device: int = 0
    skipped_stale: int = 0

    def add(self, other: DispatchReport) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def busy(self) -> bool:
        return bool(self.claimed or self.reclaimed or self.skipped_stale)


@dataclass(frozen=True, slots=True)
class Claim:
    """A delivery this pass holds: what sending it needs, read without building
    a model per row."""

    id: Any
    user_id: UUID
    local_date: date
    attempts: int


class Dispatcher:
    def __init__(
        self,
        sender: PushSender,
        *,
        clock: Clock = utcnow,
        lease: timedelta = LEASE,
        batch: int = BATCH,
        concurrency: int = 100,
    ) -> None:
        self.sender = sender
        self.clock = clock
        self.lease = lease
        self.batch = batch
        self.concurrency = concurrency

    async def run_once(self) -> DispatchReport:
        """Send everything due now, batch by batch, then return."""
        total = DispatchReport()
        while True:
            report = DispatchReport()
            token, claims = await self.claim(report)
            if claims:
                await self.send_claims(token, claims, report)
            total.add(report)
            if not report.busy:
                return total

    async def claim(
        self, report: DispatchReport | None = None
    ) -> tuple[str, list[Claim]]:
        report = report or DispatchReport()
        token = uuid.uuid4().hex
        now = self.clock()
        report.reclaimed = await self._reclaim_expired(token, now)
        report.claimed = await self._claim_due(token, now, report)
        if not (report.claimed or report.reclaimed):
            return token, []
        rows = await Delivery.filter(
            claim_token=token, sent_at=None, outcome=""
        ).values_list("id", "user_id", "local_date", "attempts")
        return token, [Claim(*row) for row in rows]

    async def _reclaim_expired(self, token: str, now: datetime) -> int:
        async with in_transaction() as conn:
            expired = (
                await Delivery.filter(sent_at=None, outcome="", lease_until__lte=now)
                .order_by("lease_until")
                .limit(self.batch)
                .select_for_update(skip_locked=True)
                .using_db(conn)
                .values_list("id", flat=True)
            )
            if not expired:
                return 0
            # The conditions are repeated: on SQLite two processes may read the
            # same rows; the second UPDATE then changes nothing.
            return await (
                Delivery.filter(
                    id__in=list(expired), sent_at=None, outcome="", lease_until__lte=now
                )
                .using_db(conn)
                .update(
                    claim_token=token,
                    claimed_at=now,
                    lease_until=now + self.lease,
                    attempts=F("attempts") + 1,
                )
            )

    async def _claim_due(
        self, token: str, now: datetime, report: DispatchReport
    ) -> int:
        async with in_transaction() as conn:
            people: Sequence[ReminderSetting] = (
                await ReminderSetting.filter(enabled=True, next_due_at__lte=now)
                .order_by("next_due_at")
                .limit(self.batch)
                .select_for_update(skip_locked=True)
                .only(
                    "id",
                    "user_id",
                    "remind_at",
                    "timezone",
                    "next_due_at",
                    "next_local_date",
                )
                .using_db(conn)
            )
            if not people:
                return 0
            with_device = set(
                await PushSubscription.filter(user_id__in=[p.user_id for p in people])  # type: ignore[attr-defined]
                .using_db(conn)
                .distinct()
                .values_list("user_id", flat=True)
            )
            claims = []
            # People due together mostly share a time and zone: each next slot is
            # computed once, and everyone moving to the same slot is moved by one
            # UPDATE (a handful per batch, not one per person).
            next_slots: dict[tuple[date, str, str], tuple[date, datetime]] = {}
            moves: dict[tuple[date, datetime], list[Any]] = defaultdict(list)
            for person in people:
                day, instant = person.next_local_date, person.next_due_at
                assert day is not None and instant is not None
                if now - instant > STALE_AFTER:
                    report.skipped_stale += 1
                    day, instant = first_slot_from(
                        now - STALE_AFTER,
                        parse_hhmm(person.remind_at),
                        ZoneInfo(person.timezone),
                    )
                    if instant > now:
                        moves[(day, instant)].append(person.pk)
                        continue
                if person.user_id in with_device:  # type: ignore[attr-defined]
                    claims.append(
                        Delivery(
                            user_id=person.user_id,  # type: ignore[attr-defined]
                            local_date=day,
                            claimed_at=now,
                            lease_until=now + self.lease,
                            claim_token=token,
                        )
                    )
                else:
                    report.no_device += 1
                key = (day, person.remind_at, person.timezone)
                if key not in next_slots:
                    next_slots[key] = slot_after(*key)
                moves[next_slots[key]].append(person.pk)
            if claims:
                # UNIQUE (user, local_date): a day already claimed is silently kept.
                await Delivery.bulk_create(claims, ignore_conflicts=True, using_db=conn)
            for (day, instant), ids in moves.items():
                await (
                    ReminderSetting.filter(id__in=ids)
                    .using_db(conn)
                    .update(next_local_date=day, next_due_at=instant)
                )
            return len(people)

    async def send_claims(
        self, token: str, claims: Sequence[Claim], report: DispatchReport
    ) -> None:
        devices: dict[Any, list[tuple[Any, dict[str, Any]]]] = defaultdict(list)
        # Each message in its recipient's language (read in the same query).
        languages: dict[Any, str] = {}
        for (
            sub_id,
            user_id,
            endpoint,
            p256dh,
            auth,
            language,
        ) in await PushSubscription.filter(
            user_id__in=list({c.user_id for c in claims})
        ).values_list("id", "user_id", "endpoint", "p256dh", "auth", "user__language"):
            info = {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}}
            devices[user_id].append((sub_id, info))
            languages[user_id] = language or ""
        # One message per device; a fixed set of workers takes them in turn (no
        # task, semaphore or gather per person).
        jobs = [
            (
                index,
                sub_id,
                info,
                topic_for(claim.user_id, claim.local_date),
                payload_for(languages.get(claim.user_id, "")),
            )
            for index, claim in enumerate(claims)
            for sub_id, info in devices.get(claim.user_id, [])
        ]
        sent: list[SendResult | None] = [None] * len(jobs)
        queue = iter(range(len(jobs)))

        gate = TurnGate(STARTS_PER_TURN)

        async def worker() -> None:
            for n in queue:
                _, _, info, topic, payload = jobs[n]
                await gate()
                sent[n] = await self.sender.send(info, topic, payload)

        await asyncio.gather(
            *(worker() for _ in range(min(self.concurrency, len(jobs))))
        )
        outcomes: list[list[tuple[Any, SendResult]]] = [[] for _ in claims]
        for (index, sub_id, *_), result in zip(jobs, sent, strict=True):
            assert result is not None
            outcomes[index].append((sub_id, result))
        finished: dict[str, list[Any]] = defaultdict(list)
        gone: list[Any] = []
        for claim, results in zip(claims, outcomes, strict=True):
            gone.extend(sub_id for sub_id, r in results if r.outcome == GONE)
            seen = {r.outcome for _, r in results}
            if SENT in seen:
                finished[SENT].append(claim.id)
                report.sent += 1
            elif RETRY_LATER in seen and claim.attempts < MAX_CLAIMS:
                report.pending += 1  # the lease runs out, another pass tries again
            elif not results:
                finished["no-device"].append(claim.id)
                report.no_device += 1
            elif seen == {GONE}:
                finished[GONE].append(claim.id)
                report.gone += 1
            else:
                finished[TOO_LARGE if TOO_LARGE in seen else FAILED].append(claim.id)
                report.failed += 1
        if gone:
            await PushSubscription.filter(id__in=gone).delete()
        now = self.clock()
        for outcome, ids in finished.items():
            changes: dict[str, Any] = {"outcome": outcome}
            if outcome == SENT:
                changes["sent_at"] = now
            await Delivery.filter(id__in=ids, claim_token=token).update(**changes)


class TurnGate:
    """Lets callers through `size` at a time, one batch per turn of the event loop;
    the others wait for the next turns, in order."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.left = size
        self.waiting: collections.deque[asyncio.Future[None]] = collections.deque()
        self.turn_scheduled = False

    async def __call__(self) -> None:
        loop = asyncio.get_running_loop()
        if not self.turn_scheduled:
            self.turn_scheduled = True
            loop.call_soon(self._next_turn)
        if self.left > 0 and not self.waiting:
            self.left -= 1
            return
        future = loop.create_future()
        self.waiting.append(future)
        await future

    def _next_turn(self) -> None:
        self.left = self.size
        while self.left and self.waiting:
            future = self.waiting.popleft()
            if not future.done():
                future.set_result(None)
                self.left -= 1
        self.turn_scheduled = bool(self.waiting)
        if self.turn_scheduled:
            asyncio.get_running_loop().call_soon(self._next_turn)


def make_sender(settings: Settings, **options: Any) -> PushSender:
    signer = VapidSigner(load_vapid_keys(settings), settings.vapid_subject)
    return PushSender(signer, **options)


async def run_dispatcher(
    settings: Settings, once: bool = False, *, interval: float = INTERVAL_SECONDS
) -> DispatchReport:
    """Run passes every `interval` seconds (or one pass); needs a database context."""
    total = DispatchReport()
    async with make_sender(settings) as sender:
        dispatcher = Dispatcher(sender)
        while True:
            try:
                report = await dispatcher.run_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if once:
                    raise
                # Type only: nothing from a row or a response reaches the log.
                log.error("push dispatch pass failed: %s", type(exc).__name__)
            else:
                total.add(report)
                if report.busy:
                    log.info(
                        "push: %d sent, %d gone, %d failed, %d waiting",
                        report.sent,
                        report.gone,
                        report.failed,
                        report.pending,
                    )
            if once:
                return total
            # Jitter spreads several workers over the interval.
            await asyncio.sleep(interval * random.uniform(0.8, 1.2))


@asynccontextmanager
async def embedded_dispatcher(settings: Settings) -> AsyncIterator[None]:
    """The dispatcher as a task of the app process (the embedded default)."""
    task = asyncio.create_task(run_dispatcher(settings), name="attune-push-dispatcher")
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def send_test(
    settings: Settings,
    user_id: UUID,
    sender: PushSender | None = None,
    language: str = "",
) -> tuple[int, int]:
    """Send the daily notification now to each of this person's devices.

    Returns (devices reached, devices). Gone subscriptions are removed.
    """
    subs = await PushSubscription.filter(user_id=user_id)
    if not subs:
        return 0, 0
    topic = topic_for(user_id, "test")
    payload = payload_for(language)

    async def run(s: PushSender) -> list[SendResult]:
        return list(
            await asyncio.gather(*(s.send(sub.info(), topic, payload) for sub in subs))
        )

    if sender is None:
        # One quick try: someone is waiting for the page.
        async with make_sender(settings, max_attempts=1, timeout=8.0) as own:
            results = await run(own)
    else:
        results = await run(sender)
    gone = [sub.pk for sub, r in zip(subs, results, strict=True) if r.outcome == GONE]
    if gone:
        await PushSubscription.filter(id__in=gone).delete()
    return sum(r.outcome == SENT for r in results), len(subs)
