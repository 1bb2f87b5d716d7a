"""Starting the servers: everything at once for `make run`, and the supervisor behind the scale-out profile."""
