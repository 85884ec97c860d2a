from tests.accounts.test_leak_matrix import world  # noqa: F401  (the leak matrix's world is a fixture here)
