"""Packaging, for Scrapyd (``scrapyd-deploy`` builds an egg from this) and pip installs."""

from setuptools import find_packages, setup

setup(
    name="newscrawl",
    version="0.1.0",
    packages=find_packages(include=["newscrawl", "newscrawl.*"]),
    package_data={"newscrawl.schemas": ["*.json"]},
    python_requires=">=3.11",
    entry_points={"scrapy": ["settings = newscrawl.settings"]},
)
