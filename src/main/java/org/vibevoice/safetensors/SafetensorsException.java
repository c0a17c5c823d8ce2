package org.vibevoice.safetensors;

import java.nio.file.Path;
import org.vibevoice.VibeVoiceException;

/** A safetensors file or index that violates the format; the message names file, tensor and problem. */
public final class SafetensorsException extends VibeVoiceException {
    public SafetensorsException(Path file, String tensor, String problem) {
        super(file + (tensor == null ? "" : ": tensor '" + tensor + "'") + ": " + problem);
    }
}
