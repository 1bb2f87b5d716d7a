"""`python -m server run --model ...`: Rasa's own command line, with the speed-ups of server/speedups.py."""

from rasa.__main__ import main

from server import speedups

if __name__ == "__main__":
    speedups.install()
    main()
