"""One module per attribute of the client (DESIGN §2). Thin: validate → request → structure."""
