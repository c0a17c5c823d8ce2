package org.vibevoice.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vibevoice.safetensors.Checkpoint;
import org.vibevoice.safetensors.SafetensorsWriter;
import org.vibevoice.safetensors.TensorSource;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Tensor;

/** The state-dict layout derived from a config against real checkpoints and the published 1.5B index. */
class CheckpointLayoutTest {
    private static final Path CONFIGS = Path.of("../shared/configs");

    @Test
    void namesAndShapesOfTheBundledCheckpoint() {
        var dir = BundledModel.tinyDir();
        VibeVoiceConfig cfg = VibeVoiceConfig.read(dir.resolve("config.json"));
        Map<String, String> want = new TreeMap<>();
        CheckpointLayout.of(cfg).shapes().forEach((k, v) -> want.put(k, Arrays.toString(v)));
        Map<String, String> have = new TreeMap<>();
        try (Checkpoint ck = Checkpoint.open(dir)) {
            for (Tensor t : ck.tensors().values()) {
                have.put(t.name(), t.shapeString());
            }
        }
        assertThat(have).isNotEmpty().isEqualTo(want);
    }

    @Test
    void published15BCountBytesAndShardFiles() {
        CheckpointLayout layout = CheckpointLayout.of(VibeVoiceConfig.read(CONFIGS.resolve("VibeVoice-1.5B/config.json")));
        assertThat(layout.size()).isEqualTo(1204);
        assertThat(layout.parameters()).isEqualTo(2_704_021_987L);
        assertThat(layout.bytes(DType.BF16)).isEqualTo(5_408_043_974L);
        // Hugging Face's 2 GB greedy split in state-dict order, each shard written name-sorted with
        // {"format":"pt"}: exactly the published file sizes, so the order and every name are right
        List<List<TensorSource>> shards = SafetensorsWriter.planShards(sources(layout), 2_000_000_000L);
        assertThat(shards).hasSize(3);
        long[] sizes = new long[shards.size()];
        for (int i = 0; i < sizes.length; i++) {
            List<TensorSource> sorted = new ArrayList<>(shards.get(i));
            sorted.sort(Comparator.comparing(TensorSource::name));
            sizes[i] = SafetensorsWriter.header(sorted, Map.of("format", "pt")).length;
            for (TensorSource t : sorted) {
                sizes[i] += t.byteSize();
            }
        }
        assertThat(sizes).containsExactly(1_975_317_828L, 1_983_051_688L, 1_449_832_938L);
    }

    @Test
    void largeIsUntiedWithItsPublishedParameterCount() {
        CheckpointLayout layout = CheckpointLayout.of(VibeVoiceConfig.read(CONFIGS.resolve("VibeVoice-Large/config.json")));
        assertThat(layout.size()).isEqualTo(1205);
        assertThat(layout.parameters()).isEqualTo(9_343_355_363L);
        assertThat(layout.entries().getLast().name()).isEqualTo(CheckpointLayout.LM_HEAD);
    }

    private static List<TensorSource> sources(CheckpointLayout layout) {
        List<TensorSource> out = new ArrayList<>();
        for (CheckpointLayout.Entry e : layout.entries()) {
            out.add(new TensorSource() {
                public String name() {
                    return e.name();
                }

                public DType dtype() {
                    return DType.BF16;
                }

                public long[] shape() {
                    return e.shape();
                }

                public void fill(MemorySegment dst) {
                    throw new UnsupportedOperationException("layout only");
                }
            });
        }
        return out;
    }
}
