package org.vibevoice.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.VibeVoiceException;

class HfCacheTest {
    static final String COMMIT = "a".repeat(40);
    static final String OTHER = "b".repeat(40);
    static final ModelId ID = ModelId.parse("microsoft/VibeVoice-1.5B");
    static final String INDEX_JSON = "{\"weight_map\": {\"x\": \"model-1.safetensors\", \"y\": \"model-2.safetensors\"}}";

    @TempDir
    Path root;
    HfCache cache;

    @BeforeEach
    void open() {
        cache = new HfCache(root);
    }

    /** Writes a blob named by its sha256 and links it into the snapshot, as huggingface_hub does. */
    static Path add(HfCache cache, ModelId id, String commit, String file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String etag = sha256(bytes);
        Files.createDirectories(cache.blob(id, etag).getParent());
        Files.write(cache.blob(id, etag), bytes);
        return cache.link(id, commit, file, etag);
    }

    static void completeShardedModel(HfCache cache, ModelId id, String commit) throws IOException {
        add(cache, id, commit, "config.json", "{}");
        add(cache, id, commit, ModelFiles.INDEX, INDEX_JSON);
        add(cache, id, commit, "model-1.safetensors", "one");
        add(cache, id, commit, "model-2.safetensors", "two");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void layoutMatchesHuggingfaceHub() throws IOException {
        assertThat(cache.repoDir(ID)).isEqualTo(root.resolve("models--microsoft--VibeVoice-1.5B"));
        assertThat(cache.snapshotDir(ID, COMMIT)).isEqualTo(cache.repoDir(ID).resolve("snapshots/" + COMMIT));
        assertThat(cache.refFile(ID, "refs/pr/1")).isEqualTo(cache.repoDir(ID).resolve("refs/refs/pr/1"));
        Path link = add(cache, ID, COMMIT, "config.json", "{}");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("../../blobs/" + sha256("{}".getBytes())));
        assertThat(Files.readString(link)).isEqualTo("{}");
    }

    @Test
    void aCompleteShardedSnapshotIsFoundThroughItsRef() throws IOException {
        completeShardedModel(cache, ID, COMMIT);
        cache.writeRef(ID, "main", COMMIT);

        assertThat(Files.readString(cache.refFile(ID, "main"))).isEqualTo(COMMIT);
        assertThat(cache.findComplete(ID, "main")).contains(cache.snapshotDir(ID, COMMIT));
        assertThat(cache.findComplete(ID, "v1")).isEmpty();
    }

    @Test
    void aCommitRevisionMapsStraightToItsSnapshot() throws IOException {
        completeShardedModel(cache, ID, COMMIT);

        assertThat(cache.repoDir(ID).resolve("refs")).doesNotExist();
        assertThat(cache.findComplete(ID, COMMIT)).contains(cache.snapshotDir(ID, COMMIT));
        assertThat(cache.findComplete(ID, OTHER)).isEmpty();
    }

    @Test
    void aSingleFileModelIsComplete() throws IOException {
        add(cache, ID, COMMIT, "config.json", "{}");
        add(cache, ID, COMMIT, ModelFiles.SINGLE, "weights");

        assertThat(cache.findComplete(ID, COMMIT)).isPresent();
    }

    @Test
    void aSnapshotMissingAShardIsNotComplete() throws IOException {
        add(cache, ID, COMMIT, "config.json", "{}");
        add(cache, ID, COMMIT, ModelFiles.INDEX, INDEX_JSON);
        add(cache, ID, COMMIT, "model-1.safetensors", "one");
        cache.writeRef(ID, "main", COMMIT);

        assertThat(cache.snapshot(ID, "main")).isPresent();
        assertThat(cache.findComplete(ID, "main")).isEmpty();
    }

    @Test
    void aDanglingLinkDoesNotCount() throws IOException {
        completeShardedModel(cache, ID, COMMIT);
        Files.delete(cache.blob(ID, sha256("two".getBytes())));

        assertThat(cache.findComplete(ID, COMMIT)).isEmpty();
    }

    @Test
    void weightsWithoutConfigOrConfigWithoutWeightsAreNotComplete() throws IOException {
        add(cache, ID, COMMIT, ModelFiles.SINGLE, "weights");
        add(cache, ID, OTHER, "config.json", "{}");

        assertThat(cache.findComplete(ID, COMMIT)).isEmpty();
        assertThat(cache.findComplete(ID, OTHER)).isEmpty();
    }

    @Test
    void aMalformedRefIsIgnored() throws IOException {
        completeShardedModel(cache, ID, COMMIT);
        Files.createDirectories(cache.refFile(ID, "main").getParent());
        Files.writeString(cache.refFile(ID, "main"), "../../etc");

        assertThat(cache.commitFor(ID, "main")).isEmpty();
        assertThat(cache.findComplete(ID, "main")).isEmpty();
    }

    @Test
    void tokenizerLookupReturnsTheSnapshotHoldingTokenizerJson() throws IOException {
        ModelId qwen = ModelId.parse("Qwen/Qwen2.5-1.5B");
        add(cache, qwen, COMMIT, "tokenizer.json", "{\"model\": {}}");
        cache.writeRef(qwen, "main", COMMIT);
        ModelId other = ModelId.parse("Qwen/Qwen2.5-7B");
        add(cache, other, OTHER, "config.json", "{}");
        cache.writeRef(other, "main", OTHER);

        assertThat(cache.findTokenizer("Qwen/Qwen2.5-1.5B")).contains(cache.snapshotDir(qwen, COMMIT));
        assertThat(cache.findTokenizer("Qwen/Qwen2.5-7B")).isEmpty();
        assertThat(cache.findTokenizer("Qwen/Qwen2.5-0.5B")).isEmpty();
        assertThat(cache.findTokenizer("../Qwen")).isEmpty();
        assertThat(cache.findTokenizer(null)).isEmpty();
    }

    @Test
    void unsafeNamesNeverBecomePaths() {
        assertThatThrownBy(() -> cache.blob(ID, "../x")).isInstanceOf(VibeVoiceException.class);
        assertThatThrownBy(() -> cache.snapshotDir(ID, "main")).isInstanceOf(VibeVoiceException.class);
        assertThatThrownBy(() -> cache.refFile(ID, "../main")).isInstanceOf(VibeVoiceException.class);
        assertThatThrownBy(() -> cache.link(ID, COMMIT, "a/b", "ab")).isInstanceOf(VibeVoiceException.class);
    }

    @Test
    void indexShardsAreValidatedAndDeduplicated() throws IOException {
        Path good = Files.writeString(root.resolve("good.json"),
                "{\"weight_map\": {\"a\": \"s1.safetensors\", \"b\": \"s2.safetensors\", \"c\": \"s1.safetensors\"}}");
        Path bad = Files.writeString(root.resolve("bad.json"), "{\"weight_map\": {\"a\": \"sub/s1.safetensors\"}}");
        Path broken = Files.writeString(root.resolve("broken.json"), "{\"weight_map\": ");

        assertThat(ModelFiles.shards(good)).containsExactly("s1.safetensors", "s2.safetensors");
        assertThatThrownBy(() -> ModelFiles.shards(bad)).hasMessageContaining("'sub/s1.safetensors' is not a plain file name");
        assertThatThrownBy(() -> ModelFiles.shards(broken)).hasMessageContaining("broken.json");
    }
}
