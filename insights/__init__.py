"""What operators run on the conversations in the tracker store (issue 7): retention so far."""
