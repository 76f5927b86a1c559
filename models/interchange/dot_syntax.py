"""Reading Graphviz DOT text into plain nodes, edges and clusters.

pydot's own parser is built on pyparsing and needs over 30 s for a 1,000-service export
(1.2 MB), and its errors say little about where the problem is. This reader follows the
DOT grammar of the Graphviz documentation with one regular-expression tokenizer and a small
recursive descent parser: linear time (0.16 s for that file, 1.2 s for a 12 MB one), and
every error names the line and what was expected. It understands everything hand-written DOT uses —
``graph``/``digraph``/``strict``, nested ``subgraph``s and anonymous ``{ }`` groups, edge
chains ``a -> b -> c`` and edges to whole groups, ports (``a:p1:n``), default attributes
(``node [shape=box]``) with their scoping, quoted ids with ``+`` concatenation, HTML
labels ``<…>``, numerals, ``//``, ``/* */`` and ``#`` comments.

It returns what was written; :mod:`models.interchange.dot_format` decides what it means.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

MAX_NESTING = 64
"""Subgraphs nested deeper than this are refused (hostile input, not a diagram)."""

MAX_NODES = 50_000
"""More nodes than this is no diagram: an 8 MB DOT export (the size limit) holds about
6,000 services; larger models travel as JSON."""
MAX_EDGES = 50_000
"""More edges than this are refused, counted before an edge statement is expanded: an
8 KB ``{700 nodes} -> {700 nodes}`` declares 490,000 edges, and each becomes an
integration to check, store and analyse (38 s and 1.1 GB of memory for that one line;
90,000 from a 2 KB file still took 25 s). An 8 MB export holds about 20,000."""

_TOKEN = re.compile(
    r"""
    [ \t\r\n\f\v]*
    (?:
      (?P<id>[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9\x80-\U0010ffff]*)
    | (?P<quoted>"[^"\\]*(?:\\.[^"\\]*)*")
    | (?P<punct>[{}\[\];,:=+])
    | (?P<edgeop>->|--)
    | (?P<numeral>-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?))
    | (?P<html><[^<>]*>)
    | (?P<nested_html><)
    | (?P<line_comment>//[^\n]*)
    | (?P<block_comment>/\*.*?\*/)
    | (?P<preprocessor>(?<![^\n])\#[^\n]*)
    | (?P<unclosed_comment>/\*)
    | (?P<unclosed_quote>")
    | (?P<end>\Z)
    )
    """,
    re.VERBOSE | re.DOTALL,
)
_KEYWORDS = {"graph", "digraph", "subgraph", "node", "edge", "strict"}
_SKIPPED = {"line_comment", "block_comment", "preprocessor"}


class HtmlString(str):
    """An attribute value written as an HTML string ``<…>`` (markup, not plain text)."""

    __slots__ = ()


class DotSyntaxError(Exception):
    """The text is not DOT; the message names the line and the problem."""


@dataclass
class DotNode:
    name: str
    attrs: dict[str, str] = field(default_factory=dict)
    cluster: str | None = None
    """The innermost cluster the node was first placed in (``None``: not in one)."""


@dataclass
class DotEdge:
    source: str
    target: str
    attrs: dict[str, str]


@dataclass
class DotCluster:
    name: str
    parent: str | None
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class DotGraph:
    """Everything one DOT graph declares, in the order it was written."""

    name: str
    directed: bool
    strict: bool
    attrs: dict[str, str] = field(default_factory=dict)
    nodes: dict[str, DotNode] = field(default_factory=dict)
    edges: list[DotEdge] = field(default_factory=list)
    clusters: dict[str, DotCluster] = field(default_factory=dict)


@dataclass
class _Scope:
    node_defaults: dict[str, str]
    edge_defaults: dict[str, str]
    cluster: str | None
    attrs: dict[str, str]
    members: dict[str, None] = field(default_factory=dict)
    """Nodes named in the scope, in order (a dict as an ordered set)."""


class Tokens:
    """The tokens of a text as parallel lists (cheaper than one object per token).

    ``kinds`` holds ``id`` (identifier, numeral, quoted or HTML string), ``keyword``,
    ``edgeop``, the punctuation character itself, or ``end``; ``starts`` the offsets, from
    which a line number is computed only when an error needs one.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.kinds: list[str] = []
        self.texts: list[str] = []
        self.starts: list[int] = []
        self.html: set[int] = set()
        self._scan()

    def line(self, index: int) -> int:
        start = self.starts[min(index, len(self.starts) - 1)]
        return self.text.count("\n", 0, start) + 1

    def _scan(self) -> None:
        text, kinds, texts, starts = self.text, self.kinds, self.texts, self.starts
        pos = 0
        match_at = _TOKEN.match
        while True:
            match = match_at(text, pos)
            if match is None:
                bad = len(text) - len(text[pos:].lstrip())
                line = text.count("\n", 0, bad) + 1
                raise DotSyntaxError(f"line {line}: unexpected character {text[bad]!r}")
            kind = match.lastgroup
            pos = match.end()
            if kind == "id":
                value = match.group(kind)
                lowered = value.lower()
                if lowered in _KEYWORDS:
                    kinds.append("keyword")
                    value = lowered
                else:
                    kinds.append("id")
            elif kind == "quoted":
                kinds.append("id")
                value = _unquote(match.group(kind))
            elif kind == "punct" or kind == "edgeop":
                value = match.group(kind)
                kinds.append(value if kind == "punct" else "edgeop")
            elif kind == "numeral":
                kinds.append("id")
                value = match.group(kind)
            elif kind in _SKIPPED:
                continue
            elif kind in ("html", "nested_html"):
                start = match.start(kind)
                pos, value = _html(text, start)
                self.html.add(len(kinds))
                kinds.append("id")
            elif kind == "end":
                kinds.append("end")
                texts.append("")
                starts.append(len(text))
                return
            else:
                line = text.count("\n", 0, match.start(kind)) + 1
                what = "a /* comment" if kind == "unclosed_comment" else "a quoted string"
                raise DotSyntaxError(f"line {line}: {what} is never closed")
            texts.append(value)
            starts.append(match.start(kind))


def _unquote(quoted: str) -> str:
    """The text of a quoted string: ``\\"`` is a quote, backslash-newline joins lines;
    every other backslash sequence is kept for the label escapes (``\\n``, ``\\l``)."""
    return quoted[1:-1].replace('\\"', '"').replace("\\\n", "").replace("\\\r\n", "")


def _html(text: str, start: int) -> tuple[int, str]:
    """An HTML string: from ``<`` to the matching ``>``; returns (end, inner text)."""
    depth = 0
    pos = start
    while True:
        next_open = text.find("<", pos)
        next_close = text.find(">", pos)
        if next_close < 0:
            line = text.count("\n", 0, start) + 1
            raise DotSyntaxError(f"line {line}: an HTML label <…> is never closed")
        if 0 <= next_open < next_close:
            depth += 1
            pos = next_open + 1
            continue
        depth -= 1
        pos = next_close + 1
        if depth == 0:
            return pos, text[start + 1 : pos - 1]


class _Parser:
    def __init__(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.kinds = tokens.kinds
        self.texts = tokens.texts
        self.pos = 0
        self.graph = DotGraph("", directed=True, strict=False)

    # -- token helpers -----------------------------------------------------------

    def kind(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.kinds[index] if index < len(self.kinds) else "end"

    def fail(self, message: str, index: int | None = None) -> DotSyntaxError:
        line = self.tokens.line(self.pos if index is None else index)
        return DotSyntaxError(f"line {line}: {message}")

    def found(self) -> str:
        """The current token, described for an error message."""
        if self.kind() == "end":
            return "the end of the file"
        text = self.texts[self.pos]
        return repr(text if len(text) <= 30 else text[:27] + "…")

    def accept(self, kind: str) -> bool:
        if self.kinds[self.pos] == kind:
            self.pos += 1
            return True
        return False

    def expect(self, kind: str, what: str) -> None:
        if self.kinds[self.pos] != kind:
            raise self.fail(f"expected {what}, found {self.found()}")
        self.pos += 1

    def identifier(self, what: str) -> str:
        """An ID, with ``"a" + "b"`` concatenation of quoted strings."""
        if self.kinds[self.pos] != "id":
            raise self.fail(f"expected {what}, found {self.found()}")
        text = self.texts[self.pos]
        self.pos += 1
        while self.kinds[self.pos] == "+" and self.kind(1) == "id":
            text += self.texts[self.pos + 1]
            self.pos += 2
        return text

    # -- grammar -------------------------------------------------------------------

    def parse(self) -> DotGraph:
        strict = self.kinds[0] == "keyword" and self.texts[0] == "strict"
        self.pos = 1 if strict else 0
        head = self.texts[self.pos]
        if self.kinds[self.pos] != "keyword" or head not in ("graph", "digraph"):
            raise self.fail(f"a DOT file starts with 'graph' or 'digraph', found {self.found()}")
        self.pos += 1
        name = self.identifier("a name") if self.kinds[self.pos] == "id" else ""
        self.graph = DotGraph(name=name, directed=head == "digraph", strict=strict)
        self.expect("{", "'{'")
        root = _Scope({}, {}, None, self.graph.attrs)
        self.statements(root, depth=0)
        self.expect("}", "'}' closing the graph")
        if self.kinds[self.pos] != "end":
            raise self.fail(
                f"only one graph per file is supported, found {self.found()} after the graph"
            )
        return self.graph

    def statements(self, scope: _Scope, depth: int) -> None:
        kinds = self.kinds
        while kinds[self.pos] not in ("}", "end"):
            self.statement(scope, depth)
            if kinds[self.pos] == ";":
                self.pos += 1
        if kinds[self.pos] == "end":
            closes = "the graph" if depth == 0 else "a subgraph"
            raise self.fail(f"the file ends before '}}' closes {closes} (unbalanced braces)")

    def statement(self, scope: _Scope, depth: int) -> None:
        kind = self.kinds[self.pos]
        text = self.texts[self.pos]
        if kind == "keyword" and text in ("graph", "node", "edge"):
            self.pos += 1
            attrs = self.attr_lists(required=True)
            if text == "graph":
                scope.attrs.update(attrs)
            elif text == "node":
                scope.node_defaults.update(attrs)
            else:
                scope.edge_defaults.update(attrs)
            return
        if kind == "id" and self.kind(1) == "=":
            key = self.identifier("an attribute name")
            self.pos += 1
            scope.attrs[key] = self.value()
            return
        members = self.operand(scope, depth)
        if self.kinds[self.pos] == "edgeop":
            self.edges(scope, depth, members)
        elif kind == "id" and self.kinds[self.pos] == "[":
            self.graph.nodes[members[0]].attrs.update(self.attr_lists(required=False))

    def operand(self, scope: _Scope, depth: int) -> list[str]:
        """A node id (declaring the node) or a subgraph; returns the node names."""
        kind = self.kinds[self.pos]
        if kind == "{" or (kind == "keyword" and self.texts[self.pos] == "subgraph"):
            return self.subgraph(scope, depth + 1)
        if kind != "id":
            raise self.fail(f"expected a node, an attribute or a subgraph, found {self.found()}")
        name = self.identifier("a node name")
        if self.kinds[self.pos] == ":":
            self.port()
        self.declare(scope, name)
        return [name]

    def port(self) -> None:
        """Skip ``:port`` and ``:port:compass`` — a port is where an arrow attaches."""
        for _ in range(2):
            if not self.accept(":"):
                return
            self.identifier("a port name after ':'")

    def declare(self, scope: _Scope, name: str) -> None:
        node = self.graph.nodes.get(name)
        if node is None:
            if len(self.graph.nodes) >= MAX_NODES:
                raise self.fail(f"the graph has more than {MAX_NODES:,} nodes")
            node = DotNode(name, dict(scope.node_defaults), scope.cluster)
            self.graph.nodes[name] = node
        elif node.cluster is None and scope.cluster is not None:
            node.cluster = scope.cluster
        scope.members[name] = None

    def subgraph(self, scope: _Scope, depth: int) -> list[str]:
        if depth > MAX_NESTING:
            raise self.fail(f"subgraphs are nested more than {MAX_NESTING} deep")
        name = ""
        if self.accept("keyword") and self.kinds[self.pos] == "id":
            name = self.identifier("a subgraph name")
        self.expect("{", "'{' opening a subgraph")
        cluster = scope.cluster
        attrs: dict[str, str] = {}
        if name.lower().startswith("cluster"):
            existing = self.graph.clusters.get(name)
            if existing is None:
                existing = DotCluster(name, scope.cluster)
                self.graph.clusters[name] = existing
            cluster, attrs = name, existing.attrs
        inner = _Scope(dict(scope.node_defaults), dict(scope.edge_defaults), cluster, attrs)
        self.statements(inner, depth)
        self.expect("}", "'}' closing a subgraph")
        scope.members.update(inner.members)
        return list(inner.members)

    def edges(self, scope: _Scope, depth: int, first: list[str]) -> None:
        ends = [first]
        directed = self.graph.directed
        while self.kinds[self.pos] == "edgeop":
            if (self.texts[self.pos] == "->") != directed:
                graph = "digraph" if directed else "graph"
                raise self.fail(f"'{self.texts[self.pos]}' cannot be used in a {graph}")
            self.pos += 1
            ends.append(self.operand(scope, depth))
        attrs = {**scope.edge_defaults, **self.attr_lists(required=False)}
        edges = self.graph.edges
        if len(edges) + sum(len(a) * len(b) for a, b in itertools.pairwise(ends)) > MAX_EDGES:
            raise self.fail(f"the graph has more than {MAX_EDGES:,} edges")
        for sources, targets in itertools.pairwise(ends):
            for source in sources:
                for target in targets:
                    edges.append(DotEdge(source, target, dict(attrs)))

    def attr_lists(self, *, required: bool) -> dict[str, str]:
        attrs: dict[str, str] = {}
        kinds = self.kinds
        if required and kinds[self.pos] != "[":
            self.expect("[", "'[' starting an attribute list")
        while kinds[self.pos] == "[":
            self.pos += 1
            while kinds[self.pos] != "]":
                key = self.identifier("an attribute name or ']'")
                if kinds[self.pos] == "=":
                    self.pos += 1
                    attrs[key] = self.value()
                else:
                    attrs[key] = "true"
                if kinds[self.pos] in (",", ";"):
                    self.pos += 1
            self.pos += 1
        return attrs

    def value(self) -> str:
        html = self.pos in self.tokens.html
        text = self.identifier("an attribute value")
        return HtmlString(text) if html else text


def parse_dot(text: str) -> DotGraph:
    """The graph written in ``text``; raises :class:`DotSyntaxError` naming the line."""
    return _Parser(Tokens(text)).parse()
