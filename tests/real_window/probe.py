"""The editor under test, started with a probe that tells the driver what is on screen.

``python -m tests.real_window.probe SOCKET [FILE…]`` runs the editor exactly as
``integramap [FILE…]`` does (:func:`desktop_app.application.run_editor`, on the real
``xcb`` platform), plus a local socket at SOCKET where the driver asks questions: where a
service box is on the screen, which popup menu or dialog is open and where its entries
are, what the model holds. The probe only reads; every change the tests make comes as
real X input from the driver, so menus, dialogs and drags run their real event loops.

The questions are answered from the socket's notifier, which Qt serves in whatever event
loop runs — also inside a menu's or dialog's nested loop, which is exactly when a test
needs to know where the menu's entries are.

A question is one line of JSON, ``{"ask": NAME, ...arguments}``; the answer one line,
``{"ok": VALUE}`` or ``{"error": TEXT}``. To add a question, write a function taking the
arguments as keywords and returning plain JSON values, and decorate it with
:func:`question`.
"""

from __future__ import annotations

import faulthandler
import json
import sys
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QPoint, QPointF, QRect, QRectF
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

QUESTIONS: dict[str, Callable[..., Any]] = {}
"""Every question the probe answers, by name."""


def question(function: Callable[..., Any]) -> Callable[..., Any]:
    """Make ``function`` a question the driver can ask by its name."""
    QUESTIONS[function.__name__] = function
    return function


# ---------------------------------------------------------------------- geometry helpers


def rect_of(rect: QRect | QRectF) -> list[int]:
    """``[x, y, width, height]`` in whole screen pixels."""
    r = QRectF(rect)
    return [round(r.x()), round(r.y()), round(r.width()), round(r.height())]


def global_rect(widget: QWidget) -> list[int]:
    """Where ``widget`` is on the screen (root window coordinates, which xdotool uses)."""
    top_left = widget.mapToGlobal(QPoint(0, 0))
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def _windows() -> list[Any]:
    from desktop_app.windows import open_windows

    return open_windows()


def _window(window: int = -1) -> Any:
    """An open editor window by its index (oldest first; -1, the default: the newest)."""
    windows = _windows()
    if not windows:
        raise LookupError("no editor window is open")
    return windows[window]


def _scene_to_screen(window: Any, point: QPointF) -> list[int]:
    view = window.view
    local = view.mapFromScene(point)
    on_screen = view.viewport().mapToGlobal(local)
    return [on_screen.x(), on_screen.y()]


def _scene_rect_to_screen(window: Any, rect: QRectF) -> list[int]:
    top_left = _scene_to_screen(window, rect.topLeft())
    bottom_right = _scene_to_screen(window, rect.bottomRight())
    return [top_left[0], top_left[1], bottom_right[0] - top_left[0],
            bottom_right[1] - top_left[1]]


def describe_widget(widget: QWidget) -> dict[str, Any]:
    """What a test needs to know of one widget: kind, name, text, where and whether usable."""
    info: dict[str, Any] = {
        "class": type(widget).__name__,
        "name": widget.objectName(),
        "rect": global_rect(widget),
        "visible": widget.isVisible(),
        "enabled": widget.isEnabled(),
        "focus": widget.hasFocus(),
    }
    if isinstance(widget, QAbstractButton | QLabel | QLineEdit):
        info["text"] = widget.text()
    if isinstance(widget, QLineEdit):
        info["placeholder"] = widget.placeholderText()
    if isinstance(widget, QTextEdit):
        info["text"] = widget.toPlainText()
        info["placeholder"] = widget.placeholderText()
    if isinstance(widget, QComboBox):
        info["text"] = widget.currentText()
        info["items"] = [widget.itemText(i) for i in range(widget.count())]
        info["enabled_items"] = [
            widget.itemText(i) for i in range(widget.count())
            if widget.model().item(i) is None or widget.model().item(i).isEnabled()  # type: ignore[attr-defined]
        ] if hasattr(widget.model(), "item") else info["items"]
    return info


def _menu_entries(menu: QMenu) -> list[dict[str, Any]]:
    entries = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        geometry = menu.actionGeometry(action)
        if geometry.isEmpty():
            continue
        top_left = menu.mapToGlobal(geometry.topLeft())
        entries.append({
            "text": action.text().replace("&", ""),
            "enabled": action.isEnabled(),
            "checked": action.isChecked(),
            "submenu": action.menu() is not None,
            "tooltip": action.toolTip(),
            "rect": [top_left.x(), top_left.y(), geometry.width(), geometry.height()],
        })
    return entries


# ---------------------------------------------------------------------- questions


@question
def ping() -> str:
    return "pong"


@question
def windows() -> list[dict[str, Any]]:
    """The open editor windows, oldest first: title, where, and whether the document is
    unsaved."""
    return [
        {
            "title": w.windowTitle(),
            "rect": rect_of(w.frameGeometry()),
            "modified": w.isWindowModified(),
            "path": str(w.editor.document.path) if w.editor and w.editor.document.path else None,
            "active": w.isActiveWindow(),
        }
        for w in _windows()
    ]


