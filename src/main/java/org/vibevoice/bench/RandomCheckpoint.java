package org.vibevoice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vibevoice.model.CheckpointLayout;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.processor.SpecialTokens;
import org.vibevoice.safetensors.SafetensorsWriter;
import org.vibevoice.safetensors.TensorSource;
import org.vibevoice.tensor.Convert;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Parallel;
import org.vibevoice.tensor.Tensor;

/**
 * Writes a random-weight VibeVoice checkpoint directory with a config's real tensor names and
 * shapes ({@link CheckpointLayout}), streamed tensor by tensor into 2 GB shards (no whole-model buffer),
 * with the config and preprocessor files beside it. Values: matrices uniform with standard
 * deviation 1/√fan-in, biases ±0.01, norm weights 1, layer scales 1e-6, the latent scaling factors
 * of the published 1.5B model; each chunk seeded from (seed, tensor, chunk), so a file is the same
 * on every run.
 *
 * <p>Steered so that greedy decoding picks {@code speech_diffusion} at every step and each step
 * makes a frame (a benchmark must run a known number of frames): column 0 of every embedding row
 * and of both connectors' output bias is {@link #STEER}, which dominates the residual stream, and
 * in the output projection's column 0 the speech_diffusion row has 2·STEER and the eos and
 * speech_end rows −STEER.
 */
public final class RandomCheckpoint {
    static final float STEER = 400f;
    private static final int CHUNK = 1 << 20;
    private static final String EMBED = "model.language_model.embed_tokens.weight";
    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[CHUNK]);

    private RandomCheckpoint() {
    }

    /** Weight bytes of the checkpoint {@link #write} would write. */
    public static long bytes(VibeVoiceConfig cfg, DType dtype) {
        return CheckpointLayout.of(cfg).entries().stream().mapToLong(e -> e.bytes(dtype)).sum();
    }

    /** Writes the checkpoint of {@code configJson} (with {@code preprocessorJson}, may be null) into {@code dir}. */
    public static void write(Path dir, Path configJson, Path preprocessorJson, DType dtype, long seed) {
        VibeVoiceConfig cfg = VibeVoiceConfig.read(configJson);
        try {
            Files.createDirectories(dir);
            Files.copy(configJson, dir.resolve("config.json"), StandardCopyOption.REPLACE_EXISTING);
            if (preprocessorJson != null) {
                Files.copy(preprocessorJson, dir.resolve("preprocessor_config.json"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
        String logits = cfg.tieWordEmbeddings() ? EMBED : "lm_head.weight";
        List<TensorSource> sources = new ArrayList<>();
        int index = 0;
        for (CheckpointLayout.Entry e : CheckpointLayout.of(cfg).entries()) {
            sources.add(source(e.name(), e.shape(), dtype, seed * 1_000_003L + index++, logits));
        }
        SafetensorsWriter.writeSharded(dir, sources, 2_000_000_000L, Map.of("format", "pt"));
    }

    private static TensorSource source(String name, long[] shape, DType dtype, long seed, String logits) {
        return new TensorSource() {
            public String name() {
                return name;
            }

            public DType dtype() {
                return dtype;
            }

            public long[] shape() {
                return shape;
            }

            public void fill(MemorySegment dst) {
                long n = Tensor.numel(shape);
                int chunks = (int) ((n + CHUNK - 1) / CHUNK);
                Parallel.forEach(chunks, c -> {
                    long start = (long) c * CHUNK;
                    int len = (int) Math.min(CHUNK, n - start);
                    float[] buf = len == CHUNK ? BUFFER.get() : new float[len];
                    values(name, shape, new SplittableRandom(seed * 65_537L + c), buf);
                    steer(name, shape, logits, start, buf);
                    Convert.write(dtype, buf, len, dst, start);
                });
            }
        };
    }

    private static void values(String name, long[] shape, SplittableRandom rnd, float[] buf) {
        if (name.equals("model.speech_scaling_factor")) {
            buf[0] = 0.1962890625f;
        } else if (name.equals("model.speech_bias_factor")) {
            buf[0] = -0.04931640625f;
        } else if (name.endsWith("gamma")) {
            java.util.Arrays.fill(buf, 1e-6f);
        } else if (name.endsWith("norm.weight")) {
            java.util.Arrays.fill(buf, 1f);
        } else {
            double half = shape.length == 1 ? 0.01 : Math.sqrt(3.0 * shape[0] / Tensor.numel(shape));
            for (int i = 0; i < buf.length; i++) {
                buf[i] = (float) rnd.nextDouble(-half, half);
            }
        }
    }

    /** Sets the steering values that fall in this chunk (elements start … start + buf.length). */
    private static void steer(String name, long[] shape, String logits, long start, float[] buf) {
        if (name.endsWith("_connector.fc2.bias") && start == 0) {
            buf[0] = STEER;
        }
        if (shape.length != 2) {
            return;
        }
        long cols = shape[1];
        long end = start + buf.length;
        if (name.equals(EMBED)) {
            for (long r = (start + cols - 1) / cols; r * cols < end; r++) {
                buf[(int) (r * cols - start)] = STEER;
            }
        }
        if (name.equals(logits)) {
            set(buf, start, SpecialTokens.SPEECH_DIFFUSION * cols, 2 * STEER);
            set(buf, start, SpecialTokens.EOS * cols, -STEER);
            set(buf, start, SpecialTokens.SPEECH_END * cols, -STEER);
        }
    }

    private static void set(float[] buf, long start, long element, float v) {
        if (element >= start && element < start + buf.length) {
            buf[(int) (element - start)] = v;
        }
    }
}
