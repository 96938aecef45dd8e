"""Use cases that combine store calls with files; shared by the CLI and the GUI. No Qt."""
