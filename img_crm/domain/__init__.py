"""Plain-Python domain: tables, enums and the playbook rules. No Qt, no I/O."""
