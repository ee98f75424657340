"""The one error a user sees for a bad scenario: file, line, field, what is wrong and what was expected."""


class ScenarioError(Exception):
    """A problem with a scenario file, printed as `file:line: field: message` on one line."""

    def __init__(self, file, message, field=None, line=None):
        super().__init__(message)
        self.file, self.message, self.field, self.line = str(file), message, field, line

    def __str__(self):
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
