"""SafeMekong: a cross-border anti-scam intelligence hub.

Capabilities live in their own packages (identifiers, store, policy, intel, synth); the API and
CLI are thin front doors over them.
"""

__version__ = "0.1.0"
