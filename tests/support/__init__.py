"""What the tests share: page and socket.io helpers (not tests themselves)."""
