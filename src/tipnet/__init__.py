"""tipnet: case management, identification and referral for counter-trafficking work."""

__version__ = "0.1.0"
