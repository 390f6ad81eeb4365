"""Signals the directory sends when it changes programs outside a publish, so other
apps (search) can follow without the directory importing them."""

from django.dispatch import Signal

# Sent with ``ids``: programs whose live data changed without a publish.
programs_changed = Signal()
