//! Classifies any Zoom failure into a stable kind with an explanation, ordered fixes and an RFC 9457 problem.
