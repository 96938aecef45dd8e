"""The only package that opens SQLite: engine, migrations, backups, queries."""
