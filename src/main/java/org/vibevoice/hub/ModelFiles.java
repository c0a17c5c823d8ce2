package org.vibevoice.hub;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vibevoice.VibeVoiceException;

/** The files a VibeVoice model directory needs, and when a directory counts as complete. */
public final class ModelFiles {
    public static final String CONFIG = "config.json";
    public static final String PREPROCESSOR = "preprocessor_config.json";
    public static final String INDEX = "model.safetensors.index.json";
    public static final String SINGLE = "model.safetensors";
    public static final String TOKENIZER = "tokenizer.json";
    /** Fetched when the repository has them; their absence is normal. */
    public static final List<String> OPTIONAL = List.of(PREPROCESSOR, TOKENIZER, "tokenizer_config.json",
            "vocab.json", "merges.txt", "special_tokens_map.json");

    private ModelFiles() {
    }

    /**
     * The distinct shard file names an index lists, each checked to be a plain file name so that a
     * hostile index cannot name a path outside the model directory.
     */
    public static List<String> shards(Path index) {
        Map<String, Object> json;
        try {
            json = JSON.std.mapFrom(Files.readString(index));
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new VibeVoiceException(index + ": not a readable safetensors index: " + msg);
        }
        if (json == null || !(json.get("weight_map") instanceof Map<?, ?> map)) {
            throw new VibeVoiceException(index + ": missing weight_map object");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object v : map.values()) {
            if (!(v instanceof String name) || !HubNames.isSafeSegment(name)) {
                throw new VibeVoiceException(index + ": shard '" + v + "' is not a plain file name");
            }
            out.add(name);
        }
        if (out.isEmpty()) {
            throw new VibeVoiceException(index + ": weight_map lists no shard");
        }
        return List.copyOf(out);
    }

    /**
     * True when {@code dir} holds config.json and all weights: the index and every shard it lists, or
     * model.safetensors. Links count only when their target exists.
     */
    public static boolean isComplete(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            return false;
        }
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            try {
                return shards(index).stream().allMatch(s -> Files.isRegularFile(dir.resolve(s)));
            } catch (VibeVoiceException e) {
                return false;
            }
        }
        return Files.isRegularFile(dir.resolve(SINGLE));
    }
}
