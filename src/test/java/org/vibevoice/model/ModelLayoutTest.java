package org.vibevoice.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vibevoice.golden.GoldenFixtures;
import org.vibevoice.safetensors.Checkpoint;
import org.vibevoice.tensor.Tensor;

class ModelLayoutTest {
    private static Map<String, String> shapes(Map<String, long[]> layout) {
        Map<String, String> out = new TreeMap<>();
        layout.forEach((k, v) -> out.put(k, java.util.Arrays.toString(v)));
        return out;
    }

    @Test
    void layoutOfTheFixtureConfigIsTheFixtureCheckpoint() {
        Path dir = GoldenFixtures.dir().resolve("models/tiny-a");
        Map<String, String> want = new TreeMap<>();
        try (Checkpoint ck = Checkpoint.open(dir)) {
            for (Tensor t : ck.tensors().values()) {
                want.put(t.name(), java.util.Arrays.toString(t.shape()));
            }
        }
        assertThat(shapes(ModelLayout.of(VibeVoiceConfig.read(dir.resolve("config.json"))))).isEqualTo(want);
    }

    @Test
    void layoutOfThePublishedConfigsHasTheSpecsTensorAndParameterCounts() {
        for (String[] c : new String[][] {{"VibeVoice-1.5B", "1204", "2704021987"}, {"VibeVoice-Large", "1205", "9343355363"}}) {
            Path cfg = GoldenFixtures.dir().resolveSibling("configs").resolve(c[0]).resolve("config.json");
            Map<String, long[]> layout = ModelLayout.of(VibeVoiceConfig.read(cfg));
            long params = layout.values().stream().mapToLong(Tensor::numel).sum();
            assertThat(layout).as(c[0]).hasSize(Integer.parseInt(c[1]));
            assertThat(params).as(c[0]).isEqualTo(Long.parseLong(c[2]));
        }
    }
}
