package org.vibevoice.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for the hub's file-resolve protocol: {@code /{org}/{name}/resolve/{rev}/{file}}
 * answers small files directly and LFS files with a 302 to a CDN server on another port, with the
 * hub's X-Repo-Commit, ETag, X-Linked-Etag and X-Linked-Size headers. Both servers honour Range.
 * Faults (a dropped connection, corrupt content, a stall, an ignored Range) are switched on per file.
 */
final class FakeHub implements AutoCloseable {
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    record Request(String server, String method, String path, String authorization, String range) {
    }

    private record RepoFile(byte[] content, boolean lfs, String sha256, String gitSha) {
    }

    private final String repo;
    private final HttpServer api;
    private final HttpServer cdn;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-hub");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, RepoFile> files = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();

    /** file → bytes to send on its next content GET before dropping the connection (used once). */
    final Map<String, Integer> cutAfter = new ConcurrentHashMap<>();
    /** file → bytes to send on its next content GET before going silent (used once). */
    final Map<String, Integer> stallAfter = new ConcurrentHashMap<>();
    /** files whose served bytes differ from the content their sha256 ETag announces. */
    final Set<String> corrupt = ConcurrentHashMap.newKeySet();
    /** files whose content GETs ignore Range and answer 200 with the whole file. */
    final Set<String> ignoreRange = ConcurrentHashMap.newKeySet();
    /** files whose metadata carries this ETag instead of the real one. */
    final Map<String, String> etagOverride = new ConcurrentHashMap<>();
    /** LFS redirects point to a path on the api server itself instead of the CDN's port. */
    volatile boolean cdnOnApi;
    /** every resolve request redirects to itself, without metadata. */
    volatile boolean redirectLoop;

    FakeHub(String repo) throws IOException {
        this.repo = repo;
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> handle("api", ex, this::resolve));
        api.createContext("/cdn-lfs/", ex -> handle("api", ex, this::lfs));
        cdn.createContext("/", ex -> handle("cdn", ex, this::lfs));
        api.setExecutor(pool);
        cdn.setExecutor(pool);
        api.start();
        cdn.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + api.getAddress().getPort());
    }

    void put(String name, byte[] content, boolean lfs) {
        files.put(name, new RepoFile(content, lfs, hex("SHA-256", content), hex("SHA-1", content)));
    }

    void putText(String name, String text) {
        put(name, text.getBytes(StandardCharsets.UTF_8), false);
    }

    String sha256(String name) {
        return files.get(name).sha256();
    }

    String gitSha(String name) {
        return files.get(name).gitSha();
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> requestsFor(String server, String method, String pathSuffix) {
        return requests().stream()
                .filter(r -> r.server().equals(server) && r.method().equals(method) && r.path().endsWith(pathSuffix))
                .toList();
    }

    private interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    private void handle(String server, HttpExchange ex, Handler h) throws IOException {
        synchronized (requests) {
            requests.add(new Request(server, ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                    ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Range")));
        }
        try (ex) {
            h.handle(ex);
        }
    }

    private void resolve(HttpExchange ex) throws IOException {
        String[] p = ex.getRequestURI().getRawPath().split("/");
        if (redirectLoop) {
            ex.getResponseHeaders().set("Location", ex.getRequestURI().getRawPath());
            send(ex, 302, null);
            return;
        }
        if (p.length != 6 || !"resolve".equals(p[3]) || !repo.equals(p[1] + "/" + p[2])) {
            ex.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
            send(ex, 401, null);
            return;
        }
        String rev = p[4].replace("%2F", "/");
        if (!rev.equals("main") && !rev.equals(COMMIT)) {
            ex.getResponseHeaders().set("X-Error-Code", "RevisionNotFound");
            send(ex, 404, null);
            return;
        }
        RepoFile f = files.get(p[5]);
        if (f == null) {
            ex.getResponseHeaders().set("X-Error-Code", "EntryNotFound");
            send(ex, 404, null);
            return;
        }
        var h = ex.getResponseHeaders();
        h.set("X-Repo-Commit", COMMIT);
        String etag = etagOverride.getOrDefault(p[5], f.lfs() ? f.sha256() : f.gitSha());
        if (f.lfs()) {
            h.set("ETag", "\"" + f.gitSha() + "\"");
            h.set("X-Linked-Etag", "\"" + etag + "\"");
            h.set("X-Linked-Size", Long.toString(f.content().length));
            String path = "/repos/" + f.sha256();
            h.set("Location", cdnOnApi ? "/cdn-lfs" + path : "http://127.0.0.1:" + cdn.getAddress().getPort() + path);
            send(ex, 302, null);
            return;
        }
        h.set("ETag", "\"" + etag + "\"");
        serveContent(ex, p[5], f.content());
    }

    private void lfs(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String sha = path.substring(path.lastIndexOf('/') + 1);
        for (var e : files.entrySet()) {
            if (e.getValue().sha256().equals(sha)) {
                serveContent(ex, e.getKey(), e.getValue().content());
                return;
            }
        }
        send(ex, 404, null);
    }

    private void serveContent(HttpExchange ex, String name, byte[] content) throws IOException {
        byte[] body = content;
        if (corrupt.contains(name)) {
            body = Arrays.copyOf(content, content.length);
            body[body.length / 2] ^= 0x5a;
        }
        int start = 0;
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && !ignoreRange.contains(name)) {
            Matcher m = RANGE.matcher(range);
            if (m.matches()) {
                start = Integer.parseInt(m.group(1));
                if (start >= body.length) {
                    send(ex, 416, null);
                    return;
                }
                status = 206;
                ex.getResponseHeaders().set("Content-Range",
                        "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
            }
        }
        byte[] part = Arrays.copyOfRange(body, start, body.length);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(part.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        Integer cut = cutAfter.remove(name);
        Integer stall = stallAfter.remove(name);
        ex.sendResponseHeaders(status, part.length);
        OutputStream out = ex.getResponseBody();
        if (cut != null || stall != null) {
            out.write(part, 0, Math.min(part.length, cut != null ? cut : stall));
            out.flush();
            if (stall != null) {
                awaitClose();
            }
            return; // closing the exchange short of Content-Length drops the connection mid-body
        }
        out.write(part);
    }

    private void awaitClose() {
        try {
            closing.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) {
            ex.getResponseBody().write(body);
        }
    }

    private static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        api.stop(0);
        cdn.stop(0);
        pool.shutdownNow();
    }
}
