package org.vibevoice.audio;

import java.util.Arrays;

/**
 * Collects decoded frames of interleaved channels as one mono signal: the mean of the channels of
 * each frame, summed in channel order in f32 as numpy's mean over the channel axis does (librosa's
 * to_mono). Grows as needed, up to the largest Java array.
 */
final class MonoMixer {
    private static final int MAX = Integer.MAX_VALUE - 16;

    private final String source;
    private final int channels;
    private float[] data = new float[1 << 16];
    private int size;

    MonoMixer(String source, int channels) {
        this.source = source;
        this.channels = channels;
    }

    /** Appends one frame whose channel values are given by {@code values[off .. off + channels)}. */
    void frame(float[] values, int off) {
        float sum = values[off];
        for (int c = 1; c < channels; c++) {
            sum += values[off + c];
        }
        add(channels == 1 ? sum : sum / channels);
    }

    void add(float v) {
        if (size == data.length) {
            if (size >= MAX) {
                throw new org.vibevoice.VibeVoiceException(source + ": too long (more than " + MAX + " samples)");
            }
            data = Arrays.copyOf(data, (int) Math.min(MAX, 2L * size));
        }
        data[size++] = v;
    }

    int size() {
        return size;
    }

    float[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
