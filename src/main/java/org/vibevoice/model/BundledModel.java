package org.vibevoice.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.vibevoice.VibeVoiceException;

/**
 * The tiny random-weight model shipped in the jar (the real VibeVoice structure at toy sizes), for
 * the demo and smoke tests. Memory mapping needs files, so it is extracted once to a cache folder.
 */
public final class BundledModel {
    private static final String RESOURCE = "/org/vibevoice/demo/tiny/";
    private static final List<String> FILES = List.of("config.json", "preprocessor_config.json",
            "model.safetensors.index.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
            "voice.wav");

    private BundledModel() {
    }

    public static Path tinyDir() {
        Path base = Path.of(System.getProperty("vibevoice.cache",
                Path.of(System.getProperty("user.home"), ".cache", "vibevoice").toString()));
        Path dir = base.resolve("tiny-" + fingerprint());
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(base);
            Path tmp = Files.createTempDirectory(base, ".tiny-");
            for (String f : FILES) {
                try (InputStream in = BundledModel.class.getResourceAsStream(RESOURCE + f)) {
                    if (in == null) {
                        throw new VibeVoiceException("the jar lacks the bundled model file " + f);
                    }
                    Files.copy(in, tmp.resolve(f));
                }
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isDirectory(dir)) {
                    throw raced;
                }
            }
            return dir;
        } catch (IOException e) {
            throw new VibeVoiceException(base + ": cannot extract the bundled model: " + e.getMessage());
        }
    }

    private static String fingerprint() {
        try (InputStream in = BundledModel.class.getResourceAsStream(RESOURCE + "model.safetensors.index.json")) {
            if (in == null) {
                throw new VibeVoiceException("the jar lacks the bundled model");
            }
            return Integer.toHexString(31 * java.util.Arrays.hashCode(in.readAllBytes()) + FILES.hashCode());
        } catch (IOException e) {
            throw new VibeVoiceException("cannot read the bundled model: " + e.getMessage());
        }
    }
}
