"""Development on a laptop: the embedded SQLite, codes written to the log."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
