"""The web app: FastAPI routes over ``dateline.serve.data``; HTML pages and their ``/api`` JSON twins.

Each page has one data function; the HTML route renders its dict with a Jinja2 template (autoescape on,
article content never marked safe; the highlighted article text is built from escaped segments) and the
API route returns the same dict. The store is opened read-only, one connection per worker thread.
Limits on every parameter are declared here, so they appear in the OpenAPI schema at ``/openapi.json``.
Timelines, searches and rendered hot pages are cached in small LRUs keyed by the URL (or parameters)
and the store file's mtime, so a new ingest is visible at once without any purge.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from dateline.export import EXTENSIONS, FORMATS, MEDIA_TYPES, render, safe_url
from dateline.serve import data
from dateline.serve.cache import LRUCache, store_version
from dateline.serve.chart import bar_chart
from dateline.serve.highlight import article_marks, segments, to_html
from dateline.store import QuerySyntaxError, Store, open_store
from dateline.timeline.errors import QueryError, TimelineError
from dateline.types import AHEAD, CARRIED, RESOLVED, Timeline

HERE = Path(__file__).parent
logger = logging.getLogger("dateline.serve")
MAX_LIMIT = 100
MAX_OFFSET = 10_000
MAX_T = 50
MAX_N = 10
PAGE_CACHE_BYTES = 64 * 1024 * 1024  # rendered pages kept in memory, at most
DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2})?$"

# -- parameters (one definition each, shared by the HTML and the API routes) ------------------

Q = Annotated[
    str | None, Query(max_length=500, description='FTS5 full-text query (words, "phrases", OR, NOT)')
]
DateFrom = Annotated[
    str | None, Query(pattern=DATE_PATTERN, description="Earliest publication date, YYYY-MM-DD")
]
DateTo = Annotated[str | None, Query(pattern=DATE_PATTERN, description="Latest publication date, YYYY-MM-DD")]
Source = Annotated[str | None, Query(max_length=200, description="Only articles from this source")]
EntityQ = Annotated[str | None, Query(max_length=200, description="Only articles mentioning this entity")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description=f"Rows to skip, at most {MAX_OFFSET}")]
TDates = Annotated[
    int, Query(ge=1, le=MAX_T, description=f"Number of dates in the timeline, at most {MAX_T}")
]
NSents = Annotated[int, Query(ge=1, le=MAX_N, description=f"Sentences per date, at most {MAX_N}")]
Method = Annotated[
    str, Query(max_length=40, pattern=r"^[A-Za-z0-9_.-]+$", description="Timeline method name")
]
Background = Annotated[bool, Query(description="Include background events (years before the story)")]
Speaker = Annotated[
    str | None, Query(max_length=200, description="Speaker name (substring, case-insensitive)")
]
Hl = Annotated[
    str | None, Query(pattern=r"^\d{1,9}-\d{1,9}$", description="Character span to highlight, START-END")
]
ArticleId = Annotated[str, PathParam(max_length=200, description="Article id")]
EntityName = Annotated[str, PathParam(max_length=200, description="Entity name, as stored")]
Format = Annotated[str, Query(pattern="^(" + "|".join(FORMATS) + ")$", description="Export format")]


def _blank(value: str | None) -> str | None:
    """HTML forms send empty fields as ``""``: treat them as absent."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def _date(name: str, value: str | None) -> date | None:
    value = _blank(value)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name}: {value!r} is not a valid date (YYYY-MM-DD)") from None


@dataclass(frozen=True)
class TimelineParams:
    q: str | None
    entity: str | None
    T: int  # noqa: N815
    N: int  # noqa: N815
    method: str
    date_from: date | None
    date_to: date | None
    background: bool

    def builder_kwargs(self) -> dict[str, Any]:
        return {
            "query": self.q,
            "entity": self.entity,
            "T": self.T,
            "N": self.N,
            "method": self.method,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "background": self.background,
        }


def _default_builder(store: Store, **kwargs: Any) -> Timeline:
    try:
        from dateline.timeline import build_timeline
    except ImportError as e:  # pragma: no cover - depends on the timeline stage's progress
        raise HTTPException(503, "timeline stage not available in this install of dateline") from e
    return build_timeline(store, **kwargs)


