package org.vibevoice.server;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading bounded request bodies and writing JSON, bytes and OpenAI-style errors. */
final class Exchanges {
    /** What is read and dropped of an oversize body so the client can still read the 413. */
    private static final long DRAIN_LIMIT = 1 << 20;

    private Exchanges() {
    }

    static void requireMethod(HttpExchange ex, String method) throws ApiException {
        if (!ex.getRequestMethod().equalsIgnoreCase(method)) {
            ex.getResponseHeaders().set("Allow", method);
            throw new ApiException(405, "invalid_request_error", "method_not_allowed", null,
                    ex.getRequestMethod() + " is not allowed here; use " + method);
        }
    }

    /**
     * The whole request body, refused with 413 when its declared length or the bytes actually sent
     * exceed {@code limit}. Reads to the end, which also ends the server's request timer.
     */
    static byte[] readBody(HttpExchange ex, long limit) throws IOException, ApiException {
        InputStream in = ex.getRequestBody();
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long n;
            try {
                n = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("bad Content-Length: " + declared, null);
            }
            if (n > limit) {
                refuseTooLarge(ex, in, limit);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 1 << 16));
        byte[] buf = new byte[8192];
        long total = 0;
        for (int r; (r = in.read(buf)) >= 0;) {
            total += r;
            if (total > limit) {
                refuseTooLarge(ex, in, limit);
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    private static void refuseTooLarge(HttpExchange ex, InputStream in, long limit) throws ApiException {
        ex.getResponseHeaders().set("Connection", "close");
        try {
            long dropped = 0;
            byte[] buf = new byte[8192];
            for (int r; dropped < DRAIN_LIMIT && (r = in.read(buf)) >= 0;) {
                dropped += r;
            }
        } catch (IOException ignored) {
            // the client gave up: the 413 may not reach it, and nothing else is owed
        }
        throw ApiException.tooLarge(limit);
    }

    /**
     * The body as a JSON object. Content-Type must say JSON: browsers then refuse to send such a
     * request from another site's page without a CORS preflight, which this server never grants.
     */
    static Map<String, Object> readJsonObject(HttpExchange ex, long limit) throws IOException, ApiException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.strip().toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "invalid_request_error", "unsupported_media_type", null,
                    "the body must be JSON sent with Content-Type: application/json");
        }
        return parseJsonObject(readBody(ex, limit));
    }

    /** A request body parsed as a JSON object; anything else is a 400. */
    static Map<String, Object> parseJsonObject(byte[] body) throws ApiException {
        Object parsed;
        try {
            parsed = JSON.std.anyFrom(body);
        } catch (IOException e) {
            throw ApiException.badRequest("request body is not valid JSON: " + firstLine(e.getMessage()), null);
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw ApiException.badRequest("request body must be a JSON object", null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) m;
        return map;
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }

    static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JSON.std.asBytes(body));
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static void sendError(HttpExchange ex, ApiException e) throws IOException {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("message", e.getMessage());
        err.put("type", e.type());
        err.put("param", e.param());
        err.put("code", e.code());
        sendJson(ex, e.status(), Map.of("error", err));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
