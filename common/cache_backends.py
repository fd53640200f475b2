"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django's RedisCacheClient builds a new ``redis.Redis`` for every cache operation,
and redis-py's constructor registers some 170 response callbacks: that cost more
CPU than the network round trip of a cached page. A client takes a connection
from its pool for each command and is safe to share between threads, so each
pool keeps one client for the life of the process.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # pools live as long as this object: ids stay theirs
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    """settings.CACHES uses it wherever CACHE_URL names Redis."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
