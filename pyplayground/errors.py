"""Errors the engine raises beyond ValueError's "this input is not valid"."""


class DivergedError(ValueError):
    """Training produced a non-finite loss or weight; the model is back at its last finite state
    (the playground's Session and the GAN both keep one)."""
