"""``python -m foedus.server serve|admin|audit ...``: the server commands without the main CLI."""

from foedus.server.cli import standalone

standalone()()
