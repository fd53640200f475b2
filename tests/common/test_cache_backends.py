"""The Redis cache backend (against the Redis server of the machine, as in production)."""

import uuid

import pytest
import redis

from common.cache_backends import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/7"


@pytest.fixture
def redis_cache():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        cache.get("probe")
    except redis.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    yield cache
    cache.clear()


def test_every_operation_of_a_process_shares_one_client(redis_cache):
    first = redis_cache._cache.get_client(write=True)
    redis_cache.set("page", b"<html>", 60)
    assert redis_cache.get("page") == b"<html>"
    assert redis_cache._cache.get_client() is first
    assert redis_cache._cache.get_client(write=True) is first


def test_it_behaves_as_the_django_backend(redis_cache):
    redis_cache.set_many({"a": 1, "b": {"nested": [1, 2]}}, 60)
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": {"nested": [1, 2]}}
    assert redis_cache.incr("a") == 2
    assert redis_cache.add("a", 10) is False
    redis_cache.delete("a")
    assert redis_cache.get("a", "gone") == "gone"


def test_production_settings_choose_it_for_a_redis_cache_url():
    from tests.config.test_settings import PRODUCTION, manage

    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "common.cache_backends.RedisCache"
