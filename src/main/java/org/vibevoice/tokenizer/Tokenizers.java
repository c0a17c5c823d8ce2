package org.vibevoice.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.model.PreprocessorConfig;

/**
 * Where a model's text tokenizer comes from. Published VibeVoice checkpoints carry no tokenizer
 * files; their {@code preprocessor_config.json} names the Qwen2.5 model whose tokenizer they use,
 * which is bundled in the jar. Tokenizer files in the model directory take precedence.
 */
public final class Tokenizers {
    private static final String BUNDLED = "/org/vibevoice/tokenizer/qwen2.5/tokenizer.json";

    private static volatile Tokenizer qwen25;

    private Tokenizers() {
    }

    /**
     * The tokenizer of a VibeVoice model directory: its own {@code tokenizer.json} or
     * {@code vocab.json} + {@code merges.txt} when present, else the bundled Qwen2.5 tokenizer
     * (the 1.5B and 7B Qwen2.5 models share it).
     */
    public static Tokenizer forModel(Path modelDir) {
        if (hasTokenizerFiles(modelDir)) {
            return open(modelDir);
        }
        String lm = PreprocessorConfig.read(modelDir.resolve("preprocessor_config.json")).languageModelPretrainedName();
        if (lm != null && !lm.startsWith("Qwen/Qwen2.5-")) {
            throw new VibeVoiceException(modelDir + ": needs the tokenizer of " + lm
                    + ", which is not bundled; put its tokenizer.json in the model directory");
        }
        return qwen25();
    }

    /** A tokenizer from a {@code tokenizer.json} file, or a directory holding one (or vocab.json + merges.txt). */
    public static Tokenizer open(Path fileOrDir) {
        if (Files.isRegularFile(fileOrDir)) {
            return TokenizerFiles.readTokenizerJson(fileOrDir);
        }
        Path json = fileOrDir.resolve("tokenizer.json");
        if (Files.isRegularFile(json)) {
            return TokenizerFiles.readTokenizerJson(json);
        }
        Path vocab = fileOrDir.resolve("vocab.json");
        Path merges = fileOrDir.resolve("merges.txt");
        if (Files.isRegularFile(vocab) && Files.isRegularFile(merges)) {
            return TokenizerFiles.readVocabMerges(vocab, merges, fileOrDir.resolve("tokenizer_config.json"));
        }
        throw new VibeVoiceException(fileOrDir + ": no tokenizer.json, and no vocab.json + merges.txt");
    }

    private static boolean hasTokenizerFiles(Path dir) {
        return Files.isRegularFile(dir.resolve("tokenizer.json"))
                || (Files.isRegularFile(dir.resolve("vocab.json")) && Files.isRegularFile(dir.resolve("merges.txt")));
    }

    /** The Qwen2.5 tokenizer bundled in the jar, loaded once. */
    public static Tokenizer qwen25() {
        Tokenizer t = qwen25;
        if (t == null) {
            synchronized (Tokenizers.class) {
                t = qwen25;
                if (t == null) {
                    t = readBundledQwen25();
                    qwen25 = t;
                }
            }
        }
        return t;
    }

    /** Parses the bundled Qwen2.5 tokenizer anew (what {@link #qwen25()} does once; for load-time benchmarks). */
    public static Tokenizer readBundledQwen25() {
        try (InputStream in = Tokenizers.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new VibeVoiceException("the jar lacks the bundled Qwen2.5 tokenizer " + BUNDLED);
            }
            return TokenizerFiles.readTokenizerJson(in, "bundled Qwen2.5 tokenizer");
        } catch (IOException e) {
            throw new VibeVoiceException("cannot read the bundled Qwen2.5 tokenizer: " + e.getMessage());
        }
    }
}
