//! The endpoints that serve AI call summaries, with their scopes, rate-limit labels and prerequisites.
