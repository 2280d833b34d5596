"""The rate limiter: exact budgets, one float per client, bounded memory however many clients come."""

from __future__ import annotations

from yearbook_qa.service.api.rate_limiter import RateLimiter


def test_a_budget_per_minute_refills_gradually():
    limiter = RateLimiter(per_minute=3)
    assert [limiter.hit("a", now=0) for _ in range(3)] == [0, 0, 0]
    assert limiter.hit("a", now=0) == 20  # one more every 60/3 s
    assert limiter.hit("b", now=0) == 0  # others are not affected
    assert limiter.hit("a", now=19.5) == 1
    assert limiter.hit("a", now=20) == 0 and limiter.hit("a", now=20) > 0
    assert [limiter.hit("a", now=200) for _ in range(4)] == [0, 0, 0, 20]  # a quiet minute refills it all


def test_refused_requests_do_not_extend_the_wait():
    limiter = RateLimiter(per_minute=1)
    assert limiter.hit("a", now=0) == 0
    assert all(limiter.hit("a", now=t) > 0 for t in range(0, 60, 5))
    assert limiter.hit("a", now=60) == 0


def test_memory_stays_bounded_under_a_flood_of_clients():
    """The finding: 50,000 addresses grew the table past its bound and rebuilt it on every request."""
    limiter = RateLimiter(per_minute=5, max_clients=10_000)
    for i in range(50_000):
        assert limiter.hit(f"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}", now=i / 1000) == 0
    assert len(limiter) == 10_000
    for _ in range(5):  # the most recent clients are still remembered
        limiter.hit("10.0.195.79", now=50)
    assert limiter.hit("10.0.195.79", now=50) > 0


def test_off_when_zero():
    limiter = RateLimiter(per_minute=0)
    assert all(limiter.hit("a") == 0 for _ in range(1000)) and len(limiter) == 0
