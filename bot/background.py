"""A thread pool that can be waited on until idle (for tests and orderly shutdown)."""

import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait


class TrackedPool(ThreadPoolExecutor):
    """A ThreadPoolExecutor that remembers unfinished tasks so drain() can wait for them."""

    def __init__(self, threads: int, name: str):
        super().__init__(max_workers=threads, thread_name_prefix=name)
        self._unfinished: set[Future] = set()
        self._guard = threading.Lock()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        """Run a task in the background and remember it until it ends."""
        future = super().submit(fn, *args, **kwargs)
        with self._guard:
            self._unfinished.add(future)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, future: Future) -> None:
        """Forget a task that has ended."""
        with self._guard:
            self._unfinished.discard(future)

    def drain(self, timeout: float = 10.0) -> None:
        """Wait until every task submitted so far (and any they submit) has ended."""
        for _ in range(100):
            with self._guard:
                pending = set(self._unfinished)
            if not pending:
                return
            wait(pending, timeout=timeout)