def _methods() -> list[str]:
    try:
        from dateline.timeline import METHODS
    except ImportError:  # pragma: no cover
        return []
    # Methods that must first learn from dev data cannot run on a store as is: do not offer them.
    usable = sorted(
        m for m, cls in METHODS.items() if m != "default" and not getattr(cls, "requires_fit", False)
    )
    return ["default", *usable]


class _Stores:
    """One read-only store connection per worker thread (sqlite3 connections are not shared)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.path, readonly=True)
            self._local.store = store
        return store


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # never turned off, and no template uses |safe on content
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.globals["AHEAD"] = AHEAD
    env.globals["CARRIED"] = CARRIED
    env.globals["RESOLVED"] = RESOLVED
    return Jinja2Templates(env=env)


SECURITY_HEADERS = {
    # Defence in depth behind escaping: no inline script, no third-party resource, no framing.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class JSON(JSONResponse):
    """JSON straight from the data dict (no ``jsonable_encoder`` pass); odd values (dates in a method's
    params) become strings instead of a 500."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


class SecurityHeaders:
    """Pure ASGI middleware adding ``SECURITY_HEADERS`` (cheaper per request than ``@app.middleware``)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.raw = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith(("/docs", "/redoc")):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *(h for h in self.raw if h[0] not in present),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _query_string(params: dict[str, Any], **override: Any) -> str:
    merged = {**params, **override}
    return urlencode(
        {
            k: ("true" if v is True else "false" if v is False else v)
            for k, v in merged.items()
            if v is not None and v != ""
        }
    )


def api_reference(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Endpoints and their parameters with limits, flattened from an OpenAPI schema for the /api page."""
    out = []
    for path, ops in spec.get("paths", {}).items():
        for verb, op in ops.items():
            params = []
            for prm in op.get("parameters", []):
                schema = prm.get("schema", {})
                options = schema.get("anyOf", [schema])
                kinds = [o.get("type", "") for o in options if o.get("type") != "null"]
                limits = {
                    k: o[k] for o in options for k in ("minimum", "maximum", "maxLength", "pattern") if k in o
                }
                params.append(
                    {
                        "name": prm["name"],
                        "in": prm.get("in"),
                        "type": "/".join(kinds),
                        "required": prm.get("required"),
                        "default": schema.get("default"),
                        "limits": limits,
                        "description": prm.get("description", ""),
                    }
                )
            out.append(
                {"path": path, "verb": verb.upper(), "summary": op.get("summary", ""), "params": params}
            )
    return out


