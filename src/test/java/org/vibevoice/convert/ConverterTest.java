package org.vibevoice.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.cli.Main;
import org.vibevoice.golden.CaseResult;
import org.vibevoice.golden.GoldenContext;
import org.vibevoice.golden.GoldenFixtures;
import org.vibevoice.golden.GoldenSuite;
import org.vibevoice.golden.GoldenVerifier;
import org.vibevoice.model.Component;
import org.vibevoice.model.LoadOptions;
import org.vibevoice.safetensors.Checkpoint;
import org.vibevoice.safetensors.SafetensorsFile;
import org.vibevoice.safetensors.SafetensorsWriter;
import org.vibevoice.safetensors.TensorSource;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Tensor;

/** Converting the fixtures' tiny model (and small hand-made checkpoints) to f16 and bf16. */
class ConverterTest {
    @TempDir
    Path tmp;

    private static Path tinyA;

    @BeforeAll
    static void fixtures() {
        tinyA = GoldenFixtures.dir().resolve("models/tiny-a");
    }

    /** name → [dtype, shape] of every tensor in a checkpoint. */
    private static Map<String, String> layout(Path dir, boolean withDtype) {
        Map<String, String> out = new TreeMap<>();
        try (Checkpoint ck = Checkpoint.open(dir)) {
            for (Tensor t : ck.tensors().values()) {
                out.put(t.name(), (withDtype ? t.dtype() + " " : "") + t.shapeString());
            }
        }
        return out;
    }

    private static Map<String, String> checksums(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws IOException {
        return JSON.std.mapFrom(Files.readString(file));
    }

    @Test
    void tinyModelToF16AndBf16KeepsNamesAndShapesAndWritesAConsistentReport() throws Exception {
        Map<String, String> before = checksums(tinyA);
        for (DType target : new DType[] {DType.F16, DType.BF16}) {
            Path out = tmp.resolve("tiny-" + target);
            ConversionReport r = Converter.convert(tinyA, out, ConvertOptions.to(target));
            assertThat(layout(out, false)).isEqualTo(layout(tinyA, false));
            String torch = target == DType.F16 ? "float16" : "bfloat16";
            assertThat(json(out.resolve("config.json"))).containsEntry("torch_dtype", torch);
            assertThat((Map<String, Object>) json(out.resolve("config.json")).get("decoder_config"))
                    .containsEntry("torch_dtype", torch);
            assertThat(Files.readString(out.resolve("preprocessor_config.json")))
                    .isEqualTo(Files.readString(tinyA.resolve("preprocessor_config.json")));
            long written = 0;
            try (Checkpoint ck = Checkpoint.open(out)) {
                for (Tensor t : ck.tensors().values()) {
                    assertThat(t.dtype()).as(t.name()).isEqualTo(t.rank() <= 1 ? DType.F32 : target);
                    written += t.data().byteSize();
                }
                Tensor q = ck.tensor("model.language_model.layers.0.self_attn.q_proj.weight");
                try (Checkpoint src = Checkpoint.open(tinyA)) {
                    Tensor s = src.tensor(q.name());
                    for (int i = 0; i < q.numel(); i += 17) {
                        assertThat(q.getFloat(i)).isEqualTo(org.vibevoice.tensor.Half.roundTo(target, s.getFloat(i)));
                    }
                }
            }
            assertThat(r.memory().totalAfter()).isEqualTo(written);
            assertThat(r.memory().totalBefore()).isEqualTo(Files.size(tinyA.resolve("model-00001-of-00002.safetensors"))
                    + Files.size(tinyA.resolve("model-00002-of-00002.safetensors")) - headerBytes(tinyA));
            long perComponent = r.memory().rows().stream().mapToLong(MemoryAnalysis.Row::after).sum();
            assertThat(perComponent).isEqualTo(written);
            assertThat(r.memory().rows()).extracting(MemoryAnalysis.Row::component).contains(Component.EMBEDDINGS,
                    Component.LM_LAYERS, Component.ACOUSTIC_ENCODER, Component.ACOUSTIC_DECODER,
                    Component.SEMANTIC_ENCODER, Component.CONNECTORS, Component.DIFFUSION_HEAD);
            assertThat(r.memory().savedPercent()).isBetween(49.0, 50.0);
            Map<String, Object> report = json(out.resolve(ConversionReport.JSON));
            assertThat(((Map<String, Object>) report.get("memory")).get("total_bytes_after")).isEqualTo((int) written);
            assertThat((List<Object>) report.get("tensors")).hasSize(layout(tinyA, false).size());
            assertThat(Files.readString(out.resolve(ConversionReport.TEXT))).contains("memory analysis").contains("total");
            assertThat(r.fallbacks()).isEmpty();
            assertThat(r.test()).isNull();
        }
        assertThat(checksums(tinyA)).as("input untouched").isEqualTo(before);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary directory left")
                    .containsExactlyInAnyOrder("tiny-F16", "tiny-BF16");
        }
    }

