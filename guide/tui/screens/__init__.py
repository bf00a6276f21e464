"""Screens over the chat: the source viewer, help, and the save dialogs."""
