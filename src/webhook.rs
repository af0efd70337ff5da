//! Verifies Zoom's signed webhook deliveries and answers the `endpoint.url_validation` challenge.
