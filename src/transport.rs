//! The only module that performs HTTP: `fetch` on the JavaScript global, in Workers, browsers and Node.
