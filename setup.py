"""The package list, which pyproject.toml cannot express: guide* found as usual, plus
`guide.bundled`, which pyproject.toml maps to dialogs/ so that the bundled guides ship as
package data (guide.paths.bundled_guide finds them through the import system)."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["guide", "guide.*"]), "guide.bundled"])
