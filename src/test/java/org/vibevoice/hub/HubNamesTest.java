package org.vibevoice.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.vibevoice.VibeVoiceException;

class HubNamesTest {
    @Test
    void modelIdsAreOrgSlashNameWithSafeSegments() {
        assertThat(ModelId.tryParse("microsoft/VibeVoice-1.5B")).contains(new ModelId("microsoft", "VibeVoice-1.5B"));
        assertThat(ModelId.tryParse("aoi-ot/VibeVoice-Large")).isPresent();
        assertThat(ModelId.tryParse("a_b.c/d_e.f")).isPresent();
        for (String bad : new String[] {"VibeVoice", "a/b/c", "/b", "a/", "../b", "a/..", "./b", "a b/c", "a/b%2F",
                "C:\\models/x", "~/x", "", "a//b"}) {
            assertThat(ModelId.tryParse(bad)).as(bad).isEmpty();
        }
        assertThat(ModelId.parse("org/name").cacheFolderName()).isEqualTo("models--org--name");
        assertThatThrownBy(() -> ModelId.parse("x/../y")).isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining("'x/../y'");
    }

    @Test
    void revisionsCommitsAndEtags() {
        assertThat(HubNames.isRevision("main")).isTrue();
        assertThat(HubNames.isRevision("refs/pr/1")).isTrue();
        assertThat(HubNames.isRevision("v1.0")).isTrue();
        assertThat(HubNames.isRevision("../main")).isFalse();
        assertThat(HubNames.isRevision("a//b")).isFalse();
        assertThat(HubNames.isRevision("")).isFalse();
        assertThat(HubNames.isCommitHash("0123456789abcdef0123456789abcdef01234567")).isTrue();
        assertThat(HubNames.isCommitHash("0123456789ABCDEF0123456789abcdef01234567")).isFalse();
        assertThat(HubNames.isCommitHash("0123456")).isFalse();
        assertThat(HubNames.isSha256("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")).isTrue();
        assertThat(HubNames.isSha256("0123456789abcdef0123456789abcdef01234567")).isFalse();
        assertThat(HubNames.normalizeEtag("W/\"abc\"")).isEqualTo("abc");
        assertThat(HubNames.normalizeEtag("\"abc\"")).isEqualTo("abc");
        assertThat(HubNames.isSafeEtag("../abc")).isFalse();
        assertThat(HubNames.isSafeEtag("abc-12")).isTrue();
        assertThatThrownBy(() -> HubNames.requireRevision("a b")).hasMessageContaining("revision 'a b'");
    }

    @Test
    void resolveUrlsQuoteTheRevisionWhole() {
        var ref = new FileRef(ModelId.parse("org/name"), "refs/pr/1", "config.json");
        assertThat(ref.resolveUri(URI.create("https://hub.example"))).hasToString(
                "https://hub.example/org/name/resolve/refs%2Fpr%2F1/config.json");
    }

    @Test
    void sameOriginComparesSchemeHostAndPort() {
        var hub = URI.create("https://huggingface.co");
        assertThat(HubClient.sameOrigin(URI.create("https://huggingface.co:443/a"), hub)).isTrue();
        assertThat(HubClient.sameOrigin(URI.create("https://cdn-lfs.huggingface.co/a"), hub)).isFalse();
        assertThat(HubClient.sameOrigin(URI.create("http://huggingface.co/a"), hub)).isFalse();
        assertThat(HubClient.sameOrigin(URI.create("https://huggingface.co:8443/a"), hub)).isFalse();
    }

    @Test
    void contentRangeStart() {
        assertThat(BlobFetch.rangeStart("bytes 100-999/1000")).isEqualTo(100);
        assertThat(BlobFetch.rangeStart("bytes */1000")).isEqualTo(-1);
        assertThat(BlobFetch.rangeStart("")).isEqualTo(-1);
    }
}
