"""SQL held in Python strings: how it is built (flow), where its holes are (holes), where it runs (sinks), and the parameterising fix."""
