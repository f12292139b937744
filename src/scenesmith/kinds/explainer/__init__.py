"""Explainer videos from the verified topic library."""
