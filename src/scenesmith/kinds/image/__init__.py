"""The image kind: a masked region of a picture repainted to a wish (a texture from the map library, or removed)."""
