"""Qt table models over row snapshots from the store, columns declared as data."""
