"""Tools for authors: conversation tests and coverage, collision lint, graphs, scaffolding, review.

Everything here builds on the same pieces readers use (the loader, `Engine`, `Session`,
`Index.rank`), so what a tool reports is what a reader would get. Nothing here is
imported by `guide ask` or `guide chat`, except the opt-in log of unanswered questions.
"""
