"""Real-time events of a live session (units left on each pin) for the viewers' and seller's pages.

Two brokers behind one interface: in-process for the embedded default (one uvicorn process, so
``make run`` shows it working), and Redis pub/sub in production, where several app processes each
hold some of the connected viewers. Events are published after the transaction that caused them
commits; a subscriber is an asyncio queue that the Server-Sent Events view drains.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from typing import Any, Protocol

from asgiref.sync import sync_to_async
from django.conf import settings


def channel(session_id: int) -> str:
    return f"chophien:live:{session_id}"


class Subscription(Protocol):
    async def get(self) -> dict[str, Any]: ...

    async def close(self) -> None: ...


class Broker(Protocol):
    def publish(self, session_id: int, event: dict[str, Any]) -> None: ...

    async def subscribe(self, session_id: int) -> Subscription:
        """Listening from the moment this returns: nothing published after it is missed."""
        ...


class _QueueSubscription:
    def __init__(self, broker: InProcessBroker, session_id: int) -> None:
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1000)
        self.entry = (asyncio.get_running_loop(), self.queue)
        self.broker, self.session_id = broker, session_id

    async def get(self) -> dict[str, Any]:
        return await self.queue.get()

    async def close(self) -> None:
        self.broker._remove(self.session_id, self.entry)


class InProcessBroker:
    """Subscribers are (event loop, queue) pairs; publishers may run in any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[int, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[dict[str, Any]]]]] = {}

    def publish(self, session_id: int, event: dict[str, Any]) -> None:
        with self._lock:
            targets = list(self._subscribers.get(session_id, ()))
        for loop, queue in targets:
            # A viewer whose phone fell asleep stops reading: drop their oldest news, not the server.
            loop.call_soon_threadsafe(_put_latest, queue, event)

    async def subscribe(self, session_id: int) -> Subscription:
        subscription = _QueueSubscription(self, session_id)
        with self._lock:
            self._subscribers.setdefault(session_id, set()).add(subscription.entry)
        return subscription

    def _remove(self, session_id: int, entry: tuple[asyncio.AbstractEventLoop, asyncio.Queue[dict[str, Any]]]) -> None:
        with self._lock:
            self._subscribers.get(session_id, set()).discard(entry)


def _put_latest(queue: asyncio.Queue[dict[str, Any]], event: dict[str, Any]) -> None:
    if queue.full():
        queue.get_nowait()
    queue.put_nowait(event)


_BROKEN: dict[str, Any] = {"type": "broken"}  # the Redis connection dropped: the stream ends, the page reconnects


