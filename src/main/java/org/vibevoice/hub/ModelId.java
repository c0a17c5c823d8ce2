package org.vibevoice.hub;

import java.util.Optional;
import org.vibevoice.VibeVoiceException;

/** A Hugging Face model repository id, {@code org/name}, with both parts safe as path segments. */
public record ModelId(String org, String name) {
    public ModelId {
        if (!HubNames.isSafeSegment(org) || !HubNames.isSafeSegment(name)) {
            throw new VibeVoiceException("'" + org + "/" + name + "' is not a Hugging Face model id (org/name)");
        }
    }

    /** The id when {@code s} has exactly one '/' between two safe segments, else empty. */
    public static Optional<ModelId> tryParse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        int slash = s.indexOf('/');
        if (slash < 0 || s.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        String org = s.substring(0, slash);
        String name = s.substring(slash + 1);
        if (!HubNames.isSafeSegment(org) || !HubNames.isSafeSegment(name)) {
            return Optional.empty();
        }
        return Optional.of(new ModelId(org, name));
    }

    public static ModelId parse(String s) {
        return tryParse(s).orElseThrow(() -> new VibeVoiceException(
                "'" + s + "' is not a Hugging Face model id (org/name: letters, digits, '.', '_', '-')"));
    }

    /** The repository's folder in the hub cache, as huggingface_hub names it. */
    public String cacheFolderName() {
        return "models--" + org + "--" + name;
    }

    @Override
    public String toString() {
        return org + "/" + name;
    }
}
