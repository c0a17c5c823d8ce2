package org.vibevoice.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.safetensors.Checkpoint;
import org.vibevoice.safetensors.AtomicFiles;
import org.vibevoice.safetensors.SafetensorsWriter;
import org.vibevoice.tensor.DType;

/**
 * Writes a model directory with the exact tensor names, shapes and sharding of the checkpoint a
 * config describes ({@link CheckpointLayout}: 2 GB shards split as Hugging Face does), filled with
 * seeded {@link RandomWeights}, plus {@code config.json} (copied) and {@code preprocessor_config.json}
 * (copied from beside the config, else the published one): a stand-in for the real model that
 * loads, generates and benchmarks like it. Tensors are written one at a time, never held whole.
 */
public final class RandomModel {
    /** Hugging Face's {@code max_shard_size="2GB"}, which the published 1.5B checkpoint was saved with. */
    public static final long MAX_SHARD_BYTES = 2_000_000_000L;
    /** Room left on the file system besides the weights. */
    private static final long SPARE_BYTES = 1L << 30;

    private RandomModel() {
    }

    /** What was written. */
    public record Written(Path dir, int tensors, long bytes, List<String> shards) {
    }

    public static Written write(Path configJson, DType dtype, Path out, long seed) {
        if (!Files.isRegularFile(configJson)) {
            throw new VibeVoiceException(configJson + ": no such config.json");
        }
        CheckpointLayout layout = CheckpointLayout.of(VibeVoiceConfig.read(configJson));
        long bytes = layout.bytes(dtype);
        try {
            Files.createDirectories(out);
            long free = Files.getFileStore(out).getUsableSpace();
            if (free < bytes + SPARE_BYTES) {
                throw new VibeVoiceException(out + ": " + (bytes >> 20) + " MiB of weights need more than the "
                        + (free >> 20) + " MiB free there");
            }
            removeOldWeights(out);
            List<String> shards = SafetensorsWriter.writeSharded(out, RandomWeights.sources(layout, dtype, seed),
                    MAX_SHARD_BYTES, Map.of("format", "pt"));
            AtomicFiles.write(out.resolve("config.json"), Files.readAllBytes(configJson));
            Path pre = configJson.resolveSibling("preprocessor_config.json");
            if (Files.isRegularFile(pre)) {
                AtomicFiles.write(out.resolve(pre.getFileName()), Files.readAllBytes(pre));
            } else {
                SafetensorsWriter.writeJson(out.resolve("preprocessor_config.json"), published());
            }
            return new Written(out, layout.size(), bytes, shards);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": " + e.getMessage(), e);
        }
    }

    /** Shards of an earlier write (another precision has another shard count), so no stale file lingers. */
    private static void removeOldWeights(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "model*.safetensors*")) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (n.equals(Checkpoint.SINGLE) || n.equals(Checkpoint.INDEX) || n.matches("model-\\d{5}-of-\\d{5}\\.safetensors")) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The published 1.5B preprocessor_config.json (spec §2.3). */
    private static Map<String, Object> published() {
        PreprocessorConfig d = PreprocessorConfig.DEFAULT;
        Map<String, Object> audio = new LinkedHashMap<>();
        audio.put("feature_extractor_type", "VibeVoiceTokenizerProcessor");
        audio.put("sampling_rate", d.samplingRate());
        audio.put("normalize_audio", true);
        audio.put("target_dB_FS", (int) d.targetDbFs());
        audio.put("eps", d.eps());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("processor_class", "VibeVoiceProcessor");
        m.put("speech_tok_compress_ratio", d.speechTokCompressRatio());
        m.put("db_normalize", d.dbNormalize());
        m.put("audio_processor", audio);
        m.put("language_model_pretrained_name", d.languageModelPretrainedName());
        return m;
    }
}
