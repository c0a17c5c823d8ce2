package org.vibevoice.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubConfigTest {
    @TempDir
    Path home;

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsFollowHuggingfaceHub() {
        HubConfig c = HubConfig.from(env(), home);

        assertThat(c.endpoint()).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(c.cacheDir()).isEqualTo(home.resolve(".cache/huggingface/hub"));
        assertThat(c.token()).isNull();
        assertThat(c.offline()).isFalse();
        assertThat(c.transfer()).isEqualTo(HubConfig.Transfer.DEFAULT);
    }

    @Test
    void cacheDirectoryPrecedence() {
        assertThat(HubConfig.from(env("XDG_CACHE_HOME", "/xdg"), home).cacheDir())
                .isEqualTo(Path.of("/xdg/huggingface/hub"));
        assertThat(HubConfig.from(env("XDG_CACHE_HOME", "/xdg", "HF_HOME", "/hf"), home).cacheDir())
                .isEqualTo(Path.of("/hf/hub"));
        assertThat(HubConfig.from(env("HF_HOME", "/hf", "HUGGINGFACE_HUB_CACHE", "/legacy"), home).cacheDir())
                .isEqualTo(Path.of("/legacy"));
        assertThat(HubConfig.from(env("HF_HOME", "/hf", "HUGGINGFACE_HUB_CACHE", "/legacy", "HF_HUB_CACHE", "/c"), home)
                .cacheDir()).isEqualTo(Path.of("/c"));
        assertThat(HubConfig.from(env("HF_HOME", "~/hf"), home).cacheDir()).isEqualTo(home.resolve("hf/hub"));
    }

    @Test
    void offlineAcceptsHuggingfaceTruthValues() {
        for (String yes : new String[] {"1", "true", "TRUE", "yes", "on"}) {
            assertThat(HubConfig.from(env("HF_HUB_OFFLINE", yes), home).offline()).as(yes).isTrue();
        }
        for (String no : new String[] {"0", "false", "", "off"}) {
            assertThat(HubConfig.from(env("HF_HUB_OFFLINE", no), home).offline()).as(no).isFalse();
        }
        assertThat(HubConfig.from(env("TRANSFORMERS_OFFLINE", "1"), home).offline()).isTrue();
    }

    @Test
    void endpointLosesItsTrailingSlashAndMustBeHttp() {
        assertThat(HubConfig.from(env("HF_ENDPOINT", "https://hf-mirror.com/"), home).endpoint())
                .isEqualTo(URI.create("https://hf-mirror.com"));
        assertThatThrownBy(() -> HubConfig.from(env("HF_ENDPOINT", "ftp://x"), home))
                .hasMessageContaining("HF_ENDPOINT 'ftp://x'");
        assertThatThrownBy(() -> HubConfig.from(env("HF_ENDPOINT", "not a url"), home))
                .hasMessageContaining("HF_ENDPOINT");
    }

    @Test
    void tokenFromVariablesThenTheLoginFile() throws IOException {
        Path hfHome = Files.createDirectories(home.resolve(".cache/huggingface"));
        assertThat(HubConfig.from(env(), home).token()).isNull();
        Files.writeString(hfHome.resolve("token"), "hf_file\n");

        assertThat(HubConfig.from(env(), home).token()).isEqualTo("hf_file");
        assertThat(HubConfig.from(env("HUGGING_FACE_HUB_TOKEN", "hf_legacy"), home).token()).isEqualTo("hf_legacy");
        assertThat(HubConfig.from(env("HF_TOKEN", "hf_env", "HUGGING_FACE_HUB_TOKEN", "hf_legacy"), home).token())
                .isEqualTo("hf_env");
        Path other = Files.writeString(home.resolve("tok"), "hf_path");
        assertThat(HubConfig.from(env("HF_TOKEN_PATH", other.toString()), home).token()).isEqualTo("hf_path");
        assertThat(HubConfig.from(env("HF_TOKEN", "hf_env"), home).toString()).doesNotContain("hf_env");
    }
}