def create_app(
    db_path: str | Path,
    timeline_builder: Any = None,
    cache_size: int = 128,
    search_cache_size: int = 256,
) -> FastAPI:
    """The app over the store at ``db_path`` (checked now: a missing store fails here, not per request)."""
    path = Path(db_path)
    open_store(path, readonly=True).close()  # raises StoreError naming the file
    stores = _Stores(path)
    builder = timeline_builder or _default_builder
    cache: LRUCache[Timeline] = LRUCache(cache_size)
    side_cache: LRUCache[Any] = LRUCache(8)
    search_cache: LRUCache[dict[str, Any]] = LRUCache(search_cache_size)
    page_cache: LRUCache[bytes] = LRUCache(2 * search_cache_size, max_weight=PAGE_CACHE_BYTES, weigh=len)
    templates = _templates()

    app = FastAPI(
        title="dateline",
        description="Timelines from dated news articles. Read-only JSON API; every list is paginated "
        f"(limit <= {MAX_LIMIT}, offset <= {MAX_OFFSET}); timelines allow T <= {MAX_T} dates and "
        f"N <= {MAX_N} sentences per date. FTS query syntax errors return 400.",
        version="1",
    )
    app.state.timeline_cache = cache
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    app.add_middleware(SecurityHeaders)

    # -- errors: JSON under /api, an HTML page elsewhere; never a traceback ------------------

    def _error(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api"):
            return JSON({"detail": message}, status_code=status, headers=SECURITY_HEADERS)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "message": message},
            status_code=status,
            headers=SECURITY_HEADERS,
        )

    @app.exception_handler(QuerySyntaxError)
    async def _bad_query(request: Request, exc: QuerySyntaxError) -> Response:
        return _error(request, 400, f'q: {exc} (put words with punctuation in "double quotes")')

    @app.exception_handler(data.NotFound)
    async def _not_found(request: Request, exc: data.NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(TimelineError)
    async def _no_timeline(request: Request, exc: Exception) -> Response:
        return _error(request, 404, f"no timeline: {exc}")

    @app.exception_handler(QueryError)  # a TimelineError too, but the request is at fault: 400, not 404
    async def _bad_timeline_query(request: Request, exc: Exception) -> Response:
        return _error(request, 400, f'q: {exc} (put words with punctuation in "double quotes")')

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        # Logged with its traceback by uvicorn; the reader gets one line naming the page and the reason.
        return _error(request, 500, f"{request.url.path}: internal error ({type(exc).__name__}: {exc})")

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
            parts.append(f"{loc or 'request'}: {err.get('msg', 'invalid')}")
        return _error(request, 422, "; ".join(parts) or "invalid request")

    # -- shared helpers -----------------------------------------------------------------------

    def overview() -> dict[str, Any]:
        return side_cache.get_or_compute(
            ("overview", store_version(path)), lambda: data.overview(stores.get())
        )

    def guarded_build(store: Store, **kwargs: Any) -> Timeline:
        """A bug in a timeline method becomes a logged, clean 500 (not a dropped connection)."""
        try:
            return builder(store, **kwargs)
        except (TimelineError, HTTPException, QuerySyntaxError):
            raise
        except Exception as e:
            logger.exception("timeline %r failed", kwargs)
            raise HTTPException(500, f"timeline method failed ({type(e).__name__}: {e})") from e

    def cached_builder(store: Store, **kwargs: Any) -> Timeline:
        key = (tuple(sorted(kwargs.items())), store_version(path))
        return cache.get_or_compute(key, lambda: guarded_build(store, **kwargs))

    def timeline_params(
        q: str | None,
        entity: str | None,
        T: int,
        N: int,
        method: str,  # noqa: N803
        date_from: str | None,
        date_to: str | None,
        background: bool,
    ) -> TimelineParams:
        p = TimelineParams(
            q=_blank(q),
            entity=_blank(entity),
            T=T,
            N=N,
            method=method,
            date_from=_date("date_from", date_from),
            date_to=_date("date_to", date_to),
            background=background,
        )
        if not p.q and not p.entity:
            raise HTTPException(422, "q or entity: give a query or an entity to build a timeline for")
        known = _methods()
        if known and method not in known:
            raise HTTPException(
                422, f"method: {method!r} is not a timeline method (choose one of {', '.join(known)})"
            )
        return p

    def timeline_data(p: TimelineParams) -> dict[str, Any]:
        return data.timeline(
            cached_builder,
            stores.get(),
            q=p.q,
            entity=p.entity,
            T=p.T,
            N=p.N,
            method=p.method,
            date_from=p.date_from,
            date_to=p.date_to,
            background=p.background,
        )

    def pages(
        request: Request, params: dict[str, Any], has_more: bool, offset: int, limit: int
    ) -> dict[str, Any]:
        base = request.url.path
        return {
            "next": f"{base}?{_query_string(params, offset=offset + limit)}" if has_more else None,
            "prev": f"{base}?{_query_string(params, offset=max(0, offset - limit))}" if offset > 0 else None,
        }

    def search_data(
        q: str | None,
        date_from: str | None,
        date_to: str | None,
        source: str | None,
        entity: str | None,
        limit: int,
        offset: int,
    ) -> dict[str, Any]:
        kwargs = {
            "q": _blank(q),
            "date_from": _date("date_from", date_from),
            "date_to": _date("date_to", date_to),
            "source": _blank(source),
            "entity": _blank(entity),
            "limit": limit,
            "offset": offset,
        }
        # Popular searches repeat; BM25 over every match is the costly part. Same invalidation as timelines.
        key = (tuple(kwargs.items()), store_version(path))
        return search_cache.get_or_compute(key, lambda: data.search(stores.get(), **kwargs))

    def page(request: Request, template: str, context: dict[str, Any]) -> HTMLResponse:
        return templates.TemplateResponse(request, template, context)

    async def cached_page(
        request: Request, render_page: Any, media_type: str = "text/html; charset=utf-8"
    ) -> Response:
        """The rendered body for this exact URL and store version (hot timeline, search and article pages,
        HTML or JSON): a repeat request costs no query, no template, no serialization and no thread hop
        (served on the event loop); a miss renders in the thread pool, where the store connections live."""
        key = (request.url.path, request.url.query, store_version(path))
        body = page_cache.peek(key)
        if body is None:
            body = await run_in_threadpool(page_cache.get_or_compute, key, lambda: bytes(render_page().body))
        return Response(body, media_type=media_type)

    # -- search -------------------------------------------------------------------------------

    @app.get("/api/search", tags=["api"], summary="Full-text article search (BM25), paginated")
    async def api_search(
        request: Request,
        q: Q = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        source: Source = None,
        entity: EntityQ = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> JSON:
        def render_json() -> JSON:
            d = search_data(q, date_from, date_to, source, entity, limit, offset)
            return JSON({**d, **pages(request, d["params"], d["has_more"], offset, limit)})

        return await cached_page(request, render_json, JSON.media_type)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    async def search_page(
        request: Request,
        q: Q = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        source: Source = None,
        entity: EntityQ = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> HTMLResponse:
        def render_page() -> HTMLResponse:
            d = search_data(q, date_from, date_to, source, entity, limit, offset)
            srcs = side_cache.get_or_compute(
                ("sources", store_version(path)), lambda: data.sources(stores.get())
            )
            return page(
                request,
                "search.html",
                {
                    "d": d,
                    "sources": srcs,
                    "stats": overview(),
                    "methods": _methods(),
                    **pages(request, d["params"], d["has_more"], offset, limit),
                },
            )

        return await cached_page(request, render_page)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request) -> HTMLResponse:
        """The API reference from the OpenAPI schema, readable offline (Swagger UI needs a CDN)."""
        return page(request, "api.html", {"endpoints": api_reference(app.openapi())})

    @app.get("/api/stats", tags=["api"], summary="What the store holds")
    def api_stats() -> JSON:
        return JSON(overview())

    # -- timeline -----------------------------------------------------------------------------

    @app.get("/api/timeline", tags=["api"], summary="Timeline for a query or an entity (cached)")
    async def api_timeline(
        request: Request,
        q: Q = None,
        entity: EntityQ = None,
        T: TDates = 10,
        N: NSents = 2,  # noqa: N803
        method: Method = "default",
        date_from: DateFrom = None,
        date_to: DateTo = None,
        background: Background = True,
    ) -> JSON:
        p = timeline_params(q, entity, T, N, method, date_from, date_to, background)
        return await cached_page(request, lambda: JSON(timeline_data(p)), JSON.media_type)

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    async def timeline_page(
        request: Request,
        q: Q = None,
        entity: EntityQ = None,
        T: TDates = 10,  # noqa: N803
        N: NSents = 2,
        method: Method = "default",
        date_from: DateFrom = None,  # noqa: N803
        date_to: DateTo = None,
        background: Background = True,
    ) -> HTMLResponse:
        p = timeline_params(q, entity, T, N, method, date_from, date_to, background)

        def render_page() -> HTMLResponse:
            d = timeline_data(p)
            return page(
                request,
                "timeline.html",
                {
                    "d": d,
                    "methods": _methods() or [p.method],
                    "formats": FORMATS,
                    "qs": _query_string(d["params"]),
                    "max_t": MAX_T,
                    "max_n": MAX_N,
                },
            )

        return await cached_page(request, render_page)

    @app.get(
        "/timeline/export", tags=["api"], summary="Download a timeline as text|md|json|html|csv|timelinejs"
    )
    def timeline_export(
        format: Format = "md",
        q: Q = None,
        entity: EntityQ = None,  # noqa: A002
        T: TDates = 10,
        N: NSents = 2,
        method: Method = "default",  # noqa: N803
        date_from: DateFrom = None,
        date_to: DateTo = None,
        background: Background = True,
    ) -> Response:
        p = timeline_params(q, entity, T, N, method, date_from, date_to, background)
        tl = cached_builder(stores.get(), **p.builder_kwargs())
        name = "".join(c if c.isalnum() else "-" for c in (p.q or p.entity or "timeline"))[:60].strip("-")
        return Response(
            render(tl, format),
            media_type=MEDIA_TYPES[format],
            headers={
                "Content-Disposition": f'attachment; filename="{name or "timeline"}.{EXTENSIONS[format]}"'
            },
        )

    # -- article ------------------------------------------------------------------------------

    @app.get(
        "/api/article/{article_id:path}", tags=["api"], summary="One article with its annotations (spans)"
    )
    def api_article(article_id: ArticleId) -> JSON:
        return JSON(data.article(stores.get(), article_id))

    @app.get("/article/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    async def article_page(request: Request, article_id: ArticleId, hl: Hl = None) -> HTMLResponse:
        def render_page() -> HTMLResponse:
            d = data.article(stores.get(), article_id)
            span = tuple(int(x) for x in hl.split("-")) if hl else None
            marks, badges = article_marks(d, span)  # type: ignore[arg-type]
            highlighted = to_html(segments(d["article"]["text"], marks, badges))
            return page(request, "article.html", {"d": d, "highlighted": highlighted, "hl": span is not None})

        return await cached_page(request, render_page)

    # -- quotes -------------------------------------------------------------------------------

    def quotes_data(
        speaker: str | None, date_from: str | None, date_to: str | None, limit: int, offset: int
    ) -> dict[str, Any]:
        return data.quotes(
            stores.get(),
            speaker=_blank(speaker),
            date_from=_date("date_from", date_from),
            date_to=_date("date_to", date_to),
            limit=limit,
            offset=offset,
        )

    @app.get("/api/quotes", tags=["api"], summary="Who said what, when; paginated")
    def api_quotes(
        request: Request,
        speaker: Speaker = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> JSON:
        d = quotes_data(speaker, date_from, date_to, limit, offset)
        return JSON({**d, **pages(request, d["params"], d["has_more"], offset, limit)})

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(
        request: Request,
        speaker: Speaker = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> HTMLResponse:
        d = quotes_data(speaker, date_from, date_to, limit, offset)
        return page(
            request, "quotes.html", {"d": d, **pages(request, d["params"], d["has_more"], offset, limit)}
        )

    # -- entities -----------------------------------------------------------------------------

    @app.get("/api/entities", tags=["api"], summary="Entities by number of articles; paginated")
    def api_entities(request: Request, q: EntityQ = None, limit: Limit = 50, offset: Offset = 0) -> JSON:
        d = data.entities(stores.get(), q=_blank(q), limit=limit, offset=offset)
        return JSON({**d, **pages(request, d["params"], d["has_more"], offset, limit)})

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(
        request: Request, q: EntityQ = None, limit: Limit = 50, offset: Offset = 0
    ) -> HTMLResponse:
        d = data.entities(stores.get(), q=_blank(q), limit=limit, offset=offset)
        return page(
            request, "entities.html", {"d": d, **pages(request, d["params"], d["has_more"], offset, limit)}
        )

    @app.get("/api/entity/{name:path}", tags=["api"], summary="An entity: mentions over time, quotes")
    def api_entity(name: EntityName) -> JSON:
        return JSON(data.entity(stores.get(), name))

    @app.get("/entity/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(
        request: Request,
        name: EntityName,
        T: TDates = 8,  # noqa: N803
        N: NSents = 1,
        method: Method = "default",
    ) -> HTMLResponse:
        d = data.entity(stores.get(), name)
        chart = bar_chart([(p["period"], p["articles"]) for p in d["series"]])
        tl: dict[str, Any] | None = None
        tl_error: str | None = None
        try:
            tl = timeline_data(timeline_params(None, name, T, N, method, None, None, True))
        except (TimelineError, HTTPException) as e:
            tl_error = str(getattr(e, "detail", e))
        except Exception as e:  # noqa: BLE001 - the rest of the entity page is still worth showing
            logger.exception("entity %r: timeline failed", name)
            tl_error = f"timeline failed ({type(e).__name__}: {e})"
        return page(
            request,
            "entity.html",
            {
                "d": d,
                "chart": chart,
                "tl": tl,
                "tl_error": tl_error,
                "tl_qs": _query_string({"entity": name, "T": T, "N": N, "method": method}),
            },
        )

    return app


SERVE_DB_ENV = "DATELINE_SERVE_DB"


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` with several worker processes (each opens its own connections)."""
    return create_app(os.environ[SERVE_DB_ENV])
