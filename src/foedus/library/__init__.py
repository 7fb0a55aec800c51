"""Bundled reference data (geography, actors, map shapes) read via importlib.resources."""
