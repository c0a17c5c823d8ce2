package org.vibevoice.hub;

import java.util.regex.Pattern;
import org.vibevoice.VibeVoiceException;

/**
 * Validation of every name that becomes part of a cache path or a hub URL. Users and servers supply
 * these strings, so each is checked against a strict alphabet before it touches the file system.
 */
public final class HubNames {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    // hub ETags are hex digests; the alphabet leaves room for other servers but never for separators
    private static final Pattern ETAG = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private HubNames() {
    }

    /** A single path segment: letters, digits, '.', '_' and '-', and neither "." nor "..". */
    public static boolean isSafeSegment(String s) {
        return s != null && SEGMENT.matcher(s).matches() && !s.equals(".") && !s.equals("..");
    }

    /** A full git commit hash as the hub writes it (40 lowercase hex digits). */
    public static boolean isCommitHash(String s) {
        return s != null && COMMIT.matcher(s).matches();
    }

    /** True when an ETag is the sha256 of an LFS file's content, so the download can be verified by it. */
    public static boolean isSha256(String etag) {
        return etag != null && SHA256.matcher(etag).matches();
    }

    public static boolean isSafeEtag(String s) {
        return s != null && ETAG.matcher(s).matches();
    }

    /** A branch, tag or commit: safe segments joined by '/' (as in "refs/pr/1"). */
    public static boolean isRevision(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (String part : s.split("/", -1)) {
            if (!isSafeSegment(part)) {
                return false;
            }
        }
        return true;
    }

    public static String requireRevision(String revision) {
        if (!isRevision(revision)) {
            throw new VibeVoiceException("revision '" + revision
                    + "' is not a branch, tag or commit name (letters, digits, '.', '_', '-', '/')");
        }
        return revision;
    }

    /** The hub's ETag without weak prefix and quotes, as huggingface_hub normalises it. */
    static String normalizeEtag(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.trim();
        if (s.startsWith("W/")) {
            s = s.substring(2);
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }
}
