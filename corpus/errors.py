"""The errors every loader raises: where the bad input is and what is wrong with it."""

from dataclasses import dataclass


class IngestError(Exception):
    """Bad input: names the file (and line, where there is one) and the problem."""

    def __init__(self, path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")

    @property
    def lines(self) -> list[str]:
        """One line per problem (a plain IngestError has exactly one)."""
        return [str(self)]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: file, line or JSON path, field, what was wrong."""

    file: str
    where: str  # "12" (a line) or "stances[12]" (a JSON path); "" for the whole file
    field: str
    message: str

    def __str__(self) -> str:
        if self.where.isdigit():  # a line of a text file: "file:12: field: message"
            parts = [f"{self.file}:{self.where}", self.field, self.message]
        elif self.where:  # a JSON path: "file: stances[12].expert: message"
            path = f"{self.where}.{self.field}" if self.field else self.where
            parts = [self.file, path, self.message]
        else:
            parts = [self.file, self.field, self.message]
        return ": ".join(p for p in parts if p)


class InputProblems(IngestError):
    """Every problem found in an input, not only the first; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        first = self.problems[0]
        self.path = first.file
        self.line = int(first.where) if first.where.isdigit() else None
        self.message = first.message
        Exception.__init__(self, "\n".join(str(p) for p in self.problems))

    @property
    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class Problems:
    """Collects the problems of one run; raise_if_any() raises them all together."""

    def __init__(self):
        self.found: list[Problem] = []

    def add(self, file, where, field: str, message: str) -> None:
        where = "" if where is None else str(where)
        self.found.append(Problem(str(file), where, field, message))

    def add_error(self, error: IngestError) -> None:
        if isinstance(error, InputProblems):
            self.found.extend(error.problems)
        else:
            self.add(error.path, error.line, "", error.message)

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_if_any(self) -> None:
        if self.found:
            raise InputProblems(self.found)


def problem_report(error: IngestError, outcome: str) -> str:
    """A command's answer to bad input: one line per problem, headed by their count."""
    if len(error.lines) == 1:
        return error.lines[0]
    return "\n".join([f"{len(error.lines)} problems, {outcome}:", *error.lines])
