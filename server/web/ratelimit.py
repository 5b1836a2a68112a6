"""Fixed-window counters (sign-in, sign-up, share links, test notifications): in
memory, or in Redis when several app processes share them. Every limit goes
through `over_limit`: it counts first and then compares, and counting is atomic
(INCR in Redis), so concurrent attempts cannot slip past together."""

from __future__ import annotations

import time

from litestar import Request
from litestar.exceptions import TooManyRequestsException

from server.web.i18n import _
from server.web.state import RateLimiter, app_state


class MemoryRateLimiter:
    def __init__(self) -> None:
        self._windows: dict[str, tuple[float, int]] = {}

    async def hit(self, key: str, window_seconds: int) -> tuple[int, int]:
        now = time.monotonic()
        ends, count = self._windows.get(key, (0.0, 0))
        if now >= ends:
            ends, count = now + window_seconds, 0
            if len(self._windows) > 100_000:  # bound memory under a flood
                self._windows = {k: v for k, v in self._windows.items() if v[0] > now}
        self._windows[key] = (ends, count + 1)
        return count + 1, max(1, int(ends - now + 0.999))

    async def reset(self, key: str) -> None:
        self._windows.pop(key, None)

    async def close(self) -> None:
        return None


class RedisRateLimiter:
    def __init__(self, url: str) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url)

    async def hit(self, key: str, window_seconds: int) -> tuple[int, int]:
        name = f"attune:rl:{key}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, window_seconds, nx=True)
            pipe.ttl(name)
            count, _, ttl = await pipe.execute()
        return int(count), max(1, int(ttl))

    async def reset(self, key: str) -> None:
        await self._redis.delete(f"attune:rl:{key}")

    async def close(self) -> None:
        await self._redis.aclose()


def make_rate_limiter(redis_url: str) -> RateLimiter:
    return RedisRateLimiter(redis_url) if redis_url else MemoryRateLimiter()


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def over_limit(
    request: Request, key: str, limit: int, window_seconds: int
) -> int | None:
    """Count this attempt; the seconds until its window resets if it is one too
    many, else None."""
    count, retry_after = await app_state(request).rate_limiter.hit(key, window_seconds)
    return retry_after if count > limit else None


async def enforce_limit(
    request: Request, key: str, limit: int, window_seconds: int, message: str = ""
) -> None:
    """Refuse this attempt with 429 (and Retry-After) if it is over the limit."""
    retry_after = await over_limit(request, key, limit, window_seconds)
    if retry_after is not None:
        raise TooManyRequestsException(
            message or _("Too many attempts. Please wait a little and try again."),
            headers={"Retry-After": str(retry_after)},
        )
