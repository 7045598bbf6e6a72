"""Outside services some tests use when the machine has them."""

import socket

REDIS = ("127.0.0.1", 6379)


def redis_answers() -> bool:
    """Whether a Redis server listens on 127.0.0.1:6379."""
    try:
        socket.create_connection(REDIS, 1).close()
    except OSError:
        return False
    return True