    /** Bytes of the safetensors headers of a checkpoint directory (8-byte length + JSON). */
    private static long headerBytes(Path dir) throws IOException {
        long n = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".safetensors")).toList()) {
                try (Arena a = Arena.ofShared()) {
                    SafetensorsFile s = SafetensorsFile.open(f, a);
                    long data = 0;
                    for (Tensor t : s.tensors().values()) {
                        data += t.data().byteSize();
                    }
                    n += Files.size(f) - data;
                }
            }
        }
        return n;
    }

    @Test
    @SuppressWarnings("unchecked")
    void smallShardsGetAnIndexWithTheTotalSizeOfTheirTensors() throws Exception {
        Path out = tmp.resolve("sharded");
        ConversionReport r = Converter.convert(tinyA, out, ConvertOptions.to(DType.F16)
                .withMaxShardBytes(ByteSize.parse("3MB")));
        Map<String, Object> index = json(out.resolve(Checkpoint.INDEX));
        Map<String, Object> weightMap = (Map<String, Object>) index.get("weight_map");
        Set<Object> shards = Set.copyOf(weightMap.values());
        assertThat(shards.size()).isGreaterThan(2);
        long total = 0;
        for (Object shard : shards) {
            long data = 0;
            int count = 0;
            try (Arena a = Arena.ofShared()) {
                for (Tensor t : SafetensorsFile.open(out.resolve((String) shard), a).tensors().values()) {
                    data += t.data().byteSize();
                    count++;
                    assertThat(weightMap.get(t.name())).isEqualTo(shard);
                }
            }
            assertThat(count == 1 || data <= 3_000_000L).as("%s: %d tensors, %d bytes", shard, count, data).isTrue();
            total += data;
        }
        assertThat(((Number) ((Map<String, Object>) index.get("metadata")).get("total_size")).longValue())
                .isEqualTo(total).isEqualTo(r.memory().totalAfter());
        assertThat(weightMap).hasSize(layout(tinyA, false).size());
        assertThat(r.files()).contains(Checkpoint.INDEX, "config.json", "preprocessor_config.json");
    }

    @Test
    void excludedLayersAndKeepFlagsAreHonoured() {
        Path out = tmp.resolve("mixed");
        ConversionReport r = Converter.convert(tinyA, out, ConvertOptions.to(DType.BF16)
                .withExcludeLayers(List.of("Prediction_Head", "acoustic_connector.fc2")).withKeepEmbeddingsF32(true));
        try (Checkpoint ck = Checkpoint.open(out)) {
            for (Tensor t : ck.tensors().values()) {
                boolean kept = t.rank() <= 1 || t.name().contains("prediction_head")
                        || t.name().contains("acoustic_connector.fc2") || t.name().contains("embed_tokens");
                assertThat(t.dtype()).as(t.name()).isEqualTo(kept ? DType.F32 : DType.BF16);
            }
        }
        assertThat(r.tensors()).filteredOn(t -> t.name().contains("prediction_head") && t.shape().length == 2)
                .allMatch(t -> t.why().equals("excluded by pattern"));
        assertThat(r.tensors()).filteredOn(t -> t.name().contains("embed_tokens"))
                .allMatch(t -> t.why().equals("embeddings kept f32"));
        Path head = tmp.resolve("head");
        Converter.convert(tinyA, head, ConvertOptions.to(DType.F16).withKeepLmHeadF32(true));
        try (Checkpoint ck = Checkpoint.open(head)) {
            assertThat(ck.contains("lm_head.weight")).as("tied: no separate lm_head written").isFalse();
            assertThat(ck.tensor("model.language_model.embed_tokens.weight").dtype()).as("the tied table is the lm_head")
                    .isEqualTo(DType.F32);
        }
        Path pure = tmp.resolve("pure");
        Converter.convert(tinyA, pure, ConvertOptions.to(DType.BF16).withMixedPrecision(false));
        try (Checkpoint ck = Checkpoint.open(pure)) {
            assertThat(ck.tensor("model.language_model.norm.weight").dtype()).isEqualTo(DType.BF16);
        }
    }

    /** A checkpoint with one tensor beyond the f16 range, one of layer scales, one ordinary matrix. */
    private Path handMade() {
        Path dir = tmp.resolve("hand");
        try (Arena a = Arena.ofShared()) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), "{\n  \"model_type\": \"vibevoice\",\n  \"torch_dtype\": \"float32\"\n}\n");
            Files.writeString(dir.resolve("tokenizer_config.json"), "{}\n");
            float[] big = new float[64];
            float[] scales = new float[64];
            float[] ok = new float[64];
            for (int i = 0; i < 64; i++) {
                big[i] = (i - 32) * 0.5f;
                scales[i] = 1e-6f * (1 + i % 3);
                ok[i] = (i - 32) * 0.01f;
            }
            big[5] = 1.5e5f;
            List<TensorSource> src = new ArrayList<>();
            src.add(TensorSource.of(Tensor.ofFloats("model.prediction_head.cond_proj.weight", big, a, 8, 8)));
            src.add(TensorSource.of(Tensor.ofFloats("model.acoustic_connector.fc1.weight", scales, a, 8, 8)));
            src.add(TensorSource.of(Tensor.ofFloats("model.acoustic_connector.fc2.weight", ok, a, 8, 8)));
            SafetensorsWriter.write(dir.resolve(Checkpoint.SINGLE), src, Map.of());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    @Test
    void tensorsThatDoNotFitF16StayAsStoredAndAreReported() {
        List<String> log = new ArrayList<>();
        Path out = tmp.resolve("fallback");
        ConversionReport r = Converter.convert(handMade(), out, ConvertOptions.to(DType.F16), null, log::add);
        try (Checkpoint ck = Checkpoint.open(out)) {
            assertThat(ck.tensor("model.prediction_head.cond_proj.weight").dtype()).isEqualTo(DType.F32);
            assertThat(ck.tensor("model.prediction_head.cond_proj.weight").getFloat(5)).isEqualTo(1.5e5f);
            assertThat(ck.tensor("model.acoustic_connector.fc1.weight").dtype()).isEqualTo(DType.F32);
            assertThat(ck.tensor("model.acoustic_connector.fc2.weight").dtype()).isEqualTo(DType.F16);
        }
        assertThat(r.fallbacks()).extracting(TensorDecision::name).containsExactly(
                "model.prediction_head.cond_proj.weight", "model.acoustic_connector.fc1.weight");
        assertThat(r.fallbacks().get(0).fallback()).contains("beyond the f16 range");
        assertThat(r.fallbacks().get(1).fallback()).contains("lost to f16 underflow");
        assertThat(log).anyMatch(l -> l.startsWith("keeping model.prediction_head.cond_proj.weight in f32"));
        assertThat(r.render()).contains("kept as stored: model.acoustic_connector.fc1.weight");
        assertThat(r.torchDtype()).as("f32 holds most bytes").isEqualTo("float32");
        assertThat(out.resolve("tokenizer_config.json")).exists();
        Converter.convert(handMade(), tmp.resolve("fallback-bf16"), ConvertOptions.to(DType.BF16));
        try (Checkpoint ck = Checkpoint.open(tmp.resolve("fallback-bf16"))) {
            assertThat(ck.tensor("model.prediction_head.cond_proj.weight").dtype()).isEqualTo(DType.BF16);
            assertThat(ck.tensor("model.acoustic_connector.fc1.weight").dtype()).isEqualTo(DType.BF16);
        }
    }

    @Test
    void refusesToOverwriteOrTouchTheInput() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> Converter.convert(tinyA, out, ConvertOptions.to(DType.F16)))
                .isInstanceOf(VibeVoiceException.class).hasMessageContaining("not empty (use --force");
        assertThat(out.resolve("keep.txt")).hasContent("mine");
        Converter.convert(tinyA, out, ConvertOptions.to(DType.F16).withForce(true));
        assertThat(out.resolve("keep.txt")).doesNotExist();
        assertThat(out.resolve(Checkpoint.SINGLE)).exists();
        Path hand = handMade();
        assertThatThrownBy(() -> Converter.convert(hand, hand, ConvertOptions.to(DType.F16).withForce(true)))
                .isInstanceOf(VibeVoiceException.class).hasMessageContaining("the output is the input");
        assertThatThrownBy(() -> Converter.convert(hand, hand.resolve("sub"), ConvertOptions.to(DType.F16)))
                .isInstanceOf(VibeVoiceException.class).hasMessageContaining("inside the input");
        assertThatThrownBy(() -> Converter.convert(hand, tmp, ConvertOptions.to(DType.F16).withForce(true)))
                .isInstanceOf(VibeVoiceException.class).hasMessageContaining("contains the input");
        assertThatThrownBy(() -> Converter.convert(tmp.resolve("nope"), tmp.resolve("x"), ConvertOptions.to(DType.F16)))
                .isInstanceOf(VibeVoiceException.class).hasMessageContaining("does not exist");
        assertThat(hand.resolve(Checkpoint.SINGLE)).exists();
    }

    @Test
    void convertedCheckpointsPassTheLanguageModelAndDiffusionCasesAtSixteenBitTolerances() throws Exception {
        for (DType target : new DType[] {DType.F16, DType.BF16}) {
            Path out = tmp.resolve("golden-" + target);
            Converter.convert(tinyA, out, ConvertOptions.to(target));
            List<CaseResult> results = new ArrayList<>();
            try (GoldenSuite suite = GoldenSuite.open(GoldenFixtures.dir());
                    GoldenContext ctx = new GoldenContext(target, LoadOptions.DEFAULTS,
                            dir -> dir.getFileName().toString().equals("tiny-a") ? out : dir)) {
                new GoldenVerifier().verifyIn(ctx, suite, Set.of("lm_prefill", "lm_embeds", "lm_decode", "diffusion_head",
                        "sample_speech"), results::add);
            }
            assertThat(results).hasSizeGreaterThanOrEqualTo(5);
            assertThat(results).allSatisfy(r -> assertThat(r.passed()).as(r.line()).isTrue());
        }
    }

    @Test
    void testConversionComparesBothCheckpointsAndSetsTheExitStatus() throws Exception {
        Path out = tmp.resolve("tested");
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(err, true), "convert", "--input_path", tinyA.toString(), "--output_path",
                out.toString(), "--target", "bf16", "--test_conversion", "--test_tokens", "12");
        assertThat(status).as(err.toString()).isZero();
        Map<String, Object> report = json(out.resolve(ConversionReport.JSON));
        @SuppressWarnings("unchecked")
        Map<String, Object> test = (Map<String, Object>) report.get("test");
        assertThat(test).containsEntry("passed", true);
        assertThat((List<Object>) test.get("rows")).hasSize(11);
        // bf16 weights are too coarse for the f16 bounds: the same comparison must fail there
        ConversionTest.Result strict = ConversionTest.run(tinyA, GoldenFixtures.dir().resolve("models/tiny-a-bf16"),
                DType.F16, null, 12, line -> { });
        assertThat(strict.passed()).isFalse();
        assertThat(strict.rows()).filteredOn(r -> r.check().equals("lm_hidden")).allMatch(r -> !r.passed());
        ConversionTest.Result same = ConversionTest.run(tinyA, tinyA, DType.F16, null, 12, line -> { });
        assertThat(same.passed()).isTrue();
        assertThat(same.rows()).filteredOn(r -> r.metric().contains("|")).allMatch(r -> r.value() == 0);
        assertThat(same.rows()).filteredOn(r -> r.metric().equals("audio SNR dB")).allMatch(r -> r.value() == Double.POSITIVE_INFINITY);
    }

    @Test
    void shardSizesParseLikeHuggingFace() {
        assertThat(ByteSize.parse("2GB")).isEqualTo(2_000_000_000L);
        assertThat(ByteSize.parse("500MB")).isEqualTo(500_000_000L);
        assertThat(ByteSize.parse("1GiB")).isEqualTo(1L << 30);
        assertThat(ByteSize.parse("1.5 kb")).isEqualTo(1500L);
        assertThat(ByteSize.parse("123456")).isEqualTo(123456L);
        assertThatThrownBy(() -> ByteSize.parse("lots")).isInstanceOf(VibeVoiceException.class).hasMessageContaining("lots");
        assertThatThrownBy(() -> ByteSize.parse("0")).isInstanceOf(VibeVoiceException.class);
    }
}
