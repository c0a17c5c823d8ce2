package org.vibevoice.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.audio.AudioFiles;
import org.vibevoice.processor.VoiceMapper;

/**
 * The voices a server offers: the files of its voices directory, looked up by name through
 * {@link VoiceMapper} (a client's name is only ever a map key, never a path), and voices clients
 * uploaded, kept decoded in memory under server-generated ids. An upload is written to a
 * server-owned temporary directory under a generated name only long enough to decode it.
 */
public final class VoiceLibrary implements AutoCloseable {
    /** Uploads kept at once; the oldest is dropped first. */
    static final int MAX_UPLOADS = 32;
    static final String UPLOAD_PREFIX = "upload-";

    /** An uploaded voice: its id, the client's label for it (display only) and its length. */
    public record Upload(String id, String label, double seconds) {
    }

    private record Stored(Upload info, float[] samples) {
    }

    private final VoiceMapper presets;
    private final int sampleRate;
    private final Path uploadDir;
    private final Map<Path, float[]> presetCache = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, Stored> uploads = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private VoiceLibrary(VoiceMapper presets, int sampleRate, Path uploadDir) {
        this.presets = presets;
        this.sampleRate = sampleRate;
        this.uploadDir = uploadDir;
    }

    /** The voices of {@code voicesDir} at {@code sampleRate}; uploads decode in a new temporary directory. */
    public static VoiceLibrary open(Path voicesDir, int sampleRate) {
        VoiceMapper mapper = VoiceMapper.scan(voicesDir);
        try {
            return new VoiceLibrary(mapper, sampleRate, Files.createTempDirectory("vibevoice-uploads-"));
        } catch (IOException e) {
            throw new VibeVoiceException("cannot create a temporary directory for uploaded voices: " + e.getMessage());
        }
    }

    /** The names of the directory's voices (file stems, sorted). */
    public List<String> presetNames() {
        return presets.voices();
    }

    /**
     * The samples of a voice: an upload by its exact id, else a directory voice by the mapper's
     * rules (exact stem, alias, then case-insensitive containment).
     *
     * @throws UnknownVoiceException when nothing matches
     */
    public float[] resolve(String name) throws UnknownVoiceException {
        String n = name == null ? "" : name.strip();
        if (n.startsWith(UPLOAD_PREFIX)) {
            synchronized (this) {
                Stored s = uploads.get(n);
                if (s != null) {
                    return s.samples();
                }
            }
            throw new UnknownVoiceException("no uploaded voice '" + n + "' (uploads are kept in memory: "
                    + "the server may have restarted or dropped it; upload it again)");
        }
        Path file;
        try {
            file = presets.resolve(n);
        } catch (VibeVoiceException e) {
            throw new UnknownVoiceException("unknown voice '" + n + "'; available: " + String.join(", ", presetNames()));
        }
        return presetCache.computeIfAbsent(file, f -> AudioFiles.load(f, sampleRate).samples());
    }

    /**
     * Decodes an uploaded WAV, FLAC or MP3 file and keeps it under a new id.
     *
     * @throws VibeVoiceException when the bytes are not audio this engine reads (the message names
     *     the upload by {@code label}, never by the temporary file)
     */
    public Upload add(byte[] data, String label) {
        byte[] idBytes = new byte[12];
        random.nextBytes(idBytes);
        String id = UPLOAD_PREFIX + HexFormat.of().formatHex(idBytes);
        String shown = displayLabel(label);
        Path tmp = uploadDir.resolve(id + ".audio");
        float[] samples;
        try {
            Files.write(tmp, data);
            samples = AudioFiles.load(tmp, sampleRate).samples();
        } catch (IOException e) {
            throw new VibeVoiceException("cannot store the uploaded voice: " + e.getMessage());
        } catch (VibeVoiceException e) {
            throw new VibeVoiceException(e.getMessage().replace(tmp.toString(), "uploaded file " + shown));
        } finally {
            deleteQuietly(tmp);
        }
        if (samples.length == 0) {
            throw new VibeVoiceException("uploaded file " + shown + ": no audio samples");
        }
        Upload u = new Upload(id, shown, samples.length / (double) sampleRate);
        synchronized (this) {
            if (uploads.size() >= MAX_UPLOADS) {
                uploads.remove(uploads.keySet().iterator().next());
            }
            uploads.put(id, new Stored(u, samples));
        }
        return u;
    }

    /** A client-given file name reduced to something safe to show: no path, no control characters, short. */
    static String displayLabel(String label) {
        String s = label == null ? "" : label;
        s = s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
        s = s.replaceAll("[\\p{Cntrl}<>\"'&]", "").strip();
        if (s.length() > 60) {
            s = s.substring(0, 60);
        }
        return s.isEmpty() ? "voice" : s;
    }

    @Override
    public void close() {
        try (Stream<Path> s = Files.list(uploadDir)) {
            List<Path> left = new ArrayList<>(s.toList());
            left.forEach(VoiceLibrary::deleteQuietly);
        } catch (IOException ignored) {
            // the directory is gone already
        }
        deleteQuietly(uploadDir);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file left behind is harmless
        }
    }

    /** A voice name that matches no voice. */
    public static final class UnknownVoiceException extends Exception {
        UnknownVoiceException(String message) {
            super(message);
        }
    }
}
