"""The one base class of errors a user can act on (every stage raises subclasses of it)."""


class UserError(Exception):
    """A problem the user can fix (bad input, missing model, stale index): shown as a clear message."""


class CorpusError(UserError):
    """A yearbook file or directory that cannot be read (empty, binary, unknown encoding, nothing usable)."""
