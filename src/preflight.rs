//! Says, before anything is sent, whether a token can read AI call summaries on each path, and why.
