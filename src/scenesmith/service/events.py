"""Fan-out of job events to Server-Sent Events listeners: worker threads publish, each listener has its own asyncio queue."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Event:
    name: str  # queued | stage | progress | end
    data: dict[str, Any]


class EventHub:
    """Listeners per job. `publish` may be called from any thread; listeners read in the event loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: dict[str, set[asyncio.Queue]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def subscribe(self, job_id: str) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue()
        with self._lock:
            self._listeners.setdefault(job_id, set()).add(queue)
        return queue

    def unsubscribe(self, job_id: str, queue: asyncio.Queue) -> None:
        with self._lock:
            listeners = self._listeners.get(job_id)
            if listeners is not None:
                listeners.discard(queue)
                if not listeners:
                    del self._listeners[job_id]

    def count(self) -> int:
        with self._lock:
            return sum(len(v) for v in self._listeners.values())

    def watched(self) -> set[str]:
        with self._lock:
            return set(self._listeners)

    def publish(self, job_id: str, name: str, data: dict[str, Any]) -> None:
        with self._lock:
            queues = list(self._listeners.get(job_id, ()))
        loop = self._loop
        if not queues or loop is None or loop.is_closed():
            return
        event = Event(name, data)
        for queue in queues:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, event)
            except RuntimeError:  # the loop closed meanwhile (shutdown): nobody is listening any more
                return
