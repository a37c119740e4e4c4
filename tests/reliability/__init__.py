"""Shared pieces of the reliability suite: one adapter per API, figures."""
