"""A test's own app server in a subprocess, which fails at once, saying why, when it does not come up."""

import http.client
import subprocess
import time
from pathlib import Path

TAIL = 4000  # characters of the server's stderr quoted when it fails


class ServerDidNotStart(RuntimeError):
    pass


def _tail(log: Path) -> str:
    text = log.read_text(errors="replace").strip() if log.exists() else ""
    return text[-TAIL:] or "(nothing on stderr)"


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def start_server(args: list[str], *, port: int, cwd: Path, env: dict[str, str], log: Path,
                 timeout: float = 30.0) -> subprocess.Popen:
    """Run `args`, a server binding 127.0.0.1:`port`, with its stderr written to `log`, and return it once it
    answers an HTTP request (with any status). If it exits first, or has not answered within `timeout` seconds,
    stop it and raise ServerDidNotStart with the end of its stderr, instead of letting the tests wait on it.

    An answer, not an open port: gunicorn's master listens before its worker has loaded the app, and a worker that
    cannot load it leaves the port open until the master gives up."""
    with log.open("wb") as stderr:
        server = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    command = " ".join(args[1:4])
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            raise ServerDidNotStart(f"{command} exited with status {server.returncode} before answering; its "
                                    f"stderr ({log}) ends:\n{_tail(log)}")
        left = deadline - time.monotonic()
        if left <= 0:
            _stop(server)
            raise ServerDidNotStart(f"{command} did not answer on port {port} within {timeout:.0f} s; its stderr "
                                    f"({log}) ends:\n{_tail(log)}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=min(left, 5))
        try:
            connection.request("GET", "/")
            connection.getresponse().read()
            return server
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
        finally:
            connection.close()
