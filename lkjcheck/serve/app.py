"""The reviewer's page: an ASGI app (Starlette) around `Session`.

Who may drive it: only this computer (unless the user chose `--host`), only
with the Host names it was started under (a web page elsewhere cannot reach it
through DNS rebinding), and only with the session's token, which the page got
in the link `lkjcheck serve` printed. Every call that does something carries
the token in a header: another page in the same browser can neither read it
nor send that header across origins without a preflight this app never grants.
"""
from __future__ import annotations

import hmac
import ipaddress
import json
import threading
from pathlib import Path
from urllib.parse import quote, unquote

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from lkjcheck.errors import InputError
from lkjcheck.serve import upload, view
from lkjcheck.serve.session import WAIVER_FILE, Session

TOKEN_HEADER = "x-lkjcheck-token"

# What the page may load: its own scripts and styles, nothing from elsewhere.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
}

DOWNLOADS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "html": ("text/html; charset=utf-8", "html"),
    "json": ("application/json", "json"),
}


class Gate:
    """Refuses requests from elsewhere, and to host names this server was not started under."""

    def __init__(self, app, allowed_hosts: set[str] | None, local_only: bool, lang: str):
        self.app = app
        self.allowed_hosts = allowed_hosts
        self.local_only = local_only
        self.L = view.labels(lang)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            refusal = self._refusal(scope)
            if refusal:
                await PlainTextResponse(refusal, status_code=403, headers=SECURITY_HEADERS)(scope, receive, send)
                return

            async def send_secured(message):
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers", []))
                    present = {k.lower() for k, _ in headers}
                    for k, v in SECURITY_HEADERS.items():
                        if k.encode() not in present:
                            headers.append((k.encode(), v.encode()))
                    message = {**message, "headers": headers}
                await send(message)

            await self.app(scope, receive, send_secured)
            return
        await self.app(scope, receive, send)

    def _refusal(self, scope) -> str | None:
        if self.local_only:
            client = (scope.get("client") or ("", 0))[0]
            try:
                if not ipaddress.ip_address(client).is_loopback:
                    return self.L["local_only"]
            except ValueError:
                return self.L["local_only"]
        if self.allowed_hosts is not None:
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").lower()
            if host not in self.allowed_hosts:
                return self.L["bad_host"]
        return None


