"""The demo: loaded by `manage.py load_demo` through the apps\x27 services."""
