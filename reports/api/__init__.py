"""The HR system's API: registered reports as paged JSON behind bearer tokens."""
