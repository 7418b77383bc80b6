"""Rendering of the answer models: Discord embeds (:mod:`.embeds`) and console text (:mod:`.text`)."""
