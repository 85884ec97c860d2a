"""Versions of a standard, imported from the demo standard's file (cut to size) and taken on by the services."""

import copy
import functools

import factory
import yaml
from factory.django import DjangoModelFactory

from assay.standards import services, yaml_io
from assay.standards.models import StandardVersion, VersionStatus
from assay.web.demo.loader import DEMO_FILE


@functools.cache
def _demo_data() -> dict:
    return yaml.load(DEMO_FILE.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class StandardVersionFactory(DjangoModelFactory):
    """A version of standard `slug` (a new standard unless it exists) imported by `version_import` from the demo
    standard's data, keeping the first `per_module` criteria of each module (all if None), then opened for
    consultation or published as `status` says."""

    class Meta:
        model = StandardVersion

    slug = factory.Sequence(lambda n: f"std-{n}")
    label = "1.0"
    per_module = None
    status = VersionStatus.PUBLISHED

    @classmethod
    def _create(cls, model_class, *args, **kw):
        data = copy.deepcopy(_demo_data())
        data["standard"]["slug"], data["version"]["label"] = kw["slug"], kw["label"]
        if kw["per_module"] is not None:
            for module in data["modules"]:
                module["criteria"] = module["criteria"][:kw["per_module"]]
        version = services.version_import(actor=None, raw=yaml_io.dump(data).encode())
        if kw["status"] == VersionStatus.CONSULTATION:
            version = services.version_open_consultation(actor=None, version=version)
        elif kw["status"] == VersionStatus.PUBLISHED:
            version = services.version_publish(actor=None, version=version)
        return version
