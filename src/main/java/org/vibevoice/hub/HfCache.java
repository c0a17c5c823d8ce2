package org.vibevoice.hub;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.vibevoice.VibeVoiceException;

/**
 * The Hugging Face hub cache, laid out exactly as huggingface_hub lays it out so that this project
 * and the Python tools share one copy of every file:
 * <pre>
 * {root}/models--{org}--{name}/refs/{revision}          the commit hash a branch or tag points to
 * {root}/models--{org}--{name}/snapshots/{commit}/{file} relative link to ../../blobs/{etag}
 * {root}/models--{org}--{name}/blobs/{etag}             file content (sha256 for LFS files)
 * </pre>
 */
public final class HfCache {
    private final Path root;

    public HfCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path repoDir(ModelId id) {
        return root.resolve(id.cacheFolderName());
    }

    public Path blob(ModelId id, String etag) {
        return repoDir(id).resolve("blobs").resolve(requireEtag(etag));
    }

    /** Where a blob grows while it downloads; resumed from its current length. */
    public Path incompleteBlob(ModelId id, String etag) {
        return repoDir(id).resolve("blobs").resolve(requireEtag(etag) + ".incomplete");
    }

    /** The lock file huggingface_hub uses for the same blob. */
    Path lockFile(ModelId id, String etag) {
        return root.resolve(".locks").resolve(id.cacheFolderName()).resolve(requireEtag(etag) + ".lock");
    }

    public Path snapshotDir(ModelId id, String commit) {
        if (!HubNames.isCommitHash(commit)) {
            throw new VibeVoiceException("'" + commit + "' is not a commit hash (40 lowercase hex digits)");
        }
        return repoDir(id).resolve("snapshots").resolve(commit);
    }

    public Path refFile(ModelId id, String revision) {
        Path p = repoDir(id).resolve("refs");
        for (String part : HubNames.requireRevision(revision).split("/")) {
            p = p.resolve(part);
        }
        return p;
    }

    /** The commit a revision stands for: itself when it is a commit hash, else what refs/{revision} holds. */
    public Optional<String> commitFor(ModelId id, String revision) {
        if (HubNames.isCommitHash(revision)) {
            return Optional.of(revision);
        }
        Path ref = refFile(id, revision);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        try {
            String commit = Files.readString(ref).trim();
            return HubNames.isCommitHash(commit) ? Optional.of(commit) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The snapshot directory of a revision if it exists, complete or not. */
    public Optional<Path> snapshot(ModelId id, String revision) {
        return commitFor(id, revision).map(c -> snapshotDir(id, c)).filter(Files::isDirectory);
    }

    /** The snapshot of a revision when it holds a complete model ({@link ModelFiles#isComplete}). */
    public Optional<Path> findComplete(ModelId id, String revision) {
        return snapshot(id, revision).filter(ModelFiles::isComplete);
    }

    /**
     * The cached directory holding tokenizer.json for a model id at its main branch (for example the
     * processor's {@code language_model_pretrained_name}, "Qwen/Qwen2.5-1.5B"), or empty when the id
     * is malformed or the cache does not have it. Never downloads.
     */
    public Optional<Path> findTokenizer(String modelId) {
        return ModelId.tryParse(modelId)
                .flatMap(id -> snapshot(id, "main"))
                .filter(dir -> Files.isRegularFile(dir.resolve(ModelFiles.TOKENIZER)));
    }

    public void writeRef(ModelId id, String revision, String commit) throws IOException {
        Path ref = refFile(id, revision);
        Files.createDirectories(ref.getParent());
        Path tmp = ref.resolveSibling(ref.getFileName() + ".tmp");
        Files.writeString(tmp, commit);
        Files.move(tmp, ref, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Makes {@code snapshots/{commit}/{fileName}} the relative link {@code ../../blobs/{etag}};
     * copies the blob where the file system refuses links (as huggingface_hub falls back on Windows).
     */
    public Path link(ModelId id, String commit, String fileName, String etag) throws IOException {
        if (!HubNames.isSafeSegment(fileName)) {
            throw new VibeVoiceException("'" + fileName + "' is not a plain file name");
        }
        Path dir = snapshotDir(id, commit);
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName);
        Files.deleteIfExists(file);
        try {
            Files.createSymbolicLink(file, Path.of("..", "..", "blobs", requireEtag(etag)));
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(blob(id, etag), file);
        }
        return file;
    }

    private static String requireEtag(String etag) {
        if (!HubNames.isSafeEtag(etag)) {
            throw new VibeVoiceException("'" + etag + "' is not a blob name (hex digest)");
        }
        return etag;
    }
}