@question
def canvas(window: int = -1) -> dict[str, Any]:
    """The canvas of a window: where it is on screen, its size, zoom, what it shows and
    what is selected there."""
    w = _window(window)
    view = w.view
    viewport = view.viewport()
    shown = view.mapToScene(viewport.rect()).boundingRect()
    scene = w.scene
    return {
        "rect": global_rect(viewport),
        "visible": view.isVisible(),
        "zoom": view.zoom(),
        "shown": rect_of(shown),
        "selected": scene.selected_ids(),
        "selected_zones": scene.selected_zone_ids(),
        "focus": view.hasFocus(),
        "hint": _hint_text(view),
    }


def _hint_text(view: Any) -> str | None:
    hint = getattr(view, "empty_hint", None)
    return hint() if callable(hint) else None


@question
def model(window: int = -1) -> dict[str, Any]:
    """What the window's model holds: services, integrations, zones, waivers."""
    m = _window(window).editor.model
    return {
        "name": m.name,
        "services": {
            s.id: {"name": s.name, "kind": s.kind.value, "zone": s.zone_id,
                   "stateful": s.stateful, "internet_facing": s.internet_facing}
            for s in m.services.values()
        },
        "integrations": {
            i.id: {"source": i.source_id, "target": i.target_id, "kind": i.kind.value}
            for i in m.integrations.values()
        },
        "zones": {z.id: {"name": z.name, "trust": z.trust} for z in m.zones.values()},
        "waivers": [[w.rule, w.subject] for w in m.waivers.values()],
    }


@question
def service_box(id: str, window: int = -1) -> dict[str, Any]:
    """Where a service's box is on the screen: its rectangle, centre and connect handle."""
    w = _window(window)
    item = w.scene.service_item(id)
    if item is None:
        raise LookupError(f"no box for service {id!r}")
    box = item.box()
    handle = item.mapToScene(item.handle_centre())
    return {
        "rect": _scene_rect_to_screen(w, box),
        "centre": _scene_to_screen(w, box.center()),
        "handle": _scene_to_screen(w, handle),
        "scene": rect_of(box),
        "selected": item.isSelected(),
    }


@question
def zone_area(id: str, window: int = -1) -> dict[str, Any]:
    """Where a zone's area is on the screen: its rectangle, title band and resize corner."""
    w = _window(window)
    item = w.scene.zone_item(id)
    if item is None:
        raise LookupError(f"no area for zone {id!r}")
    rect = item.scene_rect()
    return {
        "rect": _scene_rect_to_screen(w, rect),
        "title": _scene_to_screen(w, QPointF(rect.left() + rect.width() / 2, rect.top() + 12)),
        "corner": _scene_to_screen(w, rect.bottomRight() - QPointF(5, 5)),
        "scene": rect_of(rect),
    }


@question
def scene_point(x: float, y: float, window: int = -1) -> list[int]:
    """Where the scene point ``(x, y)`` is on the screen."""
    return _scene_to_screen(_window(window), QPointF(x, y))


@question
def popup() -> dict[str, Any] | None:
    """The popup open now (a menu, a combo box's list), with its entries; ``None``."""
    widget = QApplication.activePopupWidget()
    if widget is None:
        return None
    info = describe_widget(widget)
    if isinstance(widget, QMenu):
        info["entries"] = _menu_entries(widget)
        info["title"] = widget.title()
        sections = [a.text() for a in widget.actions() if a.isSeparator() and a.text()]
        info["sections"] = sections
    views = widget.findChildren(QAbstractItemView)
    if views:
        view = views[0]
        model_ = view.model()
        rows = []
        for row in range(model_.rowCount()):
            index = model_.index(row, 0)
            r = view.visualRect(index)
            top_left = view.viewport().mapToGlobal(r.topLeft())
            rows.append({"text": index.data(), "rect": [top_left.x(), top_left.y(), r.width(),
                                                       r.height()]})
        info["rows"] = rows
    return info


@question
def dialog() -> dict[str, Any] | None:
    """The modal dialog open now: title, texts, and every button, field and list in it
    with where it is; ``None`` when there is none."""
    widget = QApplication.activeModalWidget()
    if widget is None:
        return None
    info = describe_widget(widget)
    info["title"] = widget.windowTitle()
    children = [c for c in widget.findChildren(QWidget) if c.isVisible()]
    info["labels"] = [c.text() for c in children if isinstance(c, QLabel) and c.text()]
    info["buttons"] = [describe_widget(c) for c in children if isinstance(c, QAbstractButton)
                       and c.text()]
    info["fields"] = [describe_widget(c) for c in children
                      if isinstance(c, QLineEdit | QComboBox | QTextEdit)]
    return info


@question
def focus() -> dict[str, Any] | None:
    """The widget with the keyboard focus."""
    widget = QApplication.focusWidget()
    return describe_widget(widget) if widget is not None else None


