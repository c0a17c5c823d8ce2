package org.vibevoice.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/**
 * A handler whose refusals become JSON error responses. Once the response has started (a stream),
 * an error can only abort the connection, which the client sees as a truncated response.
 */
abstract class Endpoint implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(Endpoint.class.getName());

    /** Largest total size of request header names and values accepted. */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    abstract void serve(HttpExchange ex) throws IOException, ApiException;

    /**
     * An IOException escaping here makes the server drop the connection without ending the
     * response, so a failed stream never looks complete; only finished exchanges are closed.
     */
    @Override
    public final void handle(HttpExchange ex) throws IOException {
        try {
            checkHeaderSize(ex);
            serve(ex);
        } catch (ApiException e) {
            respond(ex, e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request failed: " + ex.getRequestMethod() + " " + ex.getRequestURI(), e);
            respond(ex, new ApiException(500, "server_error", null, null, "internal error: " + e));
        }
        ex.close();
    }

    private static void respond(HttpExchange ex, ApiException e) throws IOException {
        if (ex.getResponseCode() != -1) {
            throw new IOException("response already started; aborting: " + e.getMessage());
        }
        Exchanges.sendError(ex, e);
    }

    private static void checkHeaderSize(HttpExchange ex) throws ApiException {
        long total = ex.getRequestURI().toString().length();
        for (var h : ex.getRequestHeaders().entrySet()) {
            for (String v : h.getValue()) {
                total += h.getKey().length() + v.length() + 4;
            }
        }
        if (total > MAX_HEADER_BYTES) {
            ex.getResponseHeaders().set("Connection", "close");
            throw new ApiException(431, "invalid_request_error", "headers_too_large", null,
                    "request line and headers exceed " + MAX_HEADER_BYTES + " bytes");
        }
    }

    /** The exact path, so that a context's prefix match does not serve look-alike paths. */
    static void requirePath(HttpExchange ex, String path) throws ApiException {
        if (!ex.getRequestURI().getPath().equals(path)) {
            throw ApiException.notFound("no such endpoint: " + ex.getRequestURI().getPath());
        }
    }
}
