package org.vibevoice.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.VibeVoiceException;

class HubDownloadTest {
    private static final String REPO = "acme/Voice-1.5B";
    private static final ModelId ID = ModelId.parse(REPO);
    private static final String SHARD1 = "model-00001-of-00002.safetensors";
    private static final String SHARD2 = "model-00002-of-00002.safetensors";
    private static final HubConfig.Transfer FAST =
            new HubConfig.Transfer(Duration.ofSeconds(2), Duration.ofSeconds(2), 3, Duration.ofMillis(1));

    @TempDir
    Path tmp;
    FakeHub hub;
    Path cacheDir;
    byte[] shard1;
    byte[] shard2;

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub(REPO);
        cacheDir = tmp.resolve("hf/hub");
        Random rnd = new Random(7);
        shard1 = new byte[700_000];
        shard2 = new byte[300_001];
        rnd.nextBytes(shard1);
        rnd.nextBytes(shard2);
        hub.putText("config.json", "{\"model_type\": \"vibevoice\"}");
        hub.putText("preprocessor_config.json", "{\"speech_tok_compress_ratio\": 3200}");
        hub.putText(ModelFiles.INDEX, "{\"metadata\": {}, \"weight_map\": {\"a.weight\": \"" + SHARD1
                + "\", \"b.weight\": \"" + SHARD2 + "\", \"c.weight\": \"" + SHARD1 + "\"}}");
        hub.put(SHARD1, shard1, true);
        hub.put(SHARD2, shard2, true);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HubConfig config(String token) {
        return new HubConfig(hub.endpoint(), token, false, cacheDir, FAST);
    }

    private Path resolve(HubConfig config, String revision) {
        return new ModelLocator(config, ProgressListener.NONE, tmp).resolve(REPO, revision);
    }

    private Path repoDir() {
        return cacheDir.resolve("models--acme--Voice-1.5B");
    }

    @Test
    void downloadsShardedModelIntoTheHuggingFaceCacheLayout() throws IOException {
        Path dir = resolve(config(null), "main");

        Path snapshot = repoDir().resolve("snapshots").resolve(FakeHub.COMMIT);
        assertThat(dir).isEqualTo(snapshot);
        assertThat(Files.readString(repoDir().resolve("refs/main"))).isEqualTo(FakeHub.COMMIT);
        assertThat(Files.readSymbolicLink(snapshot.resolve(SHARD1)))
                .isEqualTo(Path.of("../../blobs/" + hub.sha256(SHARD1)));
        assertThat(Files.readSymbolicLink(snapshot.resolve("config.json")))
                .isEqualTo(Path.of("../../blobs/" + hub.gitSha("config.json")));
        assertThat(Files.readAllBytes(snapshot.resolve(SHARD1))).isEqualTo(shard1);
        assertThat(Files.readAllBytes(snapshot.resolve(SHARD2))).isEqualTo(shard2);
        assertThat(Files.readAllBytes(repoDir().resolve("blobs").resolve(hub.sha256(SHARD2)))).isEqualTo(shard2);
        assertThat(Files.readString(snapshot.resolve("preprocessor_config.json"))).contains("3200");
        assertThat(snapshot.resolve("tokenizer.json")).doesNotExist();
        try (Stream<Path> blobs = Files.list(repoDir().resolve("blobs"))) {
            assertThat(blobs.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".incomplete"));
        }
        assertThat(new HfCache(cacheDir).findComplete(ID, "main")).contains(snapshot);

        // HEAD first for metadata (the LFS redirect is not followed), then one GET at the CDN
        assertThat(hub.requestsFor("api", "HEAD", "/" + SHARD1)).hasSize(1);
        assertThat(hub.requestsFor("api", "GET", "/" + SHARD1)).isEmpty();
        assertThat(hub.requestsFor("cdn", "GET", "/" + hub.sha256(SHARD1))).hasSize(1);
        assertThat(hub.requests()).allMatch(r -> r.authorization() == null);
        // after the first revision request everything is pinned to the commit
        assertThat(hub.requestsFor("api", "HEAD", "/" + SHARD2).getFirst().path())
                .isEqualTo("/" + REPO + "/resolve/" + FakeHub.COMMIT + "/" + SHARD2);

