"""YAML read with libyaml's parser when PyYAML has it (about ten times faster than the pure
Python one: the model law alone took a second of every cold start). Same safe loader rules."""

from __future__ import annotations

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    """Parse YAML text as `yaml.safe_load` does (raises yaml.YAMLError on bad input)."""
    return yaml.load(text, Loader=SAFE_LOADER)
