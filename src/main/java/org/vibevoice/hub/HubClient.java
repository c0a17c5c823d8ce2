package org.vibevoice.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.vibevoice.VibeVoiceException;

/**
 * The hub's file-resolve protocol over {@link HttpClient}: HEAD for metadata, GET (with Range) for
 * content. Redirects are followed by hand, at most {@link #MAX_REDIRECTS}, so that the token goes to
 * the endpoint's own origin only and never to a CDN or any other host a redirect names.
 */
final class HubClient implements AutoCloseable {
    static final int MAX_REDIRECTS = 10;
    private static final String USER_AGENT = "vibevoice-java/0.1.0";

    private final HubConfig config;
    private final HttpClient http;
    private final ScheduledExecutorService timer;

    /** A GET response whose body the caller reads and closes. */
    record Response(int status, HttpHeaders headers, InputStream body) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    HubClient(HubConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.transfer().connectTimeout())
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-stall-guard");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The metadata of a file, or null when the repository does not have it. A redirect that already
     * carries X-Repo-Commit is the LFS redirect to the CDN: it is not followed, its Location is where
     * the content is (as huggingface_hub does); other redirects (a renamed repository) are followed.
     */
    FileMetadata head(FileRef ref) throws IOException {
        URI uri = ref.resolveUri(config.endpoint());
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<Void> r = send(request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            int status = r.statusCode();
            if (status >= 200 && status < 300) {
                return metadata(ref, r.headers(), uri);
            }
            if (isRedirect(status)) {
                URI next = location(ref, uri, r.headers());
                if (r.headers().firstValue("X-Repo-Commit").isPresent()) {
                    return metadata(ref, r.headers(), next);
                }
                uri = next;
                continue;
            }
            if (status == 404 && isMissingFile(r.headers())) {
                return null;
            }
            if (status >= 500) {
                throw serverError(ref, status);
            }
            throw refusal(ref, status, r.headers());
        }
        throw tooManyRedirects(ref);
    }

    /** GETs {@code uri} from byte {@code from} on (a Range request when from > 0), following redirects. */
    Response get(FileRef ref, URI uri, long from) throws IOException {
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = request(uri).GET();
            if (from > 0) {
                b.header("Range", "bytes=" + from + "-");
            }
            HttpResponse<InputStream> r = send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = r.statusCode();
            if (status == 200 || status == 206 || status == 416) {
                return new Response(status, r.headers(),
                        new StallGuard(r.body(), config.transfer().readTimeout(), timer));
            }
            r.body().close();
            if (isRedirect(status)) {
                uri = location(ref, uri, r.headers());
                continue;
            }
            if (status >= 500) {
                throw serverError(ref, status);
            }
            throw refusal(ref, status, r.headers());
        }
        throw tooManyRedirects(ref);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(config.transfer().readTimeout())
                .header("User-Agent", USER_AGENT)
                // sizes must be the stored bytes, never a compressed transfer's
                .header("Accept-Encoding", "identity");
        if (config.token() != null && sameOrigin(uri, config.endpoint())) {
            b.header("Authorization", "Bearer " + config.token());
        }
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(req, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI location(FileRef ref, URI from, HttpHeaders h) {
        String loc = h.firstValue("Location").orElseThrow(
                () -> new VibeVoiceException(ref + ": the hub redirected without a Location"));
        URI next;
        try {
            next = from.resolve(loc);
        } catch (IllegalArgumentException e) {
            throw new VibeVoiceException(ref + ": the hub redirected to a malformed URL");
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || next.getHost() == null) {
            throw new VibeVoiceException(ref + ": the hub redirected to a non-http(s) URL");
        }
        return next;
    }

    private static FileMetadata metadata(FileRef ref, HttpHeaders h, URI location) {
        String commit = h.firstValue("X-Repo-Commit").orElse(null);
        if (!HubNames.isCommitHash(commit)) {
            throw new VibeVoiceException(ref + ": the server sent no commit hash (X-Repo-Commit); is HF_ENDPOINT a Hugging Face hub?");
        }
        String etag = HubNames.normalizeEtag(h.firstValue("X-Linked-Etag").or(() -> h.firstValue("ETag")).orElse(null));
        if (!HubNames.isSafeEtag(etag)) {
            throw new VibeVoiceException(ref + ": the server sent no usable ETag" + (etag == null ? "" : " ('" + etag + "')"));
        }
        long size = h.firstValue("X-Linked-Size").or(() -> h.firstValue("Content-Length"))
                .map(HubClient::parseSize).orElse(-1L);
        return new FileMetadata(commit, etag, size, location);
    }

    private static long parseSize(String s) {
        try {
            long v = Long.parseLong(s.trim());
            return v >= 0 ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Optional<String> errorCode(HttpHeaders h) {
        return h.firstValue("X-Error-Code");
    }

    /** A 404 about the file itself (EntryNotFound, or a plain 404 from a simple mirror), not the repo or revision. */
    private static boolean isMissingFile(HttpHeaders h) {
        return errorCode(h).map("EntryNotFound"::equals).orElse(true);
    }

    private static VibeVoiceException tooManyRedirects(FileRef ref) {
        return new VibeVoiceException(ref + ": more than " + MAX_REDIRECTS + " redirects");
    }

    /** Server errors are worth a retry, so they are I/O failures like a dropped connection. */
    private static IOException serverError(FileRef ref, int status) {
        return new IOException("the hub answered HTTP " + status + " for " + ref);
    }

    /** Every other refusal is final and says what to do. */
    private VibeVoiceException refusal(FileRef ref, int status, HttpHeaders h) {
        String code = errorCode(h).orElse("");
        String auth = config.token() == null ? "set HF_TOKEN to a token that can read it"
                : "check that HF_TOKEN can read it";
        String msg = switch (code) {
            case "RepoNotFound" -> ref.id() + " was not found on " + config.endpoint()
                    + " (HTTP " + status + "): check the id; if it is private or gated, " + auth;
            case "RevisionNotFound" -> ref.id() + " has no revision '" + ref.revision() + "' on " + config.endpoint();
            case "GatedRepo" -> ref.id() + " is gated (HTTP " + status + "): accept its terms on its hub page and "
                    + auth;
            case "EntryNotFound" -> ref + " is not in the repository";
            default -> status == 401 || status == 403
                    ? ref.id() + ": the hub refused access (HTTP " + status + "); the repository may be private or gated: " + auth
                    : ref + ": the hub answered HTTP " + status;
        };
        return new VibeVoiceException(msg);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        http.close();
    }
}