class _ListenerSubscription:
    def __init__(self, listener: _RedisListener, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self.listener, self.queue = listener, queue

    async def get(self) -> dict[str, Any]:
        event = await self.queue.get()
        if event is _BROKEN:
            raise ConnectionError("live events: the Redis subscription dropped")
        return event

    async def close(self) -> None:
        await self.listener.leave(self.queue)


class _RedisListener:
    """One Redis subscription to a session's channel in one event loop, fanned out to the queues
    of that loop's viewers."""

    def __init__(self, broker: RedisBroker, key: tuple[asyncio.AbstractEventLoop, int]) -> None:
        import redis.asyncio as aioredis

        self.broker, self.key = broker, key
        self.client = aioredis.Redis.from_url(broker.url)
        self.pubsub = self.client.pubsub()
        self.queues: set[asyncio.Queue[dict[str, Any]]] = set()
        self.subscribed: asyncio.Future[None] = key[0].create_future()
        self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        from redis.exceptions import RedisError

        try:
            await self.pubsub.subscribe(channel(self.key[1]))  # confirmed by Redis before it returns
            self.subscribed.set_result(None)
            while True:
                message = await self.pubsub.get_message(ignore_subscribe_messages=True, timeout=None)
                if message is not None and message.get("type") == "message":
                    event = dict(json.loads(message["data"]))
                    _latest_keep(self.key[1], event)
                    for queue in list(self.queues):
                        _put_latest(queue, event)
        except asyncio.CancelledError:
            raise
        except (RedisError, OSError) as error:  # Redis went away: tell every viewer's stream, forget this listener
            if not self.subscribed.done():
                self.subscribed.set_exception(error)
            self.broker._forget(self)
            _latest.pop(self.key[1], None)
            for queue in list(self.queues):
                _put_latest(queue, _BROKEN)
            await self._close_connection()

    async def leave(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self.queues.discard(queue)
        if not self.queues:
            self.broker._forget(self)
            _latest.pop(self.key[1], None)  # no longer listening: what this process knows goes stale
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task
            await self._close_connection()

    async def _close_connection(self) -> None:
        with contextlib.suppress(Exception):
            await self.pubsub.aclose()
            await self.client.aclose()


class RedisBroker:
    """Publishes to Redis; each process listens to a session's channel once, however many of the
    session's viewers it holds: a thousand viewers are one Redis connection per process, not a
    thousand."""

    def __init__(self, url: str) -> None:
        import redis

        self.url = url
        self._publisher = redis.Redis.from_url(url)
        self._listeners: dict[tuple[asyncio.AbstractEventLoop, int], _RedisListener] = {}

    def publish(self, session_id: int, event: dict[str, Any]) -> None:
        self._publisher.publish(channel(session_id), json.dumps(event))

    async def subscribe(self, session_id: int) -> Subscription:
        key = (asyncio.get_running_loop(), session_id)
        listener = self._listeners.get(key)
        if listener is None:
            listener = self._listeners[key] = _RedisListener(self, key)
        await asyncio.shield(listener.subscribed)
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1000)
        listener.queues.add(queue)
        return _ListenerSubscription(listener, queue)

    def _forget(self, listener: _RedisListener) -> None:
        if self._listeners.get(listener.key) is listener:
            del self._listeners[listener.key]


_broker: Broker | None = None
_broker_lock = threading.Lock()


def broker() -> Broker:
    """Redis when REDIS_URL is set (production), else in-process."""
    global _broker
    with _broker_lock:
        if _broker is None:
            url = getattr(settings, "LIVE_REDIS_URL", None) or getattr(settings, "REDIS_URL", "")
            _broker = RedisBroker(url) if url else InProcessBroker()
        return _broker


def pins_state(session_id: int) -> dict[str, Any]:
    """What viewers see of each pin: code, live price, units left, paused or not."""
    from .models import Pin, PinStatus

    rows = (
        Pin.objects.filter(session_id=session_id)
        .exclude(status=PinStatus.REMOVED)
        .values_list("id", "code", "live_price", "available", "status")
    )
    return {
        "type": "pins",
        "pins": [
            {"id": pin_id, "code": code, "price": price, "available": available, "paused": status != PinStatus.ACTIVE}
            for pin_id, code, price, available, status in rows
        ],
    }


# The last pins state this process heard from Redis for each session it listens to (kept only while
# it listens, so it is never stale). Every event is the whole state, so a viewer who connects gets it
# from here: a thousand viewers joining are no thousand database reads (and hold no database
# connection while their stream stays open).
_latest: dict[int, dict[str, Any]] = {}


def _latest_keep(session_id: int, event: dict[str, Any]) -> None:
    if event.get("type") == "pins":
        _latest[session_id] = event


_encoded: dict[int, tuple[dict[str, Any], str]] = {}


def sse_data(event: dict[str, Any]) -> str:
    """The event as a Server-Sent Events message. One event goes to every viewer of a process as
    the same object: it is encoded once, not once per viewer."""
    cached = _encoded.get(id(event))
    if cached is not None and cached[0] is event:
        return cached[1]
    if len(_encoded) > 64:
        _encoded.clear()
    text = f"data: {json.dumps(event)}\n\n"
    _encoded[id(event)] = (event, text)
    return text


_snapshot_locks: dict[tuple[asyncio.AbstractEventLoop, int], asyncio.Lock] = {}


async def pins_snapshot(session_id: int) -> dict[str, Any]:
    """The session's pins for a viewer who just subscribed: the last state this process heard,
    else read now, by one viewer at a time (a thousand viewers arriving at once must not open a
    thousand database connections). Call after subscribing: a change published since is in the
    viewer's queue either way.
    """
    known = _latest.get(session_id)
    if known is not None:
        return known
    key = (asyncio.get_running_loop(), session_id)
    async with _snapshot_locks.setdefault(key, asyncio.Lock()):
        known = _latest.get(session_id)
        if known is not None:
            return known
        state = await sync_to_async(_pins_state_read)(session_id)
        current = broker()
        if isinstance(current, RedisBroker) and key in current._listeners:
            _latest.setdefault(session_id, state)  # an event heard meanwhile is newer: it stays
        return state


def _pins_state_read(session_id: int) -> dict[str, Any]:
    from django.db import connection

    try:
        return pins_state(session_id)
    finally:
        if not connection.in_atomic_block:
            connection.close()  # this request's thread stays for the whole stream; its connection must not


def publish_pins_state(session_id: int) -> None:
    broker().publish(session_id, pins_state(session_id))


_pending_lock = threading.Lock()
_pending: set[int] = set()


def publish_soon(session_id: int) -> None:
    """Publish the session's pins now, or, in a flood, once at the end of a short interval: a
    hundred claims in that moment make one message with the latest units left, not a hundred."""
    delay = float(getattr(settings, "LIVE_PUBLISH_SECONDS", 0.2))
    if delay <= 0:
        publish_pins_state(session_id)
        return
    with _pending_lock:
        if session_id in _pending:
            return
        _pending.add(session_id)

    def publish() -> None:
        with _pending_lock:
            _pending.discard(session_id)
        try:
            publish_pins_state(session_id)
        finally:
            from django.db import connection

            connection.close()  # this timer thread's own connection

    timer = threading.Timer(delay, publish)
    timer.daemon = True
    timer.start()
