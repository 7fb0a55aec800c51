"""The ASGI application: API, dashboard, static files, limits and error mapping."""

from __future__ import annotations

import logging
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import IntegrityError

from foedus.server import services as svc
from foedus.server.config import Settings
from foedus.server.db import Database
from foedus.server.security import LoginThrottle

log = logging.getLogger("foedus.server")


class BodyLimit:
    """Reject request bodies over `limit` bytes with 413, whether declared or streamed."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = scope.get("raw_path") or b""
        if b"%00" in raw.lower() or b"\x00" in raw or b"%00" in scope.get("query_string", b""):
            await self._reject(send, 400, b'{"detail":"NUL characters are not accepted"}')
            return
        declared: int | None = None
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.limit + 1
        if declared is not None:
            if declared > self.limit:
                await self._reject(send, 413, b'{"detail":"request body too large"}')
                return
            await self.app(scope, receive, send)
            return
        if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        # no Content-Length (chunked): read up to the limit first, then replay it
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)  # disconnected: let the app see it
                return
            body = message.get("body", b"")
            seen += len(body)
            if seen > self.limit:
                await self._reject(send, 413, b'{"detail":"request body too large"}')
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        buffered = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        sent = False

        async def replay() -> dict:
            nonlocal sent
            if not sent:
                sent = True
                return buffered
            return await receive()

        await self.app(scope, replay, send)

    async def _reject(self, send: Any, status: int, body: bytes) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; form-action 'self'"
    ),
}


HEADINGS = {403: "Not allowed", 404: "Not found", 409: "Not possible now", 422: "Invalid input",
            413: "Too large"}


def _error(status: int, detail: str, request: Request | None = None, **extra: Any) -> Any:
    if request is not None and not request.url.path.startswith("/api/"):
        from foedus.server.web import render

        return render(request, "error.html", None, status=status, status_code=status,
                      heading=HEADINGS.get(status, "Error"), message=detail)
    return JSONResponse({"detail": detail, **extra}, status_code=status)


def create_app(settings: Settings | None = None, database: Database | None = None,
               migrate: bool = True) -> Any:
    settings = settings or Settings.from_env()
    db = database or Database(settings.database_url)
    if migrate:
        db.migrate()
    app = FastAPI(
        title="foedus server",
        version="0.1.0",
        description="Incident reports in, obligations out: verification, automatic evaluation "
        "of confirmed incidents against the commitments in force, obligations with deadlines, "
        "coverage, access control and a hash-chained audit log. See docs/server.md.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.db = db
    app.state.settings = settings
    app.state.login_throttle = LoginThrottle(settings.login_max_failures, settings.login_window_seconds)

    from foedus.server.api import router
    from foedus.server.web import router as web_router

    app.include_router(router)
    app.include_router(web_router)
    static = resources.files("foedus.server") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.exception_handler(svc.Unauthorized)
    async def _unauth(request: Request, exc: svc.Unauthorized) -> JSONResponse:
        if not request.url.path.startswith("/api/"):
            from fastapi.responses import RedirectResponse

            return RedirectResponse("/login", status_code=303)  # type: ignore[return-value]
        resp = _error(401, "not authenticated")
        resp.headers["WWW-Authenticate"] = "Bearer"
        return resp

    @app.exception_handler(svc.NotFound)
    async def _not_found(request: Request, exc: svc.NotFound) -> JSONResponse:
        return _error(404, "not found", request)

    @app.exception_handler(svc.Forbidden)
    async def _forbidden(request: Request, exc: svc.Forbidden) -> JSONResponse:
        return _error(403, str(exc) or "forbidden", request)

    @app.exception_handler(svc.Conflict)
    async def _conflict(request: Request, exc: svc.Conflict) -> JSONResponse:
        return _error(409, str(exc) or "conflict", request)

    @app.exception_handler(svc.Invalid)
    async def _invalid(request: Request, exc: svc.Invalid) -> JSONResponse:
        return _error(422, exc.message, request, field=exc.field, hint=exc.hint)

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        return _error(409, "conflicts with a stored object", request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        field = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body",))
        detail = str(first.get("msg", "invalid input"))[:300]
        return _error(422, detail, request, field=field or None, hint=None)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    if settings.max_body_bytes:
        app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app
