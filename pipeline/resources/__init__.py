"""Vocabulary sources and the compiled lexicon cache."""
