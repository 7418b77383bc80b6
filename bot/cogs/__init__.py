"""One cog per feature; each is thin: parse, call a ``briefings`` service, render, send."""
