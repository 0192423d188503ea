"""The one error type of the timeline stage, so the CLI and the web app can show it without a traceback."""


class TimelineError(Exception):
    """A timeline cannot be built from this input (no articles match, no dated sentences in window...)."""
