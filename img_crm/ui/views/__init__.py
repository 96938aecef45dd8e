"""Widgets: one module per tab or dialog."""
