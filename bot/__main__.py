"""``python -m bot``: run the bot with DISCORD_TOKEN, or the local console when no token is set."""

from __future__ import annotations

import asyncio
import logging
import sys

from bot.app import run_bot, setup_logging
from briefings.config import Settings
from briefings.errors import BriefbotError

log = logging.getLogger(__name__)


def main() -> int:
    """Start the bot, or the console when no token is configured."""
    settings = Settings()
    try:
        if settings.discord_token is None:
            from bot.console import run_console

            logging.basicConfig(level=logging.WARNING)
            return asyncio.run(run_console(settings))
        setup_logging(settings)
        run_bot(settings)
    except BriefbotError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
