"""Diagram kind: plain English to a typed diagram IR to PlantUML source."""
