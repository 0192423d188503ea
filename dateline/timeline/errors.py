"""The one error type of the timeline stage, so the CLI and the web app can show it without a traceback."""


class TimelineError(Exception):
    """A timeline cannot be built from this input (no articles match, no dated sentences in window...)."""


class QueryError(TimelineError):
    """The user's search query cannot be run (FTS5 syntax): the request is wrong, not the data missing."""
