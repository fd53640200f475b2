"""Small-count suppression for anonymised funder reports.

A report table is a grid of counts with a total per row, a total per column and
a grand total. In the anonymised version:

1. Primary suppression: every count from 1 to 4 (cells and totals) shows "<5".
   0 stays 0: "nobody" discloses no one, and hiding zeros would hide that a
   group was absent altogether.
2. Secondary suppression: a line (a row or a column, its total included) with
   exactly one hidden entry would give it away as total minus the rest, so the
   smallest other published non-zero entry of that line is hidden too ("x");
   repeat until every line has none or at least two hidden entries.
3. Exactness check: a reader knows that "<5" means 1 to 4 and that "x" means 5
   or more (smaller counts would show "<5"). Even with two hidden entries per
   line, a hidden value can still be pinned down (two "<5" adding up to 2 are
   both 1). So each hidden entry is tested: the tables with their totals form a
   flow network (groups -> seminars -> countries), the true counts are one
   feasible flow, and the entry can take another value exactly when a cycle
   of the residual network passes through it. For an entry that cannot, the
   smallest published non-zero entry of its row or column (else of the whole
   report) is hidden, and steps 2-3 run again until nothing changes.

Two tables that share their columns (groups x seminars and countries x
seminars) are suppressed together: a seminar's total hidden in one is hidden in
the other, and the check runs on both at once. Any other figure that repeats a
seminar's total (its attendees in the evaluation section) shows the table's mark,
and a figure computed from a hidden count (a response rate) is hidden too.
"""

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from common.small_counts import THRESHOLD

SMALL_MARK = "<5"
HIDDEN_MARK = "x"
UNBOUNDED = 10**12

Position = tuple[int, int, int]  # (table, row, column) in the grid with totals


def shown_alone(value: int) -> int | str:
    """A count published on its own, outside any table (say, evaluation responses):
    primary suppression only, 1 to 4 shows "<5"."""
    return SMALL_MARK if 0 < value < THRESHOLD else value


def with_totals(cells: Sequence[Sequence[int]], columns: int) -> list[list[int]]:
    """The grid with a total at the end of each row and a row of column totals."""
    rows = [[*row, sum(row)] for row in cells]
    totals = [sum(row[column] for row in rows) for column in range(columns + 1)]
    return [*rows, totals]


@dataclass
class SuppressedTable:
    """A grid with totals (last row, last column) and the positions hidden in it."""

    grid: list[list[int]]
    hidden: set[tuple[int, int]] = field(default_factory=set)

    def shown(self, row: int, column: int) -> int | str:
        """The count, or the mark that stands for it."""
        value = self.grid[row][column]
        if (row, column) not in self.hidden:
            return value
        return SMALL_MARK if value < THRESHOLD else HIDDEN_MARK

    def shown_grid(self) -> list[list[int | str]]:
        return [
            [self.shown(row, column) for column in range(len(line))] for row, line in enumerate(self.grid)
        ]


def suppress(*tables: Sequence[Sequence[int]], columns: int) -> list[SuppressedTable]:
    """Suppress one table, or two tables with the same columns (and so the same column
    totals), as the module docstring says. Each table is a list of rows of counts."""
    results = [SuppressedTable(with_totals(cells, columns)) for cells in tables]
    if any(result.grid[-1] != results[0].grid[-1] for result in results):
        raise ValueError("Tables suppressed together must have the same column totals.")
    for result in results:
        result.hidden = {
            (row, column)
            for row, line in enumerate(result.grid)
            for column, value in enumerate(line)
            if 0 < value < THRESHOLD
        }
    while True:
        _share_column_totals(results)
        if _hide_for_lines(results):
            continue
        pinned = _first_pinned(results)
        if pinned is None or not _hide_near(results, pinned):
            return results


def _share_column_totals(results: list[SuppressedTable]) -> None:
    hidden_totals = {
        column for result in results for row, column in result.hidden if row == len(result.grid) - 1
    }
    for result in results:
        result.hidden |= {(len(result.grid) - 1, column) for column in hidden_totals}


def _lines(result: SuppressedTable) -> list[list[tuple[int, int]]]:
    rows, columns = len(result.grid), len(result.grid[0])
    return [[(row, column) for column in range(columns)] for row in range(rows)] + [
        [(row, column) for row in range(rows)] for column in range(columns)
    ]


