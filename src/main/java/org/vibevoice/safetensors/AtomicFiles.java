package org.vibevoice.safetensors;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Outputs that appear whole or not at all: everything is written under a temporary sibling name,
 * synced, and renamed into place on the same directory (an atomic rename), so a process killed at
 * any point leaves either the previous state or the complete output under the final name.
 *
 * <p>Temporary names are {@code .<name>.<kind>-<pid>-<nanos>.tmp}: hidden, beside the target, and
 * naming the process that wrote them, so a later run can tell the leftovers of a killed process
 * (whose pid is gone) from another process's work in progress and remove them.
 */
public final class AtomicFiles {
    private static final Pattern TEMP = Pattern.compile("\\.(.+)\\.[a-z]+-(\\d+)-\\d+\\.tmp");

    private AtomicFiles() {
    }

    /** A fresh temporary name beside {@code target}; {@code kind} says what it is (e.g. writing, converting). */
    public static Path tempSibling(Path target, String kind) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + "." + kind + "-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime() + ".tmp");
    }

    /** Writes bytes under a temporary name beside {@code file}, syncs them, then renames it into place. */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path tmp = tempSibling(file, "writing");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                var buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            publish(tmp, file);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Renames the finished (already synced) {@code temp} onto {@code target} in one atomic step,
     * replacing a file there, and syncs the directory so the new name survives a power loss too.
     */
    public static void publish(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Flushes a written file's content to disk (before the directory holding it is renamed into place). */
    public static void syncFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Flushes a directory's entries (new names, renames) to disk, where the platform allows it. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some platforms and file systems cannot open or sync a directory; the rename stands regardless
        }
    }

    /**
     * Removes the temporary siblings of {@code target} left by processes that no longer run (killed
     * mid-write); returns how many were removed. Another live process's temporaries are kept.
     */
    public static int removeStale(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        String name = abs.getFileName().toString();
        int removed = 0;
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "." + glob(name) + ".*.tmp")) {
            for (Path p : s) {
                Matcher m = TEMP.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).equals(name) && !running(Long.parseLong(m.group(2)))) {
                    deleteTree(p);
                    removed++;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // best effort: a leftover never blocks a run, it only takes space
        }
        return removed;
    }

    private static boolean running(long pid) {
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String glob(String name) {
        return name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }

    /** Deletes a file, or a directory with everything in it; links are removed, never followed. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(p);
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the original error is what the user needs to see
        }
    }
}
