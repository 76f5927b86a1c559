"""Driving the real editor: a virtual X screen, real mouse and keyboard input, and a probe.

:class:`Screen` is an Xvfb display on a free number. :class:`Editor` starts the editor on it
as a user would (``QT_QPA_PLATFORM=xcb``, its own home, settings and recovery folder,
``PYTHONFAULTHANDLER=1`` so a crash leaves a Python stack in its log), sends real X input
with ``xdotool`` and asks the probe (:mod:`tests.real_window.probe`) where things are and
what the model holds. Nothing in the editor is patched: menus and dialogs run their own
nested event loops and are answered by input sent to them, exactly as a user would.

Waits are for conditions, never for a fixed time: :meth:`Editor.wait_for` polls a question
until its answer satisfies the test, and fails with the editor's log when it does not — or
at once when the editor died.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
Point = Sequence[int]
"""A point on the screen, ``(x, y)`` in root-window pixels."""

ROOT = Path(__file__).resolve().parents[2]
SCREEN_SIZE = (1600, 1000)
WAIT = 15.0
"""Seconds a condition may take before the test fails (a cold start of Qt included)."""


class EditorDied(AssertionError):
    """The editor process ended while a test was using it (a crash, most likely)."""


def centre(rect: Sequence[int]) -> tuple[int, int]:
    """The middle of ``[x, y, width, height]``."""
    return rect[0] + rect[2] // 2, rect[1] + rect[3] // 2


class Screen:
    """A virtual X screen (Xvfb) on a display number nobody uses."""

    def __init__(self, size: tuple[int, int] = SCREEN_SIZE) -> None:
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size[0]}x{size[1]}x24",
             "-nolisten", "tcp", "-nocursor"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as chosen:
            number = chosen.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"
        self.size = size

    def xdotool(self, *args: object) -> str:
        """Run ``xdotool`` on this screen; its output."""
        done = subprocess.run(
            ["xdotool", *map(str, args)], env=dict(os.environ, DISPLAY=self.display),
            capture_output=True, text=True, timeout=30,
        )
        if done.returncode != 0:
            raise RuntimeError(f"xdotool {' '.join(map(str, args))}: {done.stderr.strip()}")
        return done.stdout

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def tools_missing() -> list[str]:
    """The programs the real-window tests need that are not installed."""
    return [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]


class Editor:
    """One editor process on a :class:`Screen`, driven by real input."""

    def __init__(self, screen: Screen, home: Path, files: Iterable[Path | str] = ()) -> None:
        self.screen = screen
        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        self.socket_path = str(home / "probe.sock")
        self.log_path = home / "editor.log"
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("QT_", "XDG_", "PYTEST"))}
        env.update(
            DISPLAY=screen.display,
            QT_QPA_PLATFORM="xcb",
            PYTHONFAULTHANDLER="1",
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CACHE_HOME=str(home / "cache"),
            XDG_RUNTIME_DIR=str(home / "runtime"),
            INTEGRAMAP_RECOVERY_DIR=str(home / "recovery"),
            QT_ACCESSIBILITY="0",
            NO_AT_BRIDGE="1",
        )
        (home / "runtime").mkdir(mode=0o700, exist_ok=True)
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.real_window.probe", self.socket_path,
             *map(str, files)],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._socket: socket.socket | None = None
        self._buffer = b""
        self.wait_for(lambda: self._connect(), message="the editor's probe to answer",
                      timeout=30)
        self.wait_for(lambda: self.ask("windows") and self.ask("canvas")["visible"],
                      message="the editor window to show")

    # ------------------------------------------------------------------ asking

    def _connect(self) -> bool:
        if not Path(self.socket_path).exists():
            self._check_alive()
            return False
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(WAIT)
        try:
            sock.connect(self.socket_path)
        except OSError:
            sock.close()
            return False
        self._socket = sock
        return self.ask("ping") == "pong"

    def ask(self, name: str, **arguments: Any) -> Any:
        """Ask the probe a question (see :mod:`tests.real_window.probe`); its answer."""
        self._check_alive()
        assert self._socket is not None
        self._socket.sendall(json.dumps({"ask": name, **arguments}).encode() + b"\n")
        while b"\n" not in self._buffer:
            try:
                chunk = self._socket.recv(65536)
            except TimeoutError:
                raise AssertionError(
                    f"the editor did not answer {name!r} within {WAIT:g} s (hung?)\n"
                    + self.log_tail()) from None
            if not chunk:
                self._check_alive(wait=2.0)
                raise EditorDied(f"the editor closed the probe\n{self.log_tail()}")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        answer = json.loads(line)
        if "error" in answer:
            raise LookupError(f"probe {name}: {answer['error']}\n{answer.get('trace', '')}")
        return answer["ok"]

    def wait_for(self, condition: Callable[[], T], *, message: str = "a condition",
                 timeout: float = WAIT) -> T:
        """Poll ``condition`` until it returns something true; that value. Fails after
        ``timeout`` seconds, or as soon as the editor has died."""
        deadline = time.monotonic() + timeout
        last: Any = None
        while True:
            try:
                last = condition()
            except LookupError as exc:  # e.g. no dialog yet: keep waiting
                last = exc
            else:
                if last:
                    return last
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout:g} s for {message}; last: {last!r}\n"
                                     + self.log_tail())
            time.sleep(0.03)

    def _check_alive(self, wait: float = 0.0) -> None:
        try:
            code = self.process.wait(wait) if wait else self.process.poll()
        except subprocess.TimeoutExpired:
            code = None
        if code is not None:
            how = (f"killed by signal {signal.Signals(-code).name}" if code < 0
                   else f"exited with {code}")
            raise EditorDied(f"the editor {how}\n{self.log_tail()}")

    def log_tail(self, lines: int = 60) -> str:
        self._log.flush()
        text = self.log_path.read_text(errors="replace").splitlines()
        return "--- editor output ---\n" + "\n".join(text[-lines:])

    # ------------------------------------------------------------------ input

    def xdotool(self, *args: object) -> None:
        self._check_alive()
        self.screen.xdotool(*args)

    def move_to(self, point: Point) -> None:
        self.xdotool("mousemove", point[0], point[1])

    def click(self, point: Point, *, button: int = 1, modifiers: Sequence[str] = (),
              double: bool = False) -> None:
        """Move to ``point`` and click (``modifiers`` held: ``("ctrl",)``)."""
        args: list[object] = ["mousemove", point[0], point[1], "sleep", 0.05]
        args += [a for key in modifiers for a in ("keydown", key)]
        args += ["click", "--repeat", 2 if double else 1, "--delay", 80, button]
        args += [a for key in modifiers for a in ("keyup", key)]
        self.xdotool(*args)

    def drag(self, start: Point, end: Point, *, button: int = 1,
             modifiers: Sequence[str] = (), steps: int = 12) -> None:
        """Press at ``start``, move in steps (as a hand would) and release at ``end``."""
        args: list[object] = ["mousemove", start[0], start[1], "sleep", 0.05]
        args += [a for key in modifiers for a in ("keydown", key)]
        args += ["mousedown", button, "sleep", 0.05]
        for step in range(1, steps + 1):
            x = start[0] + (end[0] - start[0]) * step // steps
            y = start[1] + (end[1] - start[1]) * step // steps
            args += ["mousemove", x, y, "sleep", 0.02]
        args += ["sleep", 0.1, "mouseup", button]
        args += [a for key in modifiers for a in ("keyup", key)]
        self.xdotool(*args)

    def key(self, *combos: str) -> None:
        """Press keys one after the other, as xdotool names them (``ctrl+z``, ``Escape``)."""
        self.xdotool("key", "--delay", 40, *combos)

    def type_text(self, text: str) -> None:
        self.xdotool("type", "--delay", 15, text)

    def scroll(self, point: Point, clicks: int) -> None:
        """Turn the wheel over ``point``: positive away from the user (up), negative down."""
        button = 4 if clicks > 0 else 5
        self.xdotool("mousemove", point[0], point[1], "sleep", 0.05, "click", "--repeat",
                     abs(clicks), "--delay", 60, button)

    # ------------------------------------------------------------------ menus

    def open_menu(self, title: str) -> dict[str, Any]:
        """Click a menu bar title; the menu that opens (see the probe's ``popup``)."""
        self.click(centre(self.ask("menu_title", text=title)))
        return self.wait_popup(lambda p: p.get("title", "").replace("&", "") == title,
                               f"the {title} menu")

    def wait_popup(self, test: Callable[[dict[str, Any]], bool] = lambda p: True,
                   what: str = "a popup") -> dict[str, Any]:
        def shown() -> dict[str, Any] | None:
            found = self.ask("popup")
            return found if found and found["visible"] and test(found) else None

        return self.wait_for(shown, message=what)

    def entry(self, popup: dict[str, Any], text: str) -> dict[str, Any]:
        """The entry of an open menu whose text starts with ``text``."""
        for item in popup.get("entries", []):
            if item["text"].startswith(text):
                return item
        names = [item["text"] for item in popup.get("entries", [])]
        raise AssertionError(f"no entry {text!r} in the menu; it has {names}")

    def choose(self, text: str, popup: dict[str, Any] | None = None) -> None:
        """Click the entry ``text`` of the open menu, and wait for the menu to close."""
        popup = popup or self.wait_popup()
        self.click(centre(self.entry(popup, text)["rect"]))
        self.wait_for(lambda: self.ask("popup") is None,
                      message=f"the menu to close after {text!r}")

    def menu(self, *path: str) -> None:
        """Run a menu bar action by its path: ``editor.menu("File", "New")``."""
        popup = self.open_menu(path[0])
        for text in path[1:-1]:
            self.click(centre(self.entry(popup, text)["rect"]))
            popup = self.wait_popup(lambda p, t=text: p.get("title", "").replace("&", "") == t,
                                    f"the submenu {text}")
        self.choose(path[-1], popup)

    # ------------------------------------------------------------------ dialogs

    def wait_dialog(self, title: str | None = None) -> dict[str, Any]:
        """The modal dialog that opens (with ``title`` when given)."""
        def shown() -> dict[str, Any] | None:
            found = self.ask("dialog")
            if found and found["visible"] and (title is None or found["title"] == title):
                return found
            return None

        return self.wait_for(shown, message=f"a dialog {title or ''}".strip())

    def press_button(self, text: str, dialog: dict[str, Any] | None = None) -> None:
        """Click the button ``text`` (mnemonic ampersands ignored) of the open dialog."""
        dialog = dialog or self.wait_dialog()
        for button in dialog["buttons"]:
            if button["text"].replace("&", "") == text:
                self.click(centre(button["rect"]))
                return
        raise AssertionError(f"no button {text!r}: {[b['text'] for b in dialog['buttons']]}")

    def wait_dialog_closed(self, dialog: dict[str, Any] | None = None) -> None:
        """Wait until no dialog is open — or, given one, until it is no longer the one
        open (answering it may open the next)."""
        def closed() -> bool:
            now = self.ask("dialog")
            if now is None or dialog is None:
                return now is None
            return (now["title"], now["class"]) != (dialog["title"], dialog["class"])

        self.wait_for(closed, message=f"the dialog {dialog['title'] if dialog else ''} to close")

    def fill_file_dialog(self, path: Path | str) -> None:
        """Answer the open file dialog with ``path``: typed into its name field, Enter."""
        dialog = self.wait_dialog()
        fields = [f for f in dialog["fields"] if f["class"] == "QLineEdit" and f["visible"]]
        name_field = next((f for f in fields if f["name"] == "fileNameEdit"), fields[0])
        self.click(centre(name_field["rect"]))
        self.key("ctrl+a")
        self.type_text(str(path))
        self.key("Return")
        self.wait_dialog_closed(dialog)

    # ------------------------------------------------------------------ the diagram

    def service(self, service_id: str) -> dict[str, Any]:
        """Where a service's box is on the screen (``rect``, ``centre``, ``handle``)."""
        return self.ask("service_box", id=service_id)

    def model(self) -> dict[str, Any]:
        return self.ask("model")

    def canvas(self) -> dict[str, Any]:
        return self.ask("canvas")

    def empty_canvas_point(self) -> tuple[int, int]:
        """A point on the canvas with no box and no zone under it (top-left corner)."""
        rect = self.canvas()["rect"]
        return rect[0] + 12, rect[1] + 12

    # ------------------------------------------------------------------ the end

    def close(self) -> int | None:
        """Stop the editor; its exit code (``None`` when it had to be killed)."""
        if self._socket is not None:
            self._socket.close()
        code = self.process.poll()
        if code is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._log.close()
        return code
