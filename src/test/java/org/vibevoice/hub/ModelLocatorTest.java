package org.vibevoice.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.VibeVoiceException;

class ModelLocatorTest {
    @TempDir
    Path tmp;

    /** Offline and pointed at an address nobody serves: any network use would fail the test. */
    private ModelLocator locator() {
        HubConfig c = new HubConfig(URI.create("http://127.0.0.1:9"), null, true, tmp.resolve("hub"),
                HubConfig.Transfer.DEFAULT);
        return new ModelLocator(c, ProgressListener.NONE, tmp.resolve("work"));
    }

    /** A snapshot on branch main holding one file. */
    private static ModelId cachedOnMain(ModelLocator l, String repo, String file) throws IOException {
        ModelId id = ModelId.parse(repo);
        HfCacheTest.add(l.cache(), id, HfCacheTest.COMMIT, file, "{}");
        l.cache().writeRef(id, "main", HfCacheTest.COMMIT);
        return id;
    }

    @Test
    void anExistingDirectoryWinsOverAnIdOfTheSameSpelling() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("work/microsoft/VibeVoice-1.5B"));
        HfCacheTest.completeShardedModel(locator().cache(), ModelId.parse("microsoft/VibeVoice-1.5B"), HfCacheTest.COMMIT);

        assertThat(locator().resolve("microsoft/VibeVoice-1.5B")).isEqualTo(dir);
        assertThat(locator().resolve(dir.toString(), "main")).isEqualTo(dir);
    }

    @Test
    void anIdResolvesToItsCompleteCachedSnapshot() throws IOException {
        ModelLocator l = locator();
        ModelId id = ModelId.parse("aoi-ot/VibeVoice-Large");
        HfCacheTest.completeShardedModel(l.cache(), id, HfCacheTest.COMMIT);
        l.cache().writeRef(id, "main", HfCacheTest.COMMIT);

        assertThat(l.resolve("aoi-ot/VibeVoice-Large")).isEqualTo(l.cache().snapshotDir(id, HfCacheTest.COMMIT));
        assertThat(l.resolve("aoi-ot/VibeVoice-Large", HfCacheTest.COMMIT))
                .isEqualTo(l.cache().snapshotDir(id, HfCacheTest.COMMIT));
    }

    @Test
    void anIncompleteSnapshotOfflineIsACleanError() throws IOException {
        ModelLocator l = locator();
        cachedOnMain(l, "aoi-ot/VibeVoice-Large", "config.json");

        assertThatThrownBy(() -> l.resolve("aoi-ot/VibeVoice-Large"))
                .isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining("aoi-ot/VibeVoice-Large (revision main) is incomplete in the Hugging Face cache "
                        + tmp.resolve("hub"))
                .hasMessageContaining("HF_HUB_OFFLINE")
                .hasMessageContaining("huggingface-cli download aoi-ot/VibeVoice-Large");
    }

    @Test
    void neitherDirectoryNorIdIsExplained() throws IOException {
        Files.writeString(tmp.resolve("work.txt"), "x");
        ModelLocator l = locator();

        assertThatThrownBy(() -> l.resolve("no-such-dir"))
                .hasMessage("'no-such-dir' is neither an existing directory nor a Hugging Face model id (org/name)");
        assertThatThrownBy(() -> l.resolve(tmp.resolve("work.txt").toString()))
                .hasMessageContaining("is a file, not a model directory");
        assertThatThrownBy(() -> l.resolve(" ")).hasMessageContaining("no model given");
        assertThatThrownBy(() -> l.resolve("org/name", "bad revision")).hasMessageContaining("revision 'bad revision'");
    }

    @Test
    void tokenizerLookupGoesThroughTheCache() throws IOException {
        ModelLocator l = locator();
        ModelId qwen = cachedOnMain(l, "Qwen/Qwen2.5-1.5B", "tokenizer.json");

        assertThat(l.findTokenizer("Qwen/Qwen2.5-1.5B")).contains(l.cache().snapshotDir(qwen, HfCacheTest.COMMIT));
        assertThat(l.findTokenizer("Qwen/Qwen2.5-7B")).isEmpty();
    }
}
