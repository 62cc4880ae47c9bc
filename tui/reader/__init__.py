"""The Textual reader: the app, its screens and widgets, themes, config and remembered state.
It asks the index questions and draws the answers; it holds no detection logic."""
