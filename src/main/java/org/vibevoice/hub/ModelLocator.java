package org.vibevoice.hub;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.vibevoice.VibeVoiceException;

/**
 * Turns what a user types for {@code --model_path} into a complete model directory: an existing
 * directory as is; else a Hugging Face id ({@code org/name}) found complete in the shared hub cache;
 * else downloaded into that cache (unless offline).
 */
public final class ModelLocator {
    public static final String DEFAULT_REVISION = "main";

    private final HubConfig config;
    private final HfCache cache;
    private final ProgressListener progress;
    private final Path workingDir;

    public ModelLocator(HubConfig config, ProgressListener progress) {
        this(config, progress, Path.of("").toAbsolutePath());
    }

    /** @param workingDir what relative directory names are resolved against */
    public ModelLocator(HubConfig config, ProgressListener progress, Path workingDir) {
        this.config = config;
        this.cache = new HfCache(config.cacheDir());
        this.progress = progress;
        this.workingDir = workingDir;
    }

    /** Settings from this process's environment, progress bars on stderr. */
    public static ModelLocator fromEnvironment() {
        return new ModelLocator(HubConfig.fromEnvironment(), ProgressBar.stderr());
    }

    public HubConfig config() {
        return config;
    }

    public HfCache cache() {
        return cache;
    }

    public Path resolve(String modelPathOrId) {
        return resolve(modelPathOrId, DEFAULT_REVISION);
    }

    /**
     * @param modelPathOrId a model directory, or a hub id such as "microsoft/VibeVoice-1.5B"
     * @param revision      branch, tag or commit of the id (null means "main"); ignored for directories
     */
    public Path resolve(String modelPathOrId, String revision) {
        if (modelPathOrId == null || modelPathOrId.isBlank()) {
            throw new VibeVoiceException("no model given: pass a model directory or a Hugging Face id such as microsoft/VibeVoice-1.5B");
        }
        Path dir = existing(modelPathOrId);
        if (dir != null && Files.isDirectory(dir)) {
            return dir;
        }
        Optional<ModelId> parsed = ModelId.tryParse(modelPathOrId);
        if (parsed.isEmpty()) {
            String what = dir != null && Files.exists(dir) ? "is a file, not a model directory"
                    : "is neither an existing directory nor a Hugging Face model id (org/name)";
            throw new VibeVoiceException("'" + modelPathOrId + "' " + what);
        }
        ModelId id = parsed.get();
        String rev = HubNames.requireRevision(revision == null ? DEFAULT_REVISION : revision);
        Optional<Path> cached = cache.findComplete(id, rev);
        if (cached.isPresent()) {
            return cached.get();
        }
        if (config.offline()) {
            throw HubDownloader.offline(id, rev, cache);
        }
        try (HubDownloader downloader = new HubDownloader(config, progress)) {
            return downloader.download(id, rev);
        }
    }

    /**
     * The cached directory holding tokenizer.json for a hub id (e.g. the processor's
     * language_model_pretrained_name), or empty; never downloads.
     */
    public Optional<Path> findTokenizer(String modelId) {
        return cache.findTokenizer(modelId);
    }

    private Path existing(String s) {
        try {
            return workingDir.resolve(s).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
