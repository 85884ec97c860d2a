"""Shared fixtures. Data comes from the shipped demo standard or is built here; never from a dump."""

import copy
from pathlib import Path

import pytest
import yaml

from assay.standards import services
from assay.standards.demo import DEMO_FILE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_bytes() -> bytes:
    return DEMO_FILE.read_bytes()


@pytest.fixture(scope="session")
def demo_data(demo_bytes) -> dict:
    return yaml.safe_load(demo_bytes)


@pytest.fixture
def standard_data(demo_data) -> dict:
    """A fresh, mutable copy of the demo standard's data, for tests that break or change it."""
    return copy.deepcopy(demo_data)


@pytest.fixture
def version(db, demo_bytes):
    """The demo standard imported as a draft."""
    return services.version_import(None, demo_bytes)


@pytest.fixture
def staff(db, django_user_model):
    return django_user_model.objects.create_user("editor", "editor@example.org", "pw-editor-123", is_staff=True,
                                                 is_superuser=True)


@pytest.fixture
def demo(db):
    """The demo versions: 0.1 published, 0.2 in consultation."""
    from assay.standards.demo import load_demo_standard

    return load_demo_standard()


@pytest.fixture
def draft(demo):
    """A staff-only working draft 0.3 derived from 0.2."""
    return services.version_derive(None, demo[1], "0.3")
