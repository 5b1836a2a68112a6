"""Milliseconds per argon2id hash at the configured cost, beside a whole login.

.venv/bin/python bench/argon2_cost.py
"""

from __future__ import annotations

import statistics
import time

from argon2 import PasswordHasher

from server.settings import Settings


def main() -> None:
    settings = Settings()
    hasher = PasswordHasher(
        time_cost=settings.argon2_iterations,
        memory_cost=settings.argon2_memory_kib,
        parallelism=1,
    )
    stored = hasher.hash("calm river morning light")
    hashes, verifies = [], []
    for _ in range(20):
        t = time.perf_counter()
        hasher.hash("calm river morning light")
        hashes.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        hasher.verify(stored, "calm river morning light")
        verifies.append((time.perf_counter() - t) * 1000)
    print(
        f"argon2id m={settings.argon2_memory_kib} KiB t={settings.argon2_iterations} p=1"
    )
    print(f"  hash   median {statistics.median(hashes):6.1f} ms")
    print(f"  verify median {statistics.median(verifies):6.1f} ms")


if __name__ == "__main__":
    main()
