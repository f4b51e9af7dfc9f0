"""The data model a rule pack declares, datasets typed by it, and the pandera schemas built from it."""
