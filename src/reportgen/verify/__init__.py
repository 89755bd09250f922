"""Checks of a brief against the world outside it: archived source texts and live links.

Nothing here runs during ``build``; ``reportgen check`` calls it on request.
"""
