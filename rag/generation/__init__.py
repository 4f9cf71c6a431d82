"""Answers: the numbered context, the chat models, the extractive composer,
citation and fact validation, and the answer stage that ties them together."""
