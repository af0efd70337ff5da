//! Zoom OAuth scope grammar: granular `service:action:data[:level]` and classic `resource[:action][:level]`.
