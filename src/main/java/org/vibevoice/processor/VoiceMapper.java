package org.vibevoice.processor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.vibevoice.VibeVoiceException;

/**
 * Maps speaker names to voice files in a directory by the original demo's rules (spec §12.3): keys
 * are the sorted file stems, then short aliases ("en-Alice_woman" → "Alice"); a name matches its key
 * exactly, else the first key that contains it or that it contains, case-insensitively. Unlike the
 * demo, an unknown name is an error that lists the voices instead of a silent fallback.
 */
public final class VoiceMapper {
    public static final List<String> AUDIO_EXTENSIONS = List.of(".wav", ".flac", ".mp3");

    private final Path dir;
    private final Map<String, Path> presets;

    private VoiceMapper(Path dir, Map<String, Path> presets) {
        this.dir = dir;
        this.presets = presets;
    }

    public static VoiceMapper scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new VibeVoiceException(dir + ": voices directory does not exist");
        }
        Map<String, Path> byStem = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                String f = p.getFileName().toString();
                String lower = f.toLowerCase(Locale.ROOT);
                for (String ext : AUDIO_EXTENSIONS) {
                    if (lower.endsWith(ext)) {
                        byStem.putIfAbsent(f.substring(0, f.length() - ext.length()), p);
                    }
                }
            });
        } catch (IOException e) {
            throw new VibeVoiceException(dir + ": cannot list voices: " + e.getMessage());
        }
        Map<String, Path> presets = new LinkedHashMap<>(byStem);
        for (Map.Entry<String, Path> e : byStem.entrySet()) {
            presets.putIfAbsent(alias(e.getKey()), e.getValue());
        }
        return new VoiceMapper(dir, presets);
    }

    static String alias(String stem) {
        String name = stem;
        int us = name.indexOf('_');
        if (us >= 0) {
            name = name.substring(0, us);
        }
        int dash = name.lastIndexOf('-');
        if (dash >= 0) {
            name = name.substring(dash + 1);
        }
        return name;
    }

    /** The voice names a user can give (file stems). */
    public List<String> voices() {
        return presets.entrySet().stream().filter(e -> stemOf(e.getValue()).equals(e.getKey()))
                .map(Map.Entry::getKey).toList();
    }

    private static String stemOf(Path p) {
        String f = p.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot < 0 ? f : f.substring(0, dot);
    }

    public Path resolve(String speakerName) {
        Path exact = presets.get(speakerName);
        if (exact != null) {
            return exact;
        }
        String lower = speakerName.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Path> e : presets.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (!lower.isEmpty() && (key.contains(lower) || lower.contains(key))) {
                return e.getValue();
            }
        }
        throw new VibeVoiceException("no voice named '" + speakerName + "' in " + dir + "; available: "
                + String.join(", ", voices()));
    }
}
