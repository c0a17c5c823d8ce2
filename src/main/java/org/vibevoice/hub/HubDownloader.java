package org.vibevoice.hub;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vibevoice.VibeVoiceException;

/**
 * Downloads the files of a VibeVoice model from the hub into the shared cache and returns the
 * snapshot directory. Only names from {@link ModelFiles} and validated index entries are fetched;
 * the whole revision is pinned to the commit the first request resolves, so a branch that moves
 * mid-download cannot mix two versions.
 */
public final class HubDownloader implements AutoCloseable {
    private final HubConfig config;
    private final HfCache cache;
    private final HubClient client;
    private final BlobFetch fetch;

    public HubDownloader(HubConfig config, ProgressListener progress) {
        this.config = config;
        this.cache = new HfCache(config.cacheDir());
        this.client = new HubClient(config);
        this.fetch = new BlobFetch(client, cache, config.transfer(), progress);
    }

    /**
     * The snapshot directory of {@code revision} (branch, tag or commit) holding config.json, the
     * weights, and the preprocessor and tokenizer files the repository has. Files already in the
     * snapshot are not fetched again; a partial file resumes.
     */
    public Path download(ModelId id, String revision) {
        HubNames.requireRevision(revision);
        if (config.offline()) {
            throw offline(id, revision, cache);
        }
        try {
            return fetchModel(id, revision);
        } catch (IOException e) {
            throw new VibeVoiceException("cannot download " + id + " (revision " + revision + ") from "
                    + config.endpoint() + ": " + describe(e) + "; it is not complete in the cache " + cache.root()
                    + ": check the network and HF_ENDPOINT and run again to resume, or pass a local model directory", e);
        }
    }

    private Path fetchModel(ModelId id, String revision) throws IOException {
        FileRef configRef = new FileRef(id, revision, ModelFiles.CONFIG);
        FileMetadata configMeta = client.head(configRef);
        if (configMeta == null) {
            throw new VibeVoiceException(configRef + " does not exist: not a model repository");
        }
        String commit = configMeta.commit();
        Path snapshot = cache.snapshotDir(id, commit);
        if (!Files.isRegularFile(snapshot.resolve(ModelFiles.CONFIG))) {
            store(new FileRef(id, commit, ModelFiles.CONFIG), configMeta);
        }
        if (!HubNames.isCommitHash(revision)) {
            cache.writeRef(id, revision, commit);
        }
        for (String optional : ModelFiles.OPTIONAL) {
            ensure(id, commit, optional, false);
        }
        List<String> weights = ensure(id, commit, ModelFiles.INDEX, false)
                ? ModelFiles.shards(snapshot.resolve(ModelFiles.INDEX))
                : List.of(ModelFiles.SINGLE);
        for (String w : weights) {
            ensure(id, commit, w, true);
        }
        if (!ModelFiles.isComplete(snapshot)) {
            throw new VibeVoiceException(snapshot + ": incomplete after download (config.json or weights missing)");
        }
        return snapshot;
    }

    /**
     * Makes sure the snapshot of {@code commit} has {@code file}; returns false when the repository
     * does not have it. A file already in a commit's snapshot is final, so it costs no request.
     */
    private boolean ensure(ModelId id, String commit, String file, boolean required) throws IOException {
        if (Files.isRegularFile(cache.snapshotDir(id, commit).resolve(file))) {
            return true;
        }
        FileRef ref = new FileRef(id, commit, file);
        FileMetadata meta = client.head(ref);
        if (meta == null) {
            if (required) {
                throw new VibeVoiceException(ref + " is missing from the repository"
                        + (file.equals(ModelFiles.SINGLE) ? " (and it has no " + ModelFiles.INDEX + ")" : ""));
            }
            return false;
        }
        store(ref, meta);
        return true;
    }

    private void store(FileRef ref, FileMetadata meta) throws IOException {
        fetch.fetch(ref, meta);
        cache.link(ref.id(), meta.commit(), ref.file(), meta.etag());
    }

    /** The error for a model that is not cached while HF_HUB_OFFLINE forbids the network. */
    static VibeVoiceException offline(ModelId id, String revision, HfCache cache) {
        String state = cache.snapshot(id, revision).isPresent() ? "is incomplete in" : "is not in";
        return new VibeVoiceException(id + " (revision " + revision + ") " + state + " the Hugging Face cache "
                + cache.root() + " and HF_HUB_OFFLINE is set: unset HF_HUB_OFFLINE to download it, fetch it with `huggingface-cli download "
                + id + "`, or pass a local model directory");
    }

    /** A short cause for a network failure; several JDK exceptions carry no message of their own. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof ConnectException && (t.getMessage() == null || t.getMessage().isBlank())) {
                return "connection refused";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().lines().findFirst().orElse("");
            }
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        client.close();
    }
}
