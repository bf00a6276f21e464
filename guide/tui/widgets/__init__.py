"""The chat's widgets: turns, reply blocks, suggestions, the input and the problems panel."""
