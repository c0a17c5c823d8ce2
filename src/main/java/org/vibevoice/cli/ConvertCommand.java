package org.vibevoice.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.audio.AudioFiles;
import org.vibevoice.convert.ByteSize;
import org.vibevoice.convert.ConversionReport;
import org.vibevoice.convert.ConvertOptions;
import org.vibevoice.convert.Converter;
import org.vibevoice.hub.ModelLocator;
import org.vibevoice.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convert}: the original convert_f32_to_f16 script's options, over {@link Converter}. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a VibeVoice checkpoint to f16 or bf16 weights (a new Hugging Face-style directory).")
final class ConvertCommand implements Callable<Integer> {
    @Option(names = "--input_path", required = true, description = "model directory or Hugging Face id")
    String inputPath;

    @Option(names = "--output_path", required = true, description = "directory to create (refused if non-empty, unless --force)")
    Path outputPath;

    @Option(names = "--target", description = "f16 (default) or bf16")
    String target = "f16";

    @Option(names = "--no_mixed_precision", description = "convert norm weights, biases and scalars too (default: keep them f32)")
    boolean noMixedPrecision;

    @Option(names = "--exclude_layers", arity = "1..*", paramLabel = "PATTERN",
            description = "keep tensors whose name contains PATTERN (case-insensitive) in their stored precision")
    List<String> excludeLayers = List.of();

    @Option(names = "--keep_embeddings_f32", description = "write the token embeddings in f32")
    boolean keepEmbeddingsF32;

    @Option(names = "--keep_lm_head_f32", description = "write the output projection in f32 (the embeddings, when tied)")
    boolean keepLmHeadF32;

    @Option(names = "--max_shard_size", description = "largest shard, e.g. 2GB (default), 500MB, 1GiB or bytes")
    String maxShardSize = "2GB";

    @Option(names = "--force", description = "replace an existing non-empty output directory")
    boolean force;

    @Option(names = "--test_conversion", description = "load both checkpoints and compare every module and a short generation")
    boolean testConversion;

    @Option(names = "--test_voice", description = "voice file for the test generation (default: a synthetic voice)")
    Path testVoice;

    @Option(names = "--test_tokens", description = "tokens the test generation makes (default ${DEFAULT-VALUE})")
    int testTokens = ConvertOptions.DEFAULT_TEST_TOKENS;

    @Option(names = "--verbose", description = "one line per tensor")
    boolean verbose;

    @Override
    public Integer call() {
        DType t = switch (target.toLowerCase(java.util.Locale.ROOT)) {
            case "f16", "fp16", "float16", "half" -> DType.F16;
            case "bf16", "bfloat16" -> DType.BF16;
            default -> null;
        };
        if (t == null) {
            throw new VibeVoiceException("--target " + target + ": convert writes f16 or bf16");
        }
        ConvertOptions options = ConvertOptions.to(t).withMixedPrecision(!noMixedPrecision)
                .withExcludeLayers(excludeLayers).withKeepEmbeddingsF32(keepEmbeddingsF32)
                .withKeepLmHeadF32(keepLmHeadF32).withMaxShardBytes(ByteSize.parse(maxShardSize)).withForce(force)
                .withTestConversion(testConversion).withTestTokens(testTokens).withVerbose(verbose);
        Path input = ModelLocator.fromEnvironment().resolve(inputPath, null);
        float[] voice = testVoice == null ? null : AudioFiles.load(testVoice, 24000).samples();
        ConversionReport r = Converter.convert(input, outputPath, options, voice, System.err::println);
        System.out.print(r.render());
        System.out.println("report: " + outputPath.resolve(ConversionReport.JSON));
        return r.passed() ? 0 : 1;
    }
}