def create_app(session: Session, token: str, *, allowed_hosts: set[str] | None = None,
               local_only: bool = True) -> Gate:
    lang = session.opts.lang
    L = view.labels(lang)
    env = Environment(loader=PackageLoader("lkjcheck.serve", "templates"), autoescape=select_autoescape(["html"]))
    templates = Jinja2Templates(env=env)

    def authorised(request: Request) -> bool:
        given = request.headers.get(TOKEN_HEADER, "")
        return hmac.compare_digest(given.encode(), token.encode())

    def refuse(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error": message}, status_code=status)

    def guarded(needs_job: bool = True, finished: bool = False):
        """Every API call: the token first; then the job it names, and for some, a finished one."""
        def wrap(handler):
            async def endpoint(request: Request):
                if not authorised(request):
                    return refuse(403, L["no_token"])
                if not needs_job:
                    return await handler(request)
                job = session.get(request.path_params["job"])
                if job is None:
                    return refuse(404, L["no_job"])
                if finished and job.result is None:
                    return refuse(409, job.error or L["not_ready"])
                return await handler(request, job)
            return endpoint
        return wrap

    async def index(request: Request):
        if not hmac.compare_digest(request.query_params.get("token", "").encode(), token.encode()):
            return HTMLResponse(f"<!DOCTYPE html><meta charset=utf-8><p>{L['no_token']}</p>", status_code=403)
        return templates.TemplateResponse(request, "index.html", {
            "L": L, "lang": lang, "token": token, "limit_mb": session.limits.upload_bytes // upload.MiB,
            "accept": ",".join(upload.ACCEPTED), "formats": [f for f in DOWNLOADS if _has_format(f)],
        })

    async def health(request: Request):
        return JSONResponse({"ok": True, "ready": session.ready.is_set()})

    @guarded(needs_job=False)
    async def receive_upload(request: Request):
        name = unquote(request.headers.get("x-filename", "")) or upload.DEFAULT_NAME
        try:
            upload.kind_of(name)
        except InputError as e:
            return refuse(415, e.text(lang))
        year = request.headers.get("x-tahun", "").strip()
        if year and not (year.isdigit() and 1900 <= int(year) <= 2200):
            return refuse(400, L["bad_year"])
        limit = session.limits.upload_bytes
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            return refuse(413, upload.too_large(name, int(declared), limit).text(lang))
        root = upload.private_folder()
        session.live_folders.add(root)
        saved = root / upload.safe_name(name)
        size = 0
        try:
            with open(saved, "xb") as out:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise upload.too_large(name, size, limit)
                    out.write(chunk)
        except InputError:
            _drop(session, root)
            return refuse(413, upload.too_large(name, size, limit).text(lang))
        except BaseException:
            # The browser went away mid-upload: nothing of it may stay behind.
            _drop(session, root)
            raise
        if size == 0:
            _drop(session, root)
            return refuse(400, L["empty_upload"])
        job = session.new_job(name)
        threading.Thread(target=session.check, args=(job, saved, root, int(year) if year else None), daemon=True,
                         name=f"lkjcheck-check-{job.id}").start()
        return JSONResponse({"job": job.id})

    @guarded()
    async def job_state(request: Request, job):
        label = L[f"stage_{job.stage}"] + (f" {job.detail}" if job.stage == "memeriksa" and job.detail else "")
        return JSONResponse({"stage": job.stage, "label": label, "done": job.done, "error": job.error})

    def fragment(request: Request, job) -> Response:
        families = session.families()
        datasets, choices = view.page_datasets(job, families)
        return templates.TemplateResponse(request, "findings.html", {
            "L": L, "lang": lang, "job": job, "datasets": datasets, "choices": choices,
            "summary": view.summary(job, families), "formats": [f for f in DOWNLOADS if _has_format(f)],
            "waivers": job.waivers,
        })

    @guarded(finished=True)
    async def findings(request: Request, job):
        return fragment(request, job)

    @guarded(finished=True)
    async def add_waiver(request: Request, job):
        try:
            body = json.loads((await request.body())[:64 * 1024] or b"{}")
            index = int(body.get("finding", -1))
            session.add_waiver(job, index, str(body.get("justification", ""))[:2000], str(body.get("by", ""))[:200],
                               str(body.get("until", ""))[:20])
        except InputError as e:
            return refuse(400, e.message(lang))
        except (ValueError, TypeError, AttributeError):
            return refuse(400, L["bad_request"])
        return fragment(request, job)

    @guarded(finished=True)
    async def remove_waiver(request: Request, job):
        session.remove_waiver(job, request.path_params["n"])
        return fragment(request, job)

    @guarded(finished=True)
    async def download(request: Request, job):
        fmt = request.path_params["fmt"]
        base = Path(upload.safe_name(job.name)).stem
        if fmt == "waivers":
            return Response(session.waiver_yaml(job).encode("utf-8"), media_type="application/yaml",
                            headers={"content-disposition": _attachment(WAIVER_FILE)})
        if fmt not in DOWNLOADS or not _has_format(fmt):
            return refuse(404, L["no_format"])
        import anyio

        body = await anyio.to_thread.run_sync(_render, fmt, job.result)
        media, ext = DOWNLOADS[fmt]
        return Response(body, media_type=media, headers={"content-disposition": _attachment(f"kkr-{base}.{ext}")})

    routes = [
        Route("/", index),
        Route("/api/health", health),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/api/upload", receive_upload, methods=["POST"]),
        Route("/api/jobs/{job}", job_state),
        Route("/api/jobs/{job}/findings", findings),
        Route("/api/jobs/{job}/waivers", add_waiver, methods=["POST"]),
        Route("/api/jobs/{job}/waivers/{n:int}", remove_waiver, methods=["DELETE"]),
        Route("/api/jobs/{job}/download/{fmt}", download),
        Mount("/static", StaticFiles(packages=[("lkjcheck.serve", "static")]), name="static"),
    ]
    return Gate(Starlette(routes=routes), allowed_hosts, local_only, lang)


def _attachment(name: str) -> str:
    """A download's name: ASCII for every browser, and the reviewer's own words (RFC 6266) for those that read it."""
    return f"attachment; filename=\"{upload.ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def _drop(session: Session, root: Path) -> None:
    upload.remove(root)
    session.live_folders.discard(root)


def _has_format(fmt: str) -> bool:
    from lkjcheck.report import FORMATS

    return fmt in FORMATS


def _render(fmt: str, result) -> bytes:
    from lkjcheck.report import get_renderer

    out = get_renderer(fmt)(result)
    return out.encode("utf-8") if isinstance(out, str) else bytes(out)
