package org.vibevoice.convert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.safetensors.AtomicFiles;

/**
 * The converted checkpoint's directory: checked against the input before anything is written,
 * filled under a temporary name beside it, and renamed into place only when complete, so a failed
 * or interrupted conversion never leaves a half-written model under the output name. Leftovers
 * of a killed conversion are removed by the next one ({@link AtomicFiles#removeStale}).
 */
final class OutputDirectory {
    private final Path output;
    private final Path temp;

    private OutputDirectory(Path output, Path temp) {
        this.output = output;
        this.temp = temp;
    }

    /**
     * Refuses an output that is the input, inside it, or contains it, and an existing non-empty
     * output unless {@code force}; then creates the temporary directory.
     */
    static OutputDirectory prepare(Path input, Path output, boolean force) {
        Path in;
        try {
            in = input.toRealPath();
        } catch (IOException e) {
            throw new VibeVoiceException(input + ": input model directory does not exist");
        }
        Path out = real(output.toAbsolutePath().normalize());
        if (out.equals(in)) {
            throw new VibeVoiceException(output + ": the output is the input directory (the input is never modified)");
        }
        if (out.startsWith(in)) {
            throw new VibeVoiceException(output + ": the output is inside the input directory " + input
                    + " (the input is never modified)");
        }
        if (in.startsWith(out)) {
            throw new VibeVoiceException(output + ": the output contains the input directory " + input
                    + " (replacing it would destroy the input)");
        }
        if (Files.exists(out) && !force) {
            if (!Files.isDirectory(out)) {
                throw new VibeVoiceException(output + ": exists and is not a directory (use --force to replace it)");
            }
            if (!isEmpty(out)) {
                throw new VibeVoiceException(output + ": output directory is not empty (use --force to replace it)");
            }
        }
        try {
            Files.createDirectories(out.getParent());
            AtomicFiles.removeStale(out);
            Path temp = Files.createDirectory(AtomicFiles.tempSibling(out, "converting"));
            return new OutputDirectory(out, temp);
        } catch (IOException e) {
            throw new UncheckedIOException("creating a directory beside " + output + ": " + e.getMessage(), e);
        }
    }

    /** The real path of {@code p}, or of its nearest existing parent with the rest appended. */
    private static Path real(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(p));
        } catch (IOException e) {
            return p;
        }
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
    }

    /** Where the files are written until {@link #publish}. */
    Path temp() {
        return temp;
    }

    Path output() {
        return output;
    }

    /**
     * Renames the finished directory into place, replacing (after moving it aside) any existing
     * output. Each step is one atomic rename in the output's parent, so a kill at any point leaves
     * the output name absent or holding a complete model; what it leaves aside, a later run removes.
     */
    void publish() {
        try {
            AtomicFiles.syncDirectory(temp);
            Path aside = null;
            if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
                aside = AtomicFiles.tempSibling(output, "replaced");
                Files.move(output, aside, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(temp, output, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncDirectory(output.getParent());
            if (aside != null) {
                AtomicFiles.deleteTree(aside);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("moving " + temp + " to " + output + ": " + e.getMessage(), e);
        }
    }

    /** Removes the temporary directory after a failure. */
    void discard() {
        try {
            AtomicFiles.deleteTree(temp);
        } catch (IOException ignored) {
            // best effort: the conversion error is what the user needs to see
        }
    }
}
