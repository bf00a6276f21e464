"""The package list, which pyproject.toml cannot express: guide* found as usual, plus two
folders of data: `guide.bundled`, which pyproject.toml maps to dialogs/ so that the bundled
guides ship as package data (guide.paths.bundled_guides finds them through the import system),
and `guide.serve_templates`, the page of `guide serve`."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["guide", "guide.*"]), "guide.bundled", "guide.serve_templates"])
