//! Builds the one right HTTP request for an AI call summary, or the Server-to-Server token request.
