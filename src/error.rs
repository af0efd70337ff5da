//! The crate's error type.

/// Crate-wide result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Errors returned by the crate's functions.
///
/// Zoom failures are not errors here: they are data, described by [`crate::classify::Diagnosis`].
/// An `Error` means the caller passed something the crate cannot work with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument is missing, of the wrong type or outside the accepted values.
    ///
    /// The message names the argument, states what was wrong with it and what to pass instead. It never
    /// contains a token or a secret.
    #[error("{0}")]
    InvalidArgument(String),
}

impl Error {
    /// Builds an [`Error::InvalidArgument`] from a message.
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Error::InvalidArgument(message.into())
    }

    /// Returns the stable machine-readable code that JavaScript callers see as `err.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidArgument(_) => "invalid_argument",
        }
    }
}

/// Returns `text` in double quotes for an error message, with quotes, backslashes and control
/// characters escaped as in JSON.
///
/// Messages use this instead of `{:?}`, whose escaping links core's Unicode printability tables
/// into the wasm.
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    crate::json::string(&mut out, text);
    out
}
