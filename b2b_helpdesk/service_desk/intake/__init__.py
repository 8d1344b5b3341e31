"""The dispatcher's intake hints, one module per hint: the contact, the contract and its SLA, the equipment."""
