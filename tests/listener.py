"""Counting connections to the `listener` fixture (tests/conftest.py), for tests
showing that rendering (WeasyPrint's URL fetcher) never reaches the network."""

import socket


def connections(server: socket.socket) -> int:
    """How many connections reached the listener since the last call."""
    count = 0
    while True:
        try:
            connection, _address = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1
