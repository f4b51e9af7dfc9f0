"""Guards against hostile data: bounded regular expressions, inert text, atomic writes."""
