"""What each command does, with an example: the text of ``/help`` on Discord and in the console."""

from __future__ import annotations

from typing import NamedTuple


class HelpEntry(NamedTuple):
    """One command: how to call it, what it does, and an example."""

    usage: str
    what: str
    example: str
    admin: bool = False


HELP: list[HelpEntry] = [
    HelpEntry(
        "/troops [country] [as_of]",
        "Current troop estimate with its date and sources, recent changes, announced plans, "
        "conflicting figures and a chart of the timeline.",
        "/troops as_of:2025-01-31",
    ),
    HelpEntry("/latest [count]", "The newest developments, with dates and sources.", "/latest count:5"),
    HelpEntry(
        "/said [speaker] [about]",
        "Statements, newest first: the words, who said them, when, and where it was reported.",
        "/said speaker:Whitfield about:withdrawal",
    ),
    HelpEntry(
        "/article add [url]",
        "Add an article by link, or with no link paste its text in a form. The reply says what was extracted.",
        "/article add url:https://example.org/news/syria",
        admin=True,
    ),
    HelpEntry("/article list", "The stored articles, newest first.", "/article list", admin=True),
    HelpEntry("/article show id", "One article with the facts taken from it.", "/article show id:3", admin=True),
    HelpEntry(
        "/article remove id", "Remove an article and the facts only it supports.", "/article remove id:3", admin=True
    ),
    HelpEntry(
        "/feed add url [source] [max_items]",
        "Follow an RSS or Atom feed: new items are fetched and added every few minutes, each once.",
        "/feed add url:https://example.org/world/rss.xml source:Example News",
        admin=True,
    ),
    HelpEntry("/feed list", "The feeds this server follows, with what each brought in.", "/feed list", admin=True),
    HelpEntry("/feed remove id", "Stop following a feed (its articles stay).", "/feed remove id:2", admin=True),
    HelpEntry(
        "/review queue",
        "Doubtful facts one at a time (a figure out of line, sources that disagree, weak evidence), "
        "with the evidence and buttons to approve, reject or correct each.",
        "/review queue",
        admin=True,
    ),
    HelpEntry("/review log", "Recent review decisions: who, when, what the fact was.", "/review log", admin=True),
    HelpEntry(
        "/fact remove id", "Remove one fact from every answer (it is not stored again).", "/fact remove id:t12",
        admin=True,
    ),
    HelpEntry(
        "/subscribe [channel] [time] [timezone]",
        "Post a daily briefing of what is new in a channel.",
        "/subscribe time:08:00 timezone:Europe/Berlin",
        admin=True,
    ),
    HelpEntry("/unsubscribe [channel]", "Stop a channel's daily briefing.", "/unsubscribe", admin=True),
    HelpEntry("/subscriptions", "The channels that get a daily briefing.", "/subscriptions", admin=True),
    HelpEntry("/briefing", "Preview what the next briefing would say.", "/briefing"),
    HelpEntry("/help", "This list.", "/help"),
]

ADMIN_NOTE = "Commands marked (admin) need the Manage Server permission."