@question
def widget(name: str, window: int = -1) -> dict[str, Any] | None:
    """The widget with this object name in a window (or in any top-level widget)."""
    roots: list[QWidget] = []
    if _windows():
        roots.append(_window(window))
    roots += [w for w in QApplication.topLevelWidgets() if w not in roots]
    for root in roots:
        found = root if root.objectName() == name else root.findChild(QWidget, name)
        if found is not None:
            return describe_widget(found)
    return None


@question
def menu_title(text: str, window: int = -1) -> list[int]:
    """Where a menu's title is in the window's menu bar (``"File"``, ``"Edit"``…)."""
    bar: QMenuBar = _window(window).menuBar()
    for action in bar.actions():
        if action.text().replace("&", "") == text:
            geometry = bar.actionGeometry(action)
            top_left = bar.mapToGlobal(geometry.topLeft())
            return [top_left.x(), top_left.y(), geometry.width(), geometry.height()]
    raise LookupError(f"no menu {text!r}")


@question
def undo(window: int = -1) -> dict[str, Any]:
    """The undo stack of the window's document: where it stands and what Undo would undo."""
    stack = _window(window).editor.undo_stack
    return {"index": stack.index(), "count": stack.count(), "undo_text": stack.undoText(),
            "redo_text": stack.redoText(), "clean": stack.isClean()}


@question
def status(window: int = -1) -> dict[str, Any]:
    """The status bar: its message and the permanent counts, selection and zoom labels."""
    w = _window(window)
    return {"message": w.statusBar().currentMessage(), "counts": w.counts_label.text(),
            "selection": w.selection_label.text(), "zoom": w.zoom_label.text()}


@question
def docks(window: int = -1) -> dict[str, Any]:
    """Every dock panel of a window: where it is and whether it shows."""
    w = _window(window)
    return {dock.objectName(): {"rect": global_rect(dock), "visible": dock.isVisible(),
                                "floating": dock.isFloating()}
            for dock in w.findChildren(QDockWidget)}


@question
def findings(window: int = -1) -> dict[str, Any]:
    """The Findings panel: its summary, groups (title, expanded, rows), the table and the
    explanation pane."""
    panel = _window(window).findings
    tree: QTreeWidget = panel.tree
    groups = []
    for g in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(g)
        rows = []
        for r in range(group.childCount()):
            child = group.child(r)
            rect = tree.visualItemRect(child)
            top_left = tree.viewport().mapToGlobal(rect.topLeft())
            rows.append({"texts": [child.text(c) for c in range(tree.columnCount())],
                         "rect": [top_left.x(), top_left.y(), rect.width(), rect.height()]})
        rect = tree.visualItemRect(group)
        top_left = tree.viewport().mapToGlobal(rect.topLeft())
        groups.append({"title": group.text(0), "expanded": group.isExpanded(), "rows": rows,
                       "rect": [top_left.x(), top_left.y(), rect.width(), rect.height()]})
    finding = panel.current_finding()
    return {
        "summary": panel.summary.text(),
        "summary_rect": global_rect(panel.summary),
        "groups": groups,
        "tree_rect": global_rect(tree),
        "columns": [tree.columnWidth(c) for c in range(tree.columnCount())],
        "details_rect": global_rect(panel.details),
        "details": panel.details.toPlainText(),
        "current": [finding.rule, list(finding.subjects)] if finding is not None else None,
        "waive_button": describe_widget(panel.waive_button),
    }


@question
def model_tree(window: int = -1) -> dict[str, list[str]]:
    """The Model tree's rows by group, in the order shown."""
    panel = _window(window).model_tree
    return {
        group.text(0): [group.child(r).text(0) for r in range(group.childCount())]
        for group in panel.groups.values()
    }


@question
def top_levels() -> list[dict[str, Any]]:
    """Every visible top-level widget (windows, dialogs, popups, tooltips)."""
    return [dict(describe_widget(w), title=w.windowTitle())
            for w in QApplication.topLevelWidgets() if w.isVisible()]


# ---------------------------------------------------------------------- the server


class Probe(QObject):
    """Answers the driver's questions on a local socket."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.server = QLocalServer(self)
        QLocalServer.removeServer(path)
        if not self.server.listen(path):
            raise RuntimeError(f"probe: cannot listen on {path}: {self.server.errorString()}")
        self.server.newConnection.connect(self._connected)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._buffers.pop(s, None))

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        while b"\n" in data:
            line, data = data.split(b"\n", 1)
            socket.write(self.answer(line) + b"\n")
            socket.flush()
        self._buffers[socket] = data

    @staticmethod
    def answer(line: bytes) -> bytes:
        try:
            request = json.loads(line)
            name = request.pop("ask")
            result = {"ok": QUESTIONS[name](**request)}
        except Exception as exc:  # the driver shows it with the test's failure
            result = {"error": f"{type(exc).__name__}: {exc}",
                      "trace": traceback.format_exc(limit=4)}
        return json.dumps(result).encode()


def main(argv: list[str]) -> int:
    faulthandler.enable()
    socket_path, files = argv[0], argv[1:]
    app = QApplication([sys.argv[0]])
    probe = Probe(socket_path)
    from desktop_app.application import run_editor

    try:
        return run_editor(files)
    finally:
        del probe, app


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
