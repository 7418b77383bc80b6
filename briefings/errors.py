"""Domain errors. ``str(err)`` is a short message fit to show a user as is.

The Discord front end maps every :class:`BriefbotError` to an ephemeral reply,
and the command line to a one-line message on stderr with exit code 2.
"""

from __future__ import annotations


class BriefbotError(Exception):
    """Base of every error whose message a user may read."""


class BadInput(BriefbotError):
    """An argument, a file or a pasted text that cannot be used."""


class NotFound(BriefbotError):
    """The article, subscription or feed asked for does not exist in this workspace."""


class Duplicate(BriefbotError):
    """The thing to add is already stored."""


class NotAllowed(BriefbotError):
    """The caller lacks the permission the command needs."""


class FetchRefused(BriefbotError):
    """A URL that the safe fetcher refuses to read, with the reason."""


class NotYet(BriefbotError):
    """A feature that this build does not have yet."""


class FetchFailed(BriefbotError):
    """A URL that could not be read: the host is unknown or down, or it answered with an error status."""


class Filtered(BriefbotError):
    """An item a feed's keywords leave out (the message names the keyword)."""
