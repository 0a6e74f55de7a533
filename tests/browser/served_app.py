"""The what-if app served by Voilà on 127.0.0.1 for the browser tests: ``activsoc-costs app
--no-browser --port P ...`` in its own process group, waited for until it listens, stopped whole."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ACTIVSOC_CHROMIUM", "/usr/bin/chromium")  # as tests/conftest.py
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served_app(tmp: Path, app_args: list[str]):
    """Yields (url, log path) of the app started with ``app_args`` (inputs, --lang ...)."""
    port = _free_port()
    log = tmp / "voila.log"
    env = dict(os.environ, ACTIVSOC_OUTPUTS=str(tmp / "outputs"), JUPYTER_DATA_DIR=str(tmp / "jdata"),
               JUPYTER_RUNTIME_DIR=str(tmp / "jrun"), JUPYTER_CONFIG_DIR=str(tmp / "jconf"),
               IPYTHONDIR=str(tmp / "ipy"))
    proc = subprocess.Popen([sys.executable, "-m", "activsoc_costs.cli", "app", *app_args, "--no-browser",
                             "--port", str(port)], stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=ROOT,
                            env=env, start_new_session=True)  # its own process group: killed whole below
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"activsoc-costs app exited rc={proc.returncode}:\n{log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the app is not listening after 60 s:\n{log.read_text()}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/", log
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
