package org.vibevoice.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.vibevoice.VibeVoiceException;

/**
 * Downloads one file into {@code blobs/{etag}}: the bytes grow in {@code blobs/{etag}.incomplete},
 * a broken transfer resumes with a Range request, and the file is renamed into place only after its
 * size and (for LFS files) its sha256 match what the hub announced.
 */
final class BlobFetch {
    private static final int BUFFER = 1 << 18;

    private final HubClient client;
    private final HfCache cache;
    private final HubConfig.Transfer transfer;
    private final ProgressListener progress;

    BlobFetch(HubClient client, HfCache cache, HubConfig.Transfer transfer, ProgressListener progress) {
        this.client = client;
        this.cache = cache;
        this.transfer = transfer;
        this.progress = progress;
    }

    /** The verified blob of a file, downloading it unless the cache already has it. */
    Path fetch(FileRef ref, FileMetadata meta) throws IOException {
        Path blob = cache.blob(ref.id(), meta.etag());
        if (Files.isRegularFile(blob)) {
            return blob;
        }
        Path lock = cache.lockFile(ref.id(), meta.etag());
        Files.createDirectories(lock.getParent());
        Files.createDirectories(blob.getParent());
        // one writer per blob across processes; a second one waits, then finds the blob in place
        try (FileChannel lc = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lc.lock()) {
            if (Files.isRegularFile(blob)) {
                return blob;
            }
            Path part = cache.incompleteBlob(ref.id(), meta.etag());
            Transfer t = new Transfer(ref, meta, part);
            t.runWithRetries();
            t.verify();
            Files.move(part, blob, StandardCopyOption.ATOMIC_MOVE);
            return blob;
        } catch (OverlappingFileLockException e) {
            throw new VibeVoiceException(ref + " is already being downloaded by this process");
        }
    }

    /** The state of one file's transfer across attempts, including the running sha256. */
    private final class Transfer {
        private final FileRef ref;
        private final FileMetadata meta;
        private final Path part;
        private final MessageDigest sha;
        private long digested;

        Transfer(FileRef ref, FileMetadata meta, Path part) {
            this.ref = ref;
            this.meta = meta;
            this.part = part;
            this.sha = HubNames.isSha256(meta.etag()) ? sha256() : null;
        }

        void runWithRetries() throws IOException {
            long delay = transfer.retryDelay().toMillis();
            for (int attempt = 1; ; attempt++) {
                try {
                    runOnce();
                    return;
                } catch (IOException e) {
                    if (attempt >= transfer.attempts() || e instanceof InterruptedIOException) {
                        throw e;
                    }
                }
                sleep(delay);
                delay *= 2;
            }
        }

        private void runOnce() throws IOException {
            long size = meta.size();
            long have = Files.exists(part) ? Files.size(part) : 0;
            if (size < 0 || have > size) {
                have = 0; // cannot resume what cannot be checked against a known length
            }
            if (size >= 0 && have == size && have > 0) {
                return;
            }
            progress.start(ref.id() + " " + ref.file(), size, have);
            try (HubClient.Response r = client.get(ref, meta.location(), have)) {
                if (r.status() == 416) {
                    Files.deleteIfExists(part);
                    throw new IOException("the server refused to resume at byte " + have);
                }
                if (r.status() == 206) {
                    long start = rangeStart(r.headers().firstValue("Content-Range").orElse(""));
                    if (start != have) {
                        Files.deleteIfExists(part);
                        throw new IOException("the server resumed at byte " + start + " instead of " + have);
                    }
                } else {
                    have = 0; // a 200 ignores the Range: the whole file follows
                }
                have = copy(r.body(), have);
            } finally {
                progress.finish();
            }
            if (size >= 0 && have < size) {
                throw new IOException("the connection closed after " + have + " of " + size + " bytes");
            }
        }

        private long copy(InputStream in, long from) throws IOException {
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                out.truncate(from);
                out.position(from);
                catchUpDigest(from);
                byte[] buf = new byte[BUFFER];
                long have = from;
                for (int n; (n = in.read(buf)) >= 0; ) {
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) {
                        out.write(bb);
                    }
                    if (sha != null) {
                        sha.update(buf, 0, n);
                        digested += n;
                    }
                    have += n;
                    if (meta.size() >= 0 && have > meta.size()) {
                        Files.deleteIfExists(part);
                        throw new VibeVoiceException(ref + ": the server sent more than the announced "
                                + meta.size() + " bytes; removed the partial download, run again");
                    }
                    progress.advance(have);
                }
                return have;
            }
        }

        /** Brings the running digest to cover exactly the first {@code length} bytes on disk. */
        private void catchUpDigest(long length) throws IOException {
            if (sha == null || digested == length) {
                return;
            }
            sha.reset();
            digested = 0;
            try (InputStream in = Files.newInputStream(part)) {
                byte[] buf = new byte[BUFFER];
                while (digested < length) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, length - digested));
                    if (n < 0) {
                        throw new IOException(part + " shrank while resuming");
                    }
                    sha.update(buf, 0, n);
                    digested += n;
                }
            }
        }

        void verify() throws IOException {
            long len = Files.size(part);
            if (meta.size() >= 0 && len != meta.size()) {
                Files.deleteIfExists(part);
                throw new VibeVoiceException(ref + ": downloaded " + len + " bytes but the hub announced "
                        + meta.size() + "; removed the partial download, run again");
            }
            if (sha == null) {
                return;
            }
            catchUpDigest(len);
            String got = HexFormat.of().formatHex(sha.digest());
            if (!got.equals(meta.etag())) {
                Files.deleteIfExists(part);
                throw new VibeVoiceException(ref + ": downloaded content has sha256 " + got + " but the hub says "
                        + meta.etag() + "; removed the corrupt download, run again");
            }
        }
    }

    /** The first byte of a {@code Content-Range: bytes N-M/T} header, -1 when malformed. */
    static long rangeStart(String contentRange) {
        String s = contentRange.trim();
        if (!s.startsWith("bytes ")) {
            return -1;
        }
        int dash = s.indexOf('-');
        try {
            return dash < 0 ? -1 : Long.parseLong(s.substring(6, dash).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }
}
