"""Ranking services with Graphviz ``dot`` (through pydot), when the program is installed.

``dot`` is the best at ordering ranks so few arrows cross, but its cost grows fast with
clusters and edges between them (about 7 s for 1,000 services and 3,000 integrations in
zone clusters). So the work is sized to the model:

* up to :data:`FULL_LIMIT` services: one graph, zones as clusters, every integration —
  arrows between zones shape the order inside each zone;
* up to :data:`CLUSTER_LIMIT`: the same graph with dot's search effort reduced;
* larger: each zone on its own (one graph per zone, all sent to a single ``dot`` run),
  only the integrations inside the zone, reduced effort for zones over the limit.

Only the *ranks and order* dot chooses are used; :mod:`models.layout.rows` turns them
into boxes and :mod:`models.layout.packing` frames the zones, so every engine gives the
same tidy, overlap-free zone mosaic. Any failure — program missing, timeout, odd output —
raises :class:`GraphvizUnavailable` and the caller falls back to the networkx ranking.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict

import pydot

from models.layout.label_width import zone_width_for
from models.layout.packing import Block
from models.layout.rows import arrange_rows
from models.layout.spacing import BOX_HEIGHT, BOX_WIDTH, GAP_X, GAP_Y
from models.layout.zoning import ZoneGroup

FULL_LIMIT = 400
"""Up to this many services, dot lays out the whole model with full effort."""
CLUSTER_LIMIT = 800
"""Up to this many services, the whole model in one clustered graph with reduced effort."""

_REDUCED = ["-Gnslimit=1", "-Gnslimit1=1", "-Gmclimit=0.1", "-Gsplines=false"]
_INCH = 72.0


class GraphvizUnavailable(Exception):
    """dot is not installed, failed, timed out or printed something unreadable."""


def dot_program() -> str | None:
    """The path of the ``dot`` program, or ``None`` when Graphviz is not installed."""
    return shutil.which("dot")


def graphviz_blocks(
    groups: list[ZoneGroup], cross_edges: list[tuple[str, str]], *, timeout: float
) -> list[Block]:
    """One block per zone group, ranked by dot, in rows of at most ``group.columns()``
    boxes; raises :class:`GraphvizUnavailable`."""
    program = dot_program()
    if program is None:
        raise GraphvizUnavailable("the Graphviz program 'dot' is not installed")
    total = sum(len(g.service_ids) for g in groups)
    names = {sid: f"n{i}" for i, sid in enumerate(s for g in groups for s in g.service_ids)}
    if total <= CLUSTER_LIMIT:
        graphs = [_clustered_graph(groups, cross_edges, names)]
        options = [] if total <= FULL_LIMIT else _REDUCED
    else:
        graphs = [_zone_graph(g, names) for g in groups if g.service_ids]
        options = _REDUCED
    text = "\n".join(g.to_string() for g in graphs)
    rows = _rows_by_name(_run(program, options, text, timeout))
    blocks = []
    for group in groups:
        ranks: dict[tuple[int, float], list[tuple[float, str]]] = defaultdict(list)
        for sid in group.service_ids:
            found = rows.get(names[sid])
            if found is None:
                raise GraphvizUnavailable(f"dot did not place {sid!r}")
            (graph_index, y), x = found
            ranks[(graph_index, -y)].append((x, sid))
        ordered = [[sid for _, sid in sorted(ranks[key])] for key in sorted(ranks)]
        positions, width, height = arrange_rows(ordered, group.columns(), group.widths)
        blocks.append(Block(group.zone_id, positions, width, height,
                            zone_width_for(group.title)))
    return blocks


def _new_graph(name: str) -> pydot.Dot:
    graph = pydot.Dot(name, graph_type="digraph", strict=True)
    graph.set_graph_defaults(
        rankdir="TB", nodesep=f"{GAP_X / _INCH:.3f}", ranksep=f"{GAP_Y / _INCH:.3f}"
    )
    graph.set_node_defaults(
        shape="box",
        fixedsize="true",
        label="",
        width=f"{BOX_WIDTH / _INCH:.3f}",
        height=f"{BOX_HEIGHT / _INCH:.3f}",
    )
    return graph


def _clustered_graph(
    groups: list[ZoneGroup], cross_edges: list[tuple[str, str]], names: dict[str, str]
) -> pydot.Dot:
    graph = _new_graph("model")
    for index, group in enumerate(groups):
        cluster = pydot.Cluster(f"zone{index}")
        for sid in group.service_ids:
            cluster.add_node(pydot.Node(names[sid]))
        graph.add_subgraph(cluster)
    for source, target in {*(e for g in groups for e in g.edges), *cross_edges}:
        graph.add_edge(pydot.Edge(names[source], names[target]))
    return graph


def _zone_graph(group: ZoneGroup, names: dict[str, str]) -> pydot.Dot:
    graph = _new_graph("zone")
    for sid in group.service_ids:
        graph.add_node(pydot.Node(names[sid]))
    for source, target in set(group.edges):
        graph.add_edge(pydot.Edge(names[source], names[target]))
    return graph


def _run(program: str, options: list[str], text: str, timeout: float) -> str:
    try:
        done = subprocess.run(
            [program, "-Tplain", *options],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GraphvizUnavailable(f"dot took longer than {timeout:g} s") from None
    except OSError as exc:
        raise GraphvizUnavailable(f"dot could not be run: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
        raise GraphvizUnavailable(f"dot failed: {message[0] if message else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def _rows_by_name(plain: str) -> dict[str, tuple[tuple[int, float], float]]:
    """``{node name: ((graph index, y), x)}`` from dot's ``-Tplain`` output."""
    found: dict[str, tuple[tuple[int, float], float]] = {}
    graph_index = -1
    for line in plain.splitlines():
        if line.startswith("graph "):
            graph_index += 1
        elif line.startswith("node "):
            parts = line.split(" ", 4)
            try:
                x, y = float(parts[2]), float(parts[3])
            except (IndexError, ValueError):
                raise GraphvizUnavailable(f"unreadable dot output: {line[:80]!r}") from None
            found[parts[1]] = ((graph_index, round(y, 2)), x)
    return found