        int before = hub.requests().size();
        assertThat(resolve(config(null), "main")).isEqualTo(snapshot);
        assertThat(hub.requests()).hasSize(before);
    }

    @Test
    void downloadsSingleFileModelWhenThereIsNoIndex() throws IOException {
        try (FakeHub single = new FakeHub(REPO)) {
            single.putText("config.json", "{}");
            single.put(ModelFiles.SINGLE, shard2, true);
            single.putText("tokenizer.json", "{\"model\": {}}");
            HubConfig c = new HubConfig(single.endpoint(), null, false, cacheDir, FAST);
            Path dir = new ModelLocator(c, ProgressListener.NONE, tmp).resolve(REPO, null);
            assertThat(Files.readAllBytes(dir.resolve(ModelFiles.SINGLE))).isEqualTo(shard2);
            assertThat(dir.resolve("tokenizer.json")).exists();
            assertThat(single.requestsFor("api", "HEAD", "/" + ModelFiles.INDEX)).hasSize(1);
        }
    }

    @Test
    void tokenGoesToTheEndpointHostOnly() {
        resolve(config("hf_secret"), "main");

        var api = hub.requests().stream().filter(r -> r.server().equals("api")).toList();
        var cdn = hub.requests().stream().filter(r -> r.server().equals("cdn")).toList();
        assertThat(api).isNotEmpty().allMatch(r -> "Bearer hf_secret".equals(r.authorization()));
        assertThat(cdn).hasSize(2).allMatch(r -> r.authorization() == null);
    }

    @Test
    void followsARedirectToACdnPathOnTheSameHost() throws IOException {
        hub.cdnOnApi = true;
        Path dir = resolve(config("hf_secret"), "main");

        assertThat(Files.readAllBytes(dir.resolve(SHARD1))).isEqualTo(shard1);
        assertThat(hub.requestsFor("api", "GET", "/cdn-lfs/repos/" + hub.sha256(SHARD1)))
                .singleElement().matches(r -> "Bearer hf_secret".equals(r.authorization()));
    }

    @Test
    void aDroppedConnectionResumesWithRangeOnTheNextAttempt() throws IOException {
        hub.cutAfter.put(SHARD1, 250_000);
        Path dir = resolve(config(null), "main");

        assertThat(Files.readAllBytes(dir.resolve(SHARD1))).isEqualTo(shard1);
        var gets = hub.requestsFor("cdn", "GET", "/" + hub.sha256(SHARD1));
        assertThat(gets).hasSize(2);
        assertThat(gets.get(0).range()).isNull();
        // The client resumes from what reached its disk: at most what the server sent before the cut.
        assertThat(gets.get(1).range()).matches("bytes=\\d+-");
        long resumedAt = Long.parseLong(gets.get(1).range().replaceAll("\\D", ""));
        assertThat(resumedAt).isPositive().isLessThanOrEqualTo(250_000);
    }

    @Test
    void aFailedRunLeavesAPartialBlobThatTheNextRunResumes() throws IOException {
        hub.cutAfter.put(SHARD2, 100_000);
        HubConfig once = config(null).withTransfer(new HubConfig.Transfer(
                FAST.connectTimeout(), FAST.readTimeout(), 1, FAST.retryDelay()));

        assertThatThrownBy(() -> resolve(once, "main"))
                .isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining("cannot download " + REPO)
                .hasMessageContaining(cacheDir.toString())
                .hasMessageContaining("run again to resume");
        Path part = repoDir().resolve("blobs").resolve(hub.sha256(SHARD2) + ".incomplete");
        long kept = Files.size(part);
        assertThat(kept).isPositive().isLessThanOrEqualTo(100_000);
        assertThat(new HfCache(cacheDir).findComplete(ID, "main")).isEmpty();

        Path dir = resolve(once, "main");
        assertThat(Files.readAllBytes(dir.resolve(SHARD2))).isEqualTo(shard2);
        assertThat(part).doesNotExist();
        var gets = hub.requestsFor("cdn", "GET", "/" + hub.sha256(SHARD2));
        assertThat(gets.getLast().range()).isEqualTo("bytes=" + kept + "-");
        // the shard finished in the first run is not fetched again
        assertThat(hub.requestsFor("cdn", "GET", "/" + hub.sha256(SHARD1))).hasSize(1);
    }

    @Test
    void aServerIgnoringRangeRestartsTheFileFromZero() throws IOException {
        Path blobs = Files.createDirectories(repoDir().resolve("blobs"));
        Files.write(blobs.resolve(hub.sha256(SHARD1) + ".incomplete"), new byte[123_456]);
        hub.ignoreRange.add(SHARD1);

        Path dir = resolve(config(null), "main");

        assertThat(Files.readAllBytes(dir.resolve(SHARD1))).isEqualTo(shard1);
        assertThat(hub.requestsFor("cdn", "GET", "/" + hub.sha256(SHARD1)).getFirst().range())
                .isEqualTo("bytes=123456-");
    }

    @Test
    void corruptContentIsRejectedAndLeavesNothingBehind() {
        hub.corrupt.add(SHARD2);

        assertThatThrownBy(() -> resolve(config(null), "main"))
                .isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining(SHARD2)
                .hasMessageContaining("sha256")
                .hasMessageContaining(hub.sha256(SHARD2));
        Path blobs = repoDir().resolve("blobs");
        assertThat(blobs.resolve(hub.sha256(SHARD2))).doesNotExist();
        assertThat(blobs.resolve(hub.sha256(SHARD2) + ".incomplete")).doesNotExist();
        Path link = repoDir().resolve("snapshots").resolve(FakeHub.COMMIT).resolve(SHARD2);
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(new HfCache(cacheDir).findComplete(ID, "main")).isEmpty();
    }

    @Test
    void aStalledBodyTimesOut() {
        hub.stallAfter.put(SHARD1, 1000);
        HubConfig c = config(null).withTransfer(
                new HubConfig.Transfer(Duration.ofSeconds(2), Duration.ofMillis(300), 1, Duration.ofMillis(1)));

        assertThatThrownBy(() -> resolve(c, "main"))
                .isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining("no data for 300 ms");
    }

    @Test
    void offlineNeverTouchesTheNetwork() {
        HubConfig offline = config(null).withOffline(true);

        assertThatThrownBy(() -> resolve(offline, "main"))
                .isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining(REPO)
                .hasMessageContaining(cacheDir.toString())
                .hasMessageContaining("HF_HUB_OFFLINE");
        assertThatThrownBy(() -> new HubDownloader(offline, ProgressListener.NONE).download(ID, "main"))
                .hasMessageContaining("HF_HUB_OFFLINE");
        assertThat(hub.requests()).isEmpty();

        Path dir = resolve(config(null), "main");
        int before = hub.requests().size();
        assertThat(resolve(offline, "main")).isEqualTo(dir);
        assertThat(resolve(offline, FakeHub.COMMIT)).isEqualTo(dir);
        assertThat(hub.requests()).hasSize(before);
    }

    @Test
    void anUnreachableHubGivesOneClearLine() throws IOException {
        HubConfig c = new HubConfig(URI.create("http://127.0.0.1:" + closedPort()), null, false, cacheDir, FAST);

        assertThatThrownBy(() -> resolve(c, "main"))
                .isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining("cannot download " + REPO + " (revision main)")
                .hasMessageContaining(cacheDir.toString())
                .hasMessageContaining("connection refused")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aCommitRevisionIsFetchedByCommitAndWritesNoRef() throws IOException {
        Path dir = resolve(config(null), FakeHub.COMMIT);

        assertThat(dir.getFileName().toString()).isEqualTo(FakeHub.COMMIT);
        assertThat(repoDir().resolve("refs")).doesNotExist();
        assertThat(hub.requests()).filteredOn(r -> r.server().equals("api"))
                .allMatch(r -> r.path().contains("/resolve/" + FakeHub.COMMIT + "/"));
    }

    @Test
    void unknownRepositoryRevisionAndRedirectLoopsAreExplained() {
        HubConfig c = config(null);
        assertThatThrownBy(() -> new ModelLocator(c, ProgressListener.NONE, tmp).resolve("acme/Nope", "main"))
                .hasMessageContaining("acme/Nope was not found on " + hub.endpoint())
                .hasMessageContaining("HF_TOKEN");
        assertThatThrownBy(() -> resolve(c, "v9"))
                .hasMessageContaining("has no revision 'v9'");
        hub.redirectLoop = true;
        assertThatThrownBy(() -> resolve(c, "main"))
                .hasMessageContaining("more than " + HubClient.MAX_REDIRECTS + " redirects");
    }

    @Test
    void aHostileIndexCannotNameAPathOutsideTheSnapshot() {
        hub.putText(ModelFiles.INDEX, "{\"weight_map\": {\"a\": \"../../../../evil.safetensors\"}}");

        assertThatThrownBy(() -> resolve(config(null), "main"))
                .isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining("is not a plain file name");
        assertThat(hub.requests()).noneMatch(r -> r.path().contains("evil"));
        assertThat(tmp.resolve("evil.safetensors")).doesNotExist();
    }

    @Test
    void aHostileEtagIsNeverUsedAsAPath() {
        hub.etagOverride.put(SHARD1, "../../../escape");

        assertThatThrownBy(() -> resolve(config(null), "main"))
                .isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining("no usable ETag");
        assertThat(tmp.resolve("hf/escape")).doesNotExist();
    }

    @Test
    void aMissingConfigMeansNotAModelRepository() {
        try (FakeHub empty = new FakeHub(REPO)) {
            HubConfig c = new HubConfig(empty.endpoint(), null, false, cacheDir, FAST);
            assertThatThrownBy(() -> new ModelLocator(c, ProgressListener.NONE, tmp).resolve(REPO, "main"))
                    .hasMessageContaining("config.json")
                    .hasMessageContaining("not a model repository");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void progressIsReportedPerFile() {
        List<String> seen = new ArrayList<>();
        AtomicLong last = new AtomicLong();
        ProgressListener spy = new ProgressListener() {
            @Override
            public void start(String label, long total, long resumedFrom) {
                seen.add(label + ":" + total);
            }

            @Override
            public void advance(long done) {
                last.set(done);
            }

            @Override
            public void finish() {
            }
        };
        new ModelLocator(config(null), spy, tmp).resolve(REPO, "main");

        assertThat(seen).contains(REPO + " " + SHARD1 + ":" + shard1.length, REPO + " " + SHARD2 + ":" + shard2.length);
        assertThat(last.get()).isEqualTo(shard2.length);
    }

    /** A loopback port that nothing listens on any more. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
