"""The two brokers of live events: in-process (embedded default) and Redis pub/sub (production)."""

import asyncio

from chophien.live.events import InProcessBroker, RedisBroker
from conftest import redis_url


async def _round_trip(broker) -> dict:
    subscription = await broker.subscribe(7)
    try:
        await asyncio.to_thread(broker.publish, 7, {"type": "pins", "pins": [{"id": 1, "available": 4}]})
        await asyncio.to_thread(broker.publish, 8, {"type": "other session"})
        return await asyncio.wait_for(subscription.get(), timeout=5)
    finally:
        await subscription.close()


def test_in_process_events_reach_subscribers_of_their_session_only():
    assert asyncio.run(_round_trip(InProcessBroker()))["pins"][0]["available"] == 4


def test_redis_events_reach_subscribers_of_their_session_only():
    assert asyncio.run(_round_trip(RedisBroker(redis_url())))["pins"][0]["available"] == 4


def test_a_process_listens_to_redis_once_for_all_its_viewers_of_a_session():
    url = redis_url()

    async def many() -> tuple[int, list[int], int]:
        broker = RedisBroker(url)
        subscriptions = await asyncio.gather(*(broker.subscribe(9) for _ in range(200)))
        listeners = len(broker._listeners)
        await asyncio.to_thread(broker.publish, 9, {"n": 1})
        got = await asyncio.gather(*(asyncio.wait_for(s.get(), timeout=5) for s in subscriptions))
        for subscription in subscriptions:
            await subscription.close()
        return listeners, [event["n"] for event in got], len(broker._listeners)

    listeners, received, left = asyncio.run(many())
    assert (listeners, received, left) == (1, [1] * 200, 0)


def test_when_redis_drops_the_viewers_streams_end_so_their_pages_reconnect():
    url = redis_url()

    async def drop() -> str:
        broker = RedisBroker(url)
        subscription = await broker.subscribe(10)
        listener = next(iter(broker._listeners.values()))
        await listener.pubsub.connection.disconnect()  # as if Redis restarted
        try:
            await asyncio.wait_for(subscription.get(), timeout=5)
        except ConnectionError as error:
            return str(error)
        finally:
            await subscription.close()
        return "no error"

    assert "dropped" in asyncio.run(drop())


def test_a_slow_subscriber_keeps_only_the_latest_thousand_events():
    async def flood() -> int:
        broker = InProcessBroker()
        subscription = await broker.subscribe(1)
        for n in range(1500):
            broker.publish(1, {"n": n})
        await asyncio.sleep(0.05)
        first = await subscription.get()
        await subscription.close()
        return first["n"]

    assert asyncio.run(flood()) == 500


def test_a_flood_of_changes_is_published_as_one_message(settings, monkeypatch):
    import time

    from chophien.live import events

    settings.LIVE_PUBLISH_SECONDS = 0.1
    published: list[int] = []
    monkeypatch.setattr(events, "publish_pins_state", lambda session_id: published.append(session_id))

    for _ in range(100):
        events.publish_soon(7)
    events.publish_soon(8)
    time.sleep(0.4)

    assert sorted(published) == [7, 8]
