"""A real server process on 127.0.0.1 for browser, reliability and crash tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from foedus.server import services as svc
from foedus.server.db import Database

DATA = Path(__file__).parent / "data"
DESK = (DATA / "desk-2025.yaml").read_text(encoding="utf-8")
REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    data_dir: Path
    port: int
    proc: subprocess.Popen | None = None
    database_url: str | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'foedus.db'}"

    def start(self, timeout: float = 60.0) -> LiveServer:
        env = {**os.environ, "FOEDUS_DATA_DIR": str(self.data_dir)}
        env.pop("FOEDUS_DATABASE_URL", None)
        if self.database_url:
            env["FOEDUS_DATABASE_URL"] = self.database_url
        log = open(self.data_dir / f"server-{self.port}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "foedus.server", "serve", "--host", "127.0.0.1",
             "--port", str(self.port), "--data-dir", str(self.data_dir)],
            env=env, stdout=log, stderr=log,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: "
                                   + (self.data_dir / f"server-{self.port}.log").read_text()[-2000:])
            try:
                if httpx.get(self.url + "/api/health", timeout=1.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not come up in time")

    def kill(self) -> None:
        """SIGKILL: no clean-up, no flush, exactly like a crash."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def seed_user(self, username: str, role: str, password: str) -> str:
        """Create a user directly in the database (as `foedus admin create-user` does); returns
        an API token."""
        db = Database(self.db_url)
        db.migrate()
        try:
            with db.write() as s:
                user = svc.create_user(s, None, username, password, role)
                _, raw = svc.create_token(s, None, user, "test")
            return raw
        finally:
            db.dispose()
