"""One run: configuration, discovery of datasets, batching, waivers and coverage."""
