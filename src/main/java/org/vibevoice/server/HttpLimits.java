package org.vibevoice.server;

/**
 * Limits of the JDK HTTP server, which reads them from system properties once, when its first
 * server starts: a request's line, headers and body must arrive within 30 s (slow clients cannot
 * hold connections), at most 100 headers, at most 256 open connections. Handlers refuse headers
 * over 16 KiB in all ({@link Endpoint#MAX_HEADER_BYTES}). A value
 * the user set on the command line wins. Responses have no time limit: streams last as long as
 * generation does.
 */
final class HttpLimits {
    private HttpLimits() {
    }

    static void applyDefaults() {
        setIfAbsent("sun.net.httpserver.maxReqTime", "30");
        setIfAbsent("sun.net.httpserver.maxReqHeaders", "100");
        // a backstop above the handlers' own 16 KiB check, which answers 431 instead of dropping the connection
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", Integer.toString(4 * Endpoint.MAX_HEADER_BYTES));
        setIfAbsent("jdk.httpserver.maxConnections", "256");
        setIfAbsent("sun.net.httpserver.idleInterval", "30");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
