"""The hardening tests drive the real bot through the shared fixtures of ``tests/conftest.py``
(``harness``, ``store_harness``, ``fake_discord``) and the harness in ``tests/bot/bot_harness.py``."""
