"""`lkjcheck serve`: bind, print the link with the session token, open the browser, serve until Ctrl-C."""
from __future__ import annotations

import secrets
import socket
import sys
import threading
import time

LOCAL_HOST = "127.0.0.1"


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def allowed_hosts(port: int) -> set[str]:
    return {f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")}


def serve(opts, limits, host: str | None, port: int, open_browser: bool, echo) -> None:
    """Run until interrupted. ``host`` is None unless the user named one: only then may others connect."""
    import uvicorn

    from lkjcheck.serve.app import create_app
    from lkjcheck.serve.session import Session

    explicit = host is not None
    bind_host = host or LOCAL_HOST
    try:
        sock = _bind(bind_host, port)
    except OSError as e:
        raise OSError(f"{bind_host}:{port}: {e.strerror or e}") from None
    port = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    session = Session(opts, limits)
    app = create_app(session, token, allowed_hosts=None if explicit else allowed_hosts(port), local_only=not explicit)
    shown = bind_host if bind_host not in ("0.0.0.0", "::") else LOCAL_HOST
    shown = f"[{shown}]" if ":" in shown else shown
    url = f"http://{shown}:{port}/?token={token}"
    from lkjcheck.i18n import t

    echo(t("serve.open_url", opts.lang, url=url))
    if explicit and bind_host not in ("127.0.0.1", "::1", "localhost"):
        echo(t("serve.host_opens_to_network", opts.lang), err=True)
    sys.stdout.flush()
    if open_browser:
        import webbrowser

        threading.Timer(0.3, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False,
                            proxy_headers=False, timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)

    def warm_up_when_serving():
        # Importing pandas holds the interpreter for a second; doing it only
        # once the page answers keeps start-up at the web stack's own cost.
        while not server.started and not server.should_exit:
            time.sleep(0.01)
        session.warm_up()

    threading.Thread(target=warm_up_when_serving, daemon=True, name="lkjcheck-warm-up").start()
    try:
        server.run(sockets=[sock])
    finally:
        session.cleanup()
        sock.close()
