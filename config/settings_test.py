"""Test settings: the real settings, with fast hashing and tasks run in-process."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "ENQUEUE_ON_COMMIT": False}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LANGUAGE_CODE = "it"
# WhiteNoise indexes every static file when its middleware is built, and the test client builds
# the middleware anew for each client: look files up on request instead (as in development).
WHITENOISE_AUTOREFRESH = True
