"""Sample articles we wrote (see README.md) for the console quick start and the tests."""
