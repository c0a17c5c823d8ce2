package org.vibevoice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory from /proc (Linux); -1 where it cannot be read. */
public final class ResidentMemory {
    private ResidentMemory() {
    }

    /** Current resident set size in bytes. */
    public static long current() {
        return statusField("VmRSS:");
    }

    /** Resident pages mapped from files (the mapped checkpoint, the JVM's own code), in bytes. */
    public static long file() {
        return statusField("RssFile:");
    }

    /** Resident anonymous pages (heap, native allocations such as converted weights), in bytes. */
    public static long anonymous() {
        return statusField("RssAnon:");
    }

    /** Peak resident set size in bytes. */
    public static long peak() {
        return statusField("VmHWM:");
    }

    private static long statusField(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
