"""Users, with their groups (the roles)."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

PASSWORD = "pw-not-used-1234"


class UserFactory(DjangoModelFactory):
    """A user with a usable password (hashed as the test settings say); `groups` names the roles to add."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = PASSWORD
    is_staff = False
    is_superuser = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class._default_manager.create_user(*args, **kwargs)

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        for name in names or ():
            self.groups.add(Group.objects.get_or_create(name=name)[0])
