"""Personalization: the interaction store, user profiles and profile-weighted
reordering (the stage after reranking in the funnel). Built in its own issue;
this package exists so the funnel's layout is visible from the top."""
