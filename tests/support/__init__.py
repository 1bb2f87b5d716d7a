"""What the tests share that is not a fixture: paths, builders, page objects and clients. No tests here."""
