"""dateline: trustworthy timelines from dated news articles."""

__version__ = "0.1.0"
