"""The story classifier: is a story about a press-freedom incident, of which types, and why.

Rules and lexicons in English and Chinese (both scripts), no model download, CPU only.
"""

from .classifier import CLASSIFIER_VERSION, classify, classify_many

__all__ = ["CLASSIFIER_VERSION", "classify", "classify_many"]
