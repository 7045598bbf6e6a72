"""The error every loader raises: where the bad input is and what is wrong with it."""


class IngestError(Exception):
    """Bad input: names the file (and line, where there is one) and the problem."""

    def __init__(self, path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")