def _smallest_published(result: SuppressedTable, positions) -> tuple[int, int] | None:
    """The smallest published non-zero entry; cells before totals when equal."""
    rows, columns = len(result.grid), len(result.grid[0])
    candidates = [
        (result.grid[row][column], row == rows - 1 or column == columns - 1, row, column)
        for row, column in positions
        if (row, column) not in result.hidden and result.grid[row][column] > 0
    ]
    if not candidates:
        return None
    _value, _is_total, row, column = min(candidates)
    return row, column


def _hide_for_lines(results: list[SuppressedTable]) -> bool:
    """Step 2, one entry at a time: True when it hid something."""
    for result in results:
        for line in _lines(result):
            if sum(position in result.hidden for position in line) == 1:
                chosen = _smallest_published(result, line)
                if chosen is not None:
                    result.hidden.add(chosen)
                    return True
    return False


def _hide_near(results: list[SuppressedTable], pinned: Position) -> bool:
    table, row, column = pinned
    result = results[table]
    near = [(row, other) for other in range(len(result.grid[0]))] + [
        (other, column) for other in range(len(result.grid))
    ]
    chosen = _smallest_published(result, near)
    if chosen is not None:
        result.hidden.add(chosen)
        return True
    everywhere = [
        (result.grid[position[0]][position[1]], index, position)
        for index, result in enumerate(results)
        if (position := _smallest_published(result, [(r, c) for line in _lines(result) for r, c in line]))
    ]
    if not everywhere:
        return False
    _value, index, position = min(everywhere)
    results[index].hidden.add(position)
    return True


# Step 3: the flow network.


@dataclass
class _Edge:
    tail: object
    head: object
    flow: int
    low: int
    high: int
    position: Position | None


def _bounds(result: SuppressedTable, row: int, column: int) -> tuple[int, int]:
    """What a reader knows of an entry: its value, 1-4 for "<5", 5 or more for "x"."""
    value = result.grid[row][column]
    if (row, column) not in result.hidden:
        return value, value
    return (1, THRESHOLD - 1) if value < THRESHOLD else (THRESHOLD, UNBOUNDED)


def _network(results: list[SuppressedTable]) -> list[_Edge]:
    """Source -> rows of the first table -> columns (in -> out, the column total) ->
    rows of the second table -> sink -> source (the grand total)."""
    first = results[0]
    total_row, total_column = len(first.grid) - 1, len(first.grid[0]) - 1

    def edge(tail, head, table, row, column, *, checked=True) -> _Edge:
        low, high = _bounds(results[table], row, column)
        position = (table, row, column) if checked else None
        return _Edge(tail, head, results[table].grid[row][column], low, high, position)

    edges = [edge("sink", "source", 0, total_row, total_column)]
    for row in range(total_row):
        edges.append(edge("source", ("a", row), 0, row, total_column))
        edges += [edge(("a", row), ("in", column), 0, row, column) for column in range(total_column)]
    edges += [edge(("in", column), ("out", column), 0, total_row, column) for column in range(total_column)]
    if len(results) == 1:
        edges += [
            _Edge(("out", column), "sink", first.grid[total_row][column], 0, UNBOUNDED, None)
            for column in range(total_column)
        ]
        return edges
    second = results[1]
    for row in range(len(second.grid) - 1):
        edges += [edge(("out", column), ("b", row), 1, row, column) for column in range(total_column)]
        edges.append(edge(("b", row), "sink", 1, row, total_column))
    return edges


def _reachable(edges: list[_Edge], skip: int, start, goal) -> bool:
    """Is there a path from start to goal in the residual network, not using edge `skip`?"""
    arcs: dict[object, list[object]] = {}
    for index, edge in enumerate(edges):
        if index == skip:
            continue
        if edge.flow < edge.high:
            arcs.setdefault(edge.tail, []).append(edge.head)
        if edge.flow > edge.low:
            arcs.setdefault(edge.head, []).append(edge.tail)
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for following in arcs.get(node, ()):
            if following not in seen:
                seen.add(following)
                queue.append(following)
    return False


def can_vary(edges: list[_Edge], index: int) -> bool:
    """Another integer flow within every bound gives this edge another value: a
    residual cycle through it, forwards (more) or backwards (less)."""
    edge = edges[index]
    more = edge.flow < edge.high and _reachable(edges, index, edge.head, edge.tail)
    return more or (edge.flow > edge.low and _reachable(edges, index, edge.tail, edge.head))


def _first_pinned(results: list[SuppressedTable]) -> Position | None:
    edges = _network(results)
    for index, edge in enumerate(edges):
        if edge.position is None:
            continue
        table, row, column = edge.position
        if (row, column) in results[table].hidden and not can_vary(edges, index):
            return edge.position
    return None
