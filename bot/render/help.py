"""What each command does, with an example: the text of ``/help`` on Discord and in the console."""

from __future__ import annotations

from typing import NamedTuple


class HelpEntry(NamedTuple):
    """One command: how to call it, what it does, and an example.

    Every example gives a real answer on the sample articles when the examples are run in this
    order, in Discord and at the console (tests/bot/test_examples_answer.py runs them).
    """

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
        "/said speaker:Whitfield about:schedule",
    ),
    HelpEntry(
        "/article add [url] [file] [source] [title] [published]",
        "Add an article by link or as an attached file (.txt, .md or .html, for articles longer than the "
        "form's 4,000 characters), or with neither paste its text in a form. The reply says what was extracted.",
        "/article add url:https://example.org/news/syria",
        admin=True,
    ),
    HelpEntry(
        "/article list [page] [off_topic]",
        "The stored articles, newest first; off_topic:true lists those judged not about the story, "
        "kept but unused.",
        "/article list off_topic:true",
        admin=True,
    ),
    HelpEntry(
        "/article restore id",
        "Use an article stored as off-topic after all: its facts are extracted and used.",
        "/article restore id:6",
        admin=True,
    ),
    HelpEntry("/article show id", "One article with the facts taken from it.", "/article show id:3", admin=True),
    HelpEntry(
        "/article remove id", "Remove an article and the facts only it supports.", "/article remove id:3", admin=True
    ),
    HelpEntry(
        "/feed add url [source] [max_items] [include] [exclude]",
        "Follow an RSS or Atom feed: new items are fetched and added every few minutes, each once. include: keeps "
        "only items with one of the words (comma-separated); exclude: drops items with any of them.",
        "/feed add url:https://example.org/world/rss.xml include:syria, pentagon exclude:opinion",
        admin=True,
    ),
    HelpEntry("/feed list", "The feeds this server follows, with what each brought in.", "/feed list", admin=True),
    HelpEntry(
        "/feed edit id [source] [max_items] [include] [exclude]",
        "Change a feed's source name, items per check or keywords (- clears a keyword list).",
        "/feed edit id:1 exclude:sport, opinion",
        admin=True,
    ),
    HelpEntry("/feed pause id", "Stop checking a feed for now (nothing is forgotten).", "/feed pause id:1", admin=True),
    HelpEntry("/feed resume id", "Check a paused feed again, now.", "/feed resume id:1", admin=True),
    HelpEntry("/feed remove id", "Stop following a feed (its articles stay).", "/feed remove id:1", admin=True),
    HelpEntry(
        "/alert add channel [threshold]",
        "Post in a channel at once when a new article moves the troop figure (a new figure, a withdrawal or "
        "deployment reported), with the evidence and its source; with threshold: only when it crosses that number.",
        "/alert add channel:#news threshold:1000",
        admin=True,
    ),
    HelpEntry("/alert list", "The channels that get alerts.", "/alert list", admin=True),
    HelpEntry("/alert remove id", "Stop an alert.", "/alert remove id:1", admin=True),
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
    HelpEntry("/subscriptions", "The channels that get a daily briefing.", "/subscriptions", admin=True),
    HelpEntry("/unsubscribe [channel]", "Stop a channel's daily briefing.", "/unsubscribe", admin=True),
    HelpEntry("/briefing", "Preview what the next briefing would say.", "/briefing"),
    HelpEntry("/help", "This list.", "/help"),
]

ADMIN_NOTE = "Commands marked (admin) need the Manage Server permission."
