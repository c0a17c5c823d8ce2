package org.vibevoice.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.vibevoice.VibeVoiceException;

/**
 * The web page: a fixed set of files from the jar, looked up by exact path (a request path never
 * reaches the file system). Everything is served from this process, so the page works offline.
 */
final class PageEndpoint extends Endpoint {
    private static final String RESOURCES = "/org/vibevoice/server/";
    /** Scripts and media only from this origin; blob: for the finished WAV the page assembles. */
    private static final String CSP = "default-src 'self'; media-src 'self' blob:; connect-src 'self' blob:; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private record Asset(String contentType, byte[] bytes) {
    }

    private final Map<String, Asset> assets;

    PageEndpoint() {
        assets = Map.of(
                "/", load("index.html", "text/html; charset=utf-8"),
                "/app.js", load("app.js", "text/javascript; charset=utf-8"),
                "/style.css", load("style.css", "text/css; charset=utf-8"),
                "/favicon.svg", load("favicon.svg", "image/svg+xml"));
    }

    private static Asset load(String name, String type) {
        try (InputStream in = PageEndpoint.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new VibeVoiceException("the jar lacks the web page file " + name);
            }
            return new Asset(type, in.readAllBytes());
        } catch (IOException e) {
            throw new VibeVoiceException("cannot read the web page file " + name + ": " + e.getMessage());
        }
    }

    @Override
    void serve(HttpExchange ex) throws IOException, ApiException {
        String path = ex.getRequestURI().getPath();
        Asset a = assets.get(path.equals("/index.html") ? "/" : path);
        if (a == null) {
            throw ApiException.notFound("no such page: " + path);
        }
        if (!ex.getRequestMethod().equals("HEAD")) {
            Exchanges.requireMethod(ex, "GET");
        }
        ex.getResponseHeaders().set("Content-Security-Policy", CSP);
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        Exchanges.send(ex, 200, a.contentType(), a.bytes());
    }
}
