"""An installable app that only declares role permissions, for test_roles."""
