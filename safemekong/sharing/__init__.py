"""Sharing with partners: real-time stream and webhooks, STIX/MISP interop, federation."""
