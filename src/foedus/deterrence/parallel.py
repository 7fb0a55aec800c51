"""Run many independent tasks locally or on Dask, in a fixed order, with rich progress.

Results are returned in task order whatever the order of completion, and every random task
carries its own `numpy.random.SeedSequence` child, so local and Dask runs give identical numbers.
Dask: a `LocalCluster(host="127.0.0.1", dashboard_address=None, n_workers=2,
threads_per_worker=1)` by default, or a `Client` to the scheduler at `scheduler`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import Any

from foedus.errors import ModelError


@contextmanager
def _progress(enabled: bool, total: int, label: str):
    if not enabled:
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)


def map_local(fn: Callable[..., Any], args: Sequence[tuple], *, progress: bool = False,
              label: str = "tasks") -> list[Any]:
    out = []
    with _progress(progress, len(args), label) as advance:
        for a in args:
            out.append(fn(*a))
            advance()
    return out


@contextmanager
def dask_client(scheduler: str | None = None, n_workers: int = 2):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is installed with foedus
        raise ModelError("the dask backend needs dask[distributed]",
                         hint="pip install 'dask[distributed]'") from exc
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as exc:
            raise ModelError(f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                             hint="check the address, e.g. tcp://127.0.0.1:8786") from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(host="127.0.0.1", dashboard_address=None, n_workers=n_workers,
                           threads_per_worker=1, processes=True)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def map_dask(fn: Callable[..., Any], args: Sequence[tuple], *, scheduler: str | None = None,
             progress: bool = False, label: str = "tasks") -> list[Any]:
    from dask.distributed import as_completed

    with dask_client(scheduler) as client:
        futures = [client.submit(fn, *a, pure=False) for a in args]
        index = {f.key: i for i, f in enumerate(futures)}
        out: list[Any] = [None] * len(futures)
        with _progress(progress, len(futures), label) as advance:
            for fut in as_completed(futures):
                out[index[fut.key]] = fut.result()
                advance()
    return out
