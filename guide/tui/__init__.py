"""The Textual chat app: a thin view of guide.conversation's Replies."""
