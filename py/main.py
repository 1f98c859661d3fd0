"""Entry point PyScript runs on the page."""

from app import dom

dom.start()
