package org.vibevoice.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vibevoice.VibeVoiceException;

/**
 * Where the hub is, who we are to it, and where its cache lives: the settings huggingface_hub reads
 * from the environment. Built from an explicit map so tests never depend on the real environment.
 *
 * @param endpoint base URL of the hub, without a trailing '/'
 * @param token    bearer token sent to the endpoint's host only; null for anonymous access
 * @param offline  when true nothing touches the network
 * @param cacheDir the hub cache ({@code .../huggingface/hub}) shared with the Python tools
 * @param transfer timeouts and retries for downloads
 */
public record HubConfig(URI endpoint, String token, boolean offline, Path cacheDir, Transfer transfer) {
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    /**
     * @param connectTimeout TCP/TLS connect limit
     * @param readTimeout    longest wait for response headers, and longest stall inside a body
     * @param attempts       tries per file; a failed transfer resumes where it stopped
     * @param retryDelay     pause before the second try (doubled after each further failure)
     */
    public record Transfer(Duration connectTimeout, Duration readTimeout, int attempts, Duration retryDelay) {
        public static final Transfer DEFAULT =
                new Transfer(Duration.ofSeconds(10), Duration.ofSeconds(30), 5, Duration.ofSeconds(1));

        public Transfer {
            Objects.requireNonNull(connectTimeout);
            Objects.requireNonNull(readTimeout);
            Objects.requireNonNull(retryDelay);
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
        }
    }

    public HubConfig {
        Objects.requireNonNull(endpoint);
        Objects.requireNonNull(cacheDir);
        Objects.requireNonNull(transfer);
        if (token != null && token.isBlank()) {
            token = null;
        }
    }

    /** The settings of this process: its environment variables and the user's home directory. */
    public static HubConfig fromEnvironment() {
        return from(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Reads HF_ENDPOINT, HF_TOKEN (else HUGGING_FACE_HUB_TOKEN, else the token file that
     * {@code huggingface-cli login} writes: HF_TOKEN_PATH or HF_HOME/token), HF_HUB_OFFLINE (or
     * TRANSFORMERS_OFFLINE), HF_HUB_CACHE (or HUGGINGFACE_HUB_CACHE), HF_HOME and XDG_CACHE_HOME.
     */
    public static HubConfig from(Map<String, String> env, Path home) {
        Path hfHome = path(env.get("HF_HOME"), home);
        if (hfHome == null) {
            Path xdg = path(env.get("XDG_CACHE_HOME"), home);
            hfHome = (xdg != null ? xdg : home.resolve(".cache")).resolve("huggingface");
        }
        Path cache = path(firstSet(env, "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"), home);
        if (cache == null) {
            cache = hfHome.resolve("hub");
        }
        String token = firstSet(env, "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN");
        if (token == null) {
            Path tokenPath = path(env.get("HF_TOKEN_PATH"), home);
            token = readToken(tokenPath != null ? tokenPath : hfHome.resolve("token"));
        }
        boolean offline = isTrue(env.get("HF_HUB_OFFLINE")) || isTrue(env.get("TRANSFORMERS_OFFLINE"));
        return new HubConfig(endpoint(env.get("HF_ENDPOINT")), token, offline, cache, Transfer.DEFAULT);
    }

    public HubConfig withCacheDir(Path dir) {
        return new HubConfig(endpoint, token, offline, dir, transfer);
    }

    public HubConfig withOffline(boolean off) {
        return new HubConfig(endpoint, token, off, cacheDir, transfer);
    }

    public HubConfig withTransfer(Transfer t) {
        return new HubConfig(endpoint, token, offline, cacheDir, t);
    }

    /** Never prints the token: configs end up in logs. */
    @Override
    public String toString() {
        return "HubConfig[endpoint=" + endpoint + ", token=" + (token == null ? "none" : "set") + ", offline=" + offline
                + ", cacheDir=" + cacheDir + ", transfer=" + transfer + "]";
    }

    static URI endpoint(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_ENDPOINT;
        }
        String s = value.trim();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(s);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getScheme() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
            throw new VibeVoiceException("HF_ENDPOINT '" + value + "' is not an http(s) URL such as https://huggingface.co");
        }
        return uri;
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /** huggingface_hub's truth values for boolean environment variables. */
    private static boolean isTrue(String v) {
        if (v == null) {
            return false;
        }
        return switch (v.trim().toUpperCase(Locale.ROOT)) {
            case "1", "ON", "YES", "TRUE" -> true;
            default -> false;
        };
    }

    private static Path path(String v, Path home) {
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.equals("~")) {
            return home;
        }
        if (v.startsWith("~/")) {
            return home.resolve(v.substring(2));
        }
        return Path.of(v);
    }

    private static String readToken(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String t = Files.readString(file).trim();
            return t.isEmpty() ? null : t;
        } catch (IOException e) {
            return null;
        }
    }
}
